// Type-checks, then bundles the action (dist/index.js) and the CLI (dist/cli/index.js) with ncc.
// Unminified and without source maps: the bundle stays readable for audit, and its diff small.
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
run('tsc', ['--noEmit', '-p', '.']);
rmSync('dist', { recursive: true, force: true });
run('ncc', ['build', 'src/index.ts', '-o', 'dist', '--license', 'licenses.txt', '--quiet']);
run('ncc', ['build', 'src/cli-entry.ts', '-o', 'dist/cli', '--license', 'licenses.txt', '--quiet']);
const cli = 'dist/cli/index.js';
const text = readFileSync(cli, 'utf8');
if (!text.startsWith('#!')) writeFileSync(cli, `#!/usr/bin/env node\n${text}`);
chmodSync(cli, 0o755);
run(process.execPath, ['scripts/check-licenses.mjs']);
