// Prints the CHANGELOG.md section of one version: node scripts/release-notes.mjs 1.2.3
import { readFileSync } from 'node:fs';

const version = (process.argv[2] ?? '').replace(/^v/, '');
const text = readFileSync('CHANGELOG.md', 'utf8');
const escaped = version.replace(/\./g, '\\.');
const m = new RegExp(`^## \\[${escaped}\\][^\\n]*\\n([\\s\\S]*?)(?=^## \\[|(?![\\s\\S]))`, 'm').exec(text);
if (!m) {
  console.error(`CHANGELOG.md has no section for ${version}`);
  process.exit(1);
}
process.stdout.write(`${m[1].trim()}\n`);
