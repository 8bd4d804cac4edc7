// Fails when a dependency bundled into dist/ carries a licence outside scripts/allowed-licenses.json.
// Reads the licence files ncc writes next to each bundle (`--license licenses.txt`): for every
// bundled package, its name, its licence id, then the licence text.
import { existsSync, readFileSync } from 'node:fs';

const { allowed } = JSON.parse(readFileSync(new URL('./allowed-licenses.json', import.meta.url), 'utf8'));
const files = process.argv.slice(2).length ? process.argv.slice(2) : ['dist/licenses.txt', 'dist/cli/licenses.txt'];

/** [package, licence] pairs: a package line after a blank line, then a short licence id line. */
export function bundledLicenses(text) {
  const lines = text.split('\n');
  const out = [];
  for (let i = 0; i < lines.length - 1; i++) {
    const name = lines[i];
    const id = lines[i + 1];
    if ((i === 0 || lines[i - 1] === '') && /^@?[\w.-]+(\/[\w.-]+)?$/.test(name) && /^[\w.\-() +]+$/.test(id) && id.length < 60) out.push([name, id]);
    // A package name followed by nothing: ncc found no licence where it looked (gpt-tokenizer's
    // nested esm/package.json). Its own package.json is the authority; missing there, it fails.
    else if ((i === 0 || lines[i - 1] === '') && /^@?[\w.-]+(\/[\w.-]+)?$/.test(name) && id === '' && name !== '') out.push([name, declaredLicense(name)]);
  }
  return out;
}

function declaredLicense(name) {
  try {
    const pkg = JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8'));
    return typeof pkg.license === 'string' ? pkg.license : 'UNKNOWN';
  } catch {
    return 'UNKNOWN';
  }
}

/** An SPDX expression is allowed when every alternative of an OR, or every part of an AND, is. */
export function isAllowed(id) {
  const expr = id.replace(/[()]/g, ' ').trim();
  if (/ OR /.test(expr)) return expr.split(/ OR /).some((p) => isAllowed(p.trim()));
  if (/ AND /.test(expr)) return expr.split(/ AND /).every((p) => isAllowed(p.trim()));
  return allowed.includes(expr);
}

const bad = [];
let count = 0;
for (const file of files) {
  if (!existsSync(file)) {
    console.error(`${file} is missing: run the ncc build with --license licenses.txt`);
    process.exit(1);
  }
  const found = bundledLicenses(readFileSync(file, 'utf8'));
  // A bundle always carries @actions/core at least: an empty list means ncc wrote no licences
  // (it overwrites them when a dynamic import splits the bundle into chunks).
  if (found.length === 0) {
    console.error(`${file} lists no bundled package: the licence check cannot vouch for this bundle`);
    process.exit(1);
  }
  for (const [name, id] of found) {
    count++;
    if (!isAllowed(id)) bad.push(`${name}: ${id} (${file})`);
  }
}
if (bad.length) {
  console.error(`Bundled dependencies under licences not in scripts/allowed-licenses.json:\n  ${bad.join('\n  ')}`);
  process.exit(1);
}
console.log(`${count} bundled dependency licences, all allowed (${allowed.join(', ')}).`);
