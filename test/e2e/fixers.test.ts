import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScriptedReply } from '../../src/sandbox/model-server.js';
import { createWorld, gitEnv, type World } from '../../src/sandbox/world.js';
import { BIN, cleanTemps, itWith, PYTHON_LINTERS, ROOT, tempDir } from '../helpers.js';
import { runAction } from './run-action.js';

const withLinters = itWith(PYTHON_LINTERS);
// prettier, eslint and biome are this project's devDependencies.
const PATH = `${BIN}:${process.env.PATH}`;

const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.stop();
  cleanTemps();
});

async function lintWorld(files: Record<string, string> | string, command: string, script: ScriptedReply[] = []): Promise<World> {
  let project: string;
  if (typeof files === 'string') project = files;
  else {
    project = join(tempDir(), 'project');
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(project, path)), { recursive: true });
      writeFileSync(join(project, path), text);
    }
  }
  const w = await createWorld({ project, command, commandEnv: { ...process.env, PATH }, script });
  worlds.push(w);
  return w;
}

const run = (w: World, inputs: Record<string, string> = {}) => runAction(w, { categories: 'lint', ...inputs }, { PATH });

/** The pushed branch, cloned: the files it changed, and whether `command` passes there. */
function pushed(w: World, branch: string, command: string): { files: string[]; passes: boolean; diff: string } {
  const env = gitEnv(w.home);
  const clone = join(tempDir(), 'clone');
  execFileSync('git', ['clone', '--quiet', '--branch', branch, w.bare, clone], { env });
  const files = execFileSync('git', ['diff', '--name-only', w.headSha, 'HEAD'], { cwd: clone, env, encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  const diff = execFileSync('git', ['diff', w.headSha, 'HEAD'], { cwd: clone, env, encoding: 'utf8' });
  const passes = spawnSync('bash', ['-c', command], { cwd: clone, env: { ...process.env, PATH, HOME: w.home } }).status === 0;
  return { files, passes, diff };
}

const UGLY_PY = 'import os\n\n\ndef price( amount,rate ):\n    return round( amount*(1+rate),2 )\n\n\nos.environ.get( "X" )\n';
const CLEAN_PY = 'def name(x):\n    return x\n';

describe('lint failures fixed by the tools’ own fix mode, through the bundled action', () => {
  withLinters('black --check: black rewrites the file, no model is asked, the PR says which black did it', async () => {
    const w = await lintWorld({ 'app/pricing.py': UGLY_PY, 'app/names.py': CLEAN_PY }, 'black --check .');
    const r = await run(w);
    expect(r.exitCode, r.stdout).toBe(0);
    expect(r.outputs).toMatchObject({ status: 'fixed', category: 'lint', attempts: '0', tokens: '0', 'cost-usd': '0.000000', 'pr-number': '1' });
    expect(JSON.parse(r.outputs.metrics as string)).toMatchObject({ fixer: 'black', tokens: 0, model: '' });
    expect(w.model.requests).toHaveLength(0);
    // Only the file black named in the log was handed to it.
    expect(r.stdout).toContain('`black app/pricing.py` exited 0');
    const pr = w.emulator.pulls[0];
    const version = spawnSync('black', ['--version'], { encoding: 'utf8' }).stdout.match(/\d+\.\d+\.\d+/)?.[0];
    expect(pr?.body).toContain(
      `**Mechanical part**: black ${version} (\`black app/pricing.py\`) rewrote \`app/pricing.py\` with its own fix mode; no model was asked for it.`,
    );
    expect(pr?.body).toContain('No model was asked: tokens 0 · cost $0.0000.');
    expect(pr?.body).toContain(`| fix mode of black ${version} | \`black app/pricing.py\` | exit 0 |`);
    expect(pr?.body).toContain('| syntax of `app/pricing.py` |');
    expect(r.summary).toContain('**Fix mode, no model**: `black app/pricing.py`');
    const branch = pushed(w, 'ci/autofix-4242', 'black --check .');
    expect(branch.files).toEqual(['app/pricing.py']);
    expect(branch.passes).toBe(true);
    expect(branch.diff).toContain('+def price(amount, rate):');
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: w.workspace, encoding: 'utf8' })).toBe('');
  });

  withLinters('isort --check-only --diff: isort sorts the one file it named', async () => {
    const w = await lintWorld(
      { 'pkg/a.py': 'import sys\nimport os\n\nprint(os, sys)\n', 'pkg/b.py': 'import os\n\nprint(os)\n' },
      'isort --check-only --diff .',
    );
    const r = await run(w);
    expect(r.outputs.status, r.stdout).toBe('fixed');
    expect(r.stdout).toContain('`isort pkg/a.py` exited 0');
    const branch = pushed(w, 'ci/autofix-4242', 'isort --check-only .');
    expect(branch.files).toEqual(['pkg/a.py']);
    expect(branch.passes).toBe(true);
  });

  it('prettier --check and biome: their write modes, no model', async () => {
    const prettier = await lintWorld(
      { 'src/a.js': 'export const a = {x:1,y:[1,2,3]}\n', 'package.json': '{"name":"p","private":true}\n' },
      'prettier --check src',
    );
    const p = await run(prettier);
    expect(p.outputs, p.stdout).toMatchObject({ status: 'fixed', tokens: '0' });
    expect(pushed(prettier, 'ci/autofix-4242', 'prettier --check src').passes).toBe(true);

    const biome = await lintWorld({ 'src/b.js': 'export function b( x ){ return x+1 }\n' }, 'biome format src');
    const b = await run(biome);
    expect(b.outputs, b.stdout).toMatchObject({ status: 'fixed', tokens: '0' });
    expect(JSON.parse(b.outputs.metrics as string).fixer).toBe('biome');
    expect(b.stdout).toContain('`biome format --write src` exited 0');
    expect(pushed(biome, 'ci/autofix-4242', 'biome format src').passes).toBe(true);
  });

  it('a fix mode that changes nothing: the model is asked, with the linter’s messages', async () => {
    const answer = [
      'The parameter `unused` is never read: eslint has no fixer for no-unused-vars, so it is removed by hand.',
      '',
      '```diff',
      '--- a/src/c.js',
      '+++ b/src/c.js',
      '@@ -1,3 +1,3 @@',
      '-export function c(value, unused) {',
      '+export function c(value) {',
      '   return value * 2;',
      ' }',
      '```',
    ].join('\n');
    const w = await lintWorld(
      {
        'src/c.js': 'export function c(value, unused) {\n  return value * 2;\n}\n',
        'eslint.config.mjs': "export default [{ files: ['**/*.js'], rules: { 'no-unused-vars': 'error' } }];\n",
      },
      'eslint src',
      [{ content: answer }],
    );
    const r = await run(w);
    expect(r.outputs.status, r.stdout).toBe('fixed');
    expect(r.summary).toContain('**Fix mode, no model**: `eslint --fix src/c.js`');
    expect(r.summary).toContain('it changed nothing.');
    expect(w.model.requests).toHaveLength(1);
    expect(w.model.requests[0]?.messages.at(-1)?.content).toContain("'unused' is defined but never used");
    expect(Number(r.outputs.tokens)).toBeGreaterThan(0);
    expect(JSON.parse(r.outputs.metrics as string).fixer).toBeNull();
    expect(w.emulator.pulls[0]?.body).not.toContain('Mechanical part');
  });

  it('eslint --fix fixes what it can; the model gets the rule it has no fixer for, with the file', async () => {
    const answer =
      'eslint has no fixer for no-unused-vars: the parameter `unused` is removed.\n\n```diff\n--- a/src/c.js\n+++ b/src/c.js\n@@ -1,3 +1,3 @@\n-export function c(value, unused) {\n+export function c(value) {\n   return value * 2;\n }\n```\n';
    const w = await lintWorld(
      {
        'src/c.js': 'export function c(value, unused) {\n  return value * 2\n}\n',
        'eslint.config.mjs': "export default [{ files: ['**/*.js'], rules: { semi: 'error', 'no-unused-vars': 'error' } }];\n",
      },
      'eslint src',
      [{ content: answer }],
    );
    const r = await run(w);
    expect(r.outputs.status, r.stdout).toBe('fixed');
    const prompt = w.model.requests[0]?.messages.at(-1)?.content ?? '';
    // eslint printed an absolute path in this checkout: the model sees the repository's.
    expect(prompt).toContain("'unused' is defined but never used (no-unused-vars)");
    expect(prompt).toContain('**File**: `src/c.js`');
    // The code it is shown is the tree after eslint's own fix.
    expect(prompt).toContain('2 |   return value * 2;');
    expect(prompt).not.toContain(w.workspace);
    expect(prompt).not.toContain('Missing semicolon');
    expect(JSON.parse(r.outputs.metrics as string).fixer).toBe('eslint');
    const branch = pushed(w, 'ci/autofix-4242', 'eslint src');
    expect(branch.passes).toBe(true);
    expect(branch.diff).toContain('+  return value * 2;');
    expect(branch.diff).toContain('+export function c(value) {');
  });

  withLinters('flake8 has no fix mode: the model is asked as before', async () => {
    const answer =
      'The import of `sys` is unused.\n\n```diff\n--- a/app/util.py\n+++ b/app/util.py\n@@ -1,4 +1,3 @@\n import os\n-import sys\n \n print(os.sep)\n```\n';
    const w = await lintWorld({ 'app/util.py': 'import os\nimport sys\n\nprint(os.sep)\n' }, 'flake8 app', [{ content: answer }]);
    const r = await run(w);
    expect(r.outputs.status, r.stdout).toBe('fixed');
    expect(r.summary).not.toContain('Fix mode');
    expect(w.model.requests).toHaveLength(1);
    expect(pushed(w, 'ci/autofix-4242', 'flake8 app').passes).toBe(true);
  });

  withLinters('a formatter change over max-formatter-lines is refused: no PR, the tree back at HEAD', async () => {
    const w = await lintWorld({ 'app/pricing.py': UGLY_PY }, 'black --check .');
    const r = await run(w, { 'max-formatter-lines': '2' });
    expect(r.outputs.status, r.stdout).toBe('patch_rejected');
    expect(r.outputs.reason).toMatch(
      /^The change of black \S+ was refused: the patch changes \d+ lines, over the limit of 2 \(input `max-formatter-lines`\); nothing was pushed\.$/,
    );
    expect(w.emulator.pulls).toHaveLength(0);
    expect(w.model.requests).toHaveLength(0);
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: w.workspace, encoding: 'utf8' })).toBe('');
  });

  withLinters('lint failures are left alone unless `lint` is in categories', async () => {
    const w = await lintWorld({ 'app/pricing.py': UGLY_PY }, 'black --check .');
    const r = await runAction(w, {}, { PATH });
    expect(r.outputs.status).toBe('not_a_test_failure');
    expect(w.emulator.pulls).toHaveLength(0);
  });

  withLinters('pre-commit on an Odoo addon: the hooks that rewrote files fix the format, the model what flake8 still reports', async () => {
    const project = join(ROOT, 'evals/cases/lint-precommit-flake8-after-format');
    const copy = join(tempDir(), 'project');
    cpSync(join(project, 'project'), copy, { recursive: true });
    const w = await lintWorld(copy, 'pre-commit run --all-files --show-diff-on-failure', [{ content: readFileSync(join(project, 'answers/1.md'), 'utf8') }]);
    const r = await run(w, { categories: 'test,lint' });
    expect(r.outputs.status, r.stdout).toBe('fixed');
    expect(r.stdout).toContain('`pre-commit run isort --all-files ; pre-commit run black --all-files` exited 0');
    expect(JSON.parse(r.outputs.metrics as string)).toMatchObject({ fixer: 'pre-commit (isort, black)', attempts: 1 });
    // The model saw what was left, not what the formatters fixed.
    const prompt = w.model.requests[0]?.messages.at(-1)?.content ?? '';
    expect(prompt).toContain("F401 'odoo.exceptions.UserError' imported but unused");
    expect(prompt).not.toContain('rewrote this file');
    const body = w.emulator.pulls[0]?.body ?? '';
    expect(body).toMatch(/\*\*Mechanical part\*\*: pre-commit \d+\.\d+\.\d+ \(hooks isort, black\)/);
    expect(body).toContain("**The model's part**: what the tools could not fix");
    // The patch output is the whole change: the formatters' and the model's.
    expect(r.outputs.patch).toContain('-from odoo import models,fields');
    expect(r.outputs.patch).toContain('-from odoo.exceptions import UserError');
    const branch = pushed(w, 'ci/autofix-4242', 'pre-commit run --all-files');
    expect(branch.files).toEqual(['loyalty_points/models/res_partner.py']);
    expect(branch.passes).toBe(true);
  });

  withLinters('a model that refuses the key after the tools’ pass: the job fails, and the tools’ change does not stay in the checkout', async () => {
    const copy = join(tempDir(), 'project');
    cpSync(join(ROOT, 'evals/cases/lint-precommit-flake8-after-format/project'), copy, { recursive: true });
    const w = await lintWorld(copy, 'pre-commit run --all-files --show-diff-on-failure', [{ status: 401, body: { error: { message: 'Bad credentials' } } }]);
    const r = await run(w);
    expect(r.exitCode).toBe(1);
    expect(r.outputs.status).toBe('error');
    expect(r.stdout).toContain('exited 1 after the fix mode');
    expect(w.emulator.pulls).toHaveLength(0);
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: w.workspace, encoding: 'utf8' })).toBe('');
  });
});
