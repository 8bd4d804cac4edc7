// Type-checks, then bundles the action (dist/index.js) and the CLI (dist/cli/index.js) with ncc.
// Unminified and without source maps: the bundle stays readable for audit, and its diff small.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
run('tsc', ['--noEmit', '-p', '.']);
rmSync('dist', { recursive: true, force: true });
run('ncc', ['build', 'src/index.ts', '-o', 'dist', '--license', 'licenses.txt', '--quiet']);
run('ncc', ['build', 'src/cli-entry.ts', '-o', 'dist/cli', '--license', 'licenses.txt', '--quiet']);
const cli = 'dist/cli/index.js';
const text = readFileSync(cli, 'utf8');
if (!text.startsWith('#!')) writeFileSync(cli, `#!/usr/bin/env node\n${text}`);
chmodSync(cli, 0o755);
// The tokenizer's ranks (gpt-tokenizer, MIT: listed in the licences through its bundled code)
// sit beside each bundle and are required on first use: see src/context/tokens.ts.
for (const dir of ['dist', 'dist/cli']) copyFileSync('node_modules/gpt-tokenizer/cjs/bpeRanks/o200k_base.js', `${dir}/o200k_base.ranks.cjs`);
// TypeScript's compiler (Apache-2.0), whose parser checks the syntax of patched .ts/.tsx/.jsx
// files: 9 MB loaded on first use (src/patch/typescript-parser.ts), one copy that dist/cli/
// finds one folder up. Not bundled code, so its licence is added to each licence file here.
copyFileSync('node_modules/typescript/lib/typescript.js', 'dist/typescript.cjs');
const tsLicence = `\ntypescript\nApache-2.0\n${readFileSync('node_modules/typescript/LICENSE.txt', 'utf8').replace(/\r\n/g, '\n')}`;
for (const dir of ['dist', 'dist/cli']) writeFileSync(`${dir}/licenses.txt`, readFileSync(`${dir}/licenses.txt`, 'utf8') + tsLicence);
run(process.execPath, ['scripts/check-licenses.mjs']);
