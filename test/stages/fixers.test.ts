import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractFailure } from '../../src/errors/extract.js';
import { modifyingHooks, type PlanInput, planFixes } from '../../src/fixers/plan-fix.js';
import { logsFromText } from '../../src/logs/read-log.js';
import { githubJobLog } from '../../src/sandbox/world.js';
import type { ErrorLocation } from '../../src/types.js';
import { BIN, cleanTemps, itWith, PYTHON_LINTERS, tempDir } from '../helpers.js';

afterAll(cleanTemps);

const err = (tool: string, file: string | null, line: number | null = null): ErrorLocation => ({ tool, file, line, column: null, message: 'm' });
const plan = (command: string, o: Partial<PlanInput> = {}) =>
  planFixes({ command, errors: [], stepLines: [], scripts: {}, ...o }).map((p) => ({ tool: p.tool, command: p.command }));

describe('planFixes: the fix mode of the tool the failing command ran', () => {
  it('turns each tool’s check into its fix, keeping the launcher and the other options', () => {
    expect(plan('black --check --diff .')).toEqual([{ tool: 'black', command: 'black .' }]);
    expect(plan('poetry run black --check --line-length 100 src tests')).toEqual([{ tool: 'black', command: 'poetry run black --line-length 100 src tests' }]);
    expect(plan('python -m isort --check-only --diff --profile black .')).toEqual([{ tool: 'isort', command: 'python -m isort --profile black .' }]);
    expect(plan('ruff check .')).toEqual([{ tool: 'ruff', command: 'ruff check --fix .' }]);
    expect(plan('uv run ruff format --check src')).toEqual([{ tool: 'ruff format', command: 'uv run ruff format src' }]);
    expect(plan('npx prettier --check "src/**/*.{js,ts}"')).toEqual([{ tool: 'prettier', command: 'npx prettier --write "src/**/*.{js,ts}"' }]);
    expect(plan('pnpm exec eslint . --max-warnings 0')).toEqual([{ tool: 'eslint', command: 'pnpm exec eslint --fix . --max-warnings 0' }]);
    expect(plan('npx @biomejs/biome ci .')).toEqual([{ tool: 'biome', command: 'npx @biomejs/biome check --write .' }]);
    expect(plan('npx biome ci .')).toEqual([{ tool: 'biome', command: 'npx biome check --write .' }]);
    expect(plan('biome format src')).toEqual([{ tool: 'biome', command: 'biome format --write src' }]);
    expect(plan('test -z "$(gofmt -l .)"')).toEqual([{ tool: 'gofmt', command: 'gofmt -w .' }]);
  });

  it('leaves alone what has no fix mode, or already ran it', () => {
    for (const command of [
      'python -m pytest -q',
      'flake8 .',
      'pylint --load-plugins=pylint_odoo addons',
      'eslint --fix src',
      'ruff check --fix .',
      'black .',
      'npm test',
    ])
      expect(plan(command), command).toEqual([]);
  });

  it('narrows the fix to the files the log named, where they lie under the command’s paths', () => {
    const errors = [err('black', 'my_addon/models/a.py'), err('black', 'my_addon/models/b.py'), err('flake8', 'setup.py', 3)];
    expect(plan('black --check .', { errors })).toEqual([{ tool: 'black', command: 'black my_addon/models/a.py my_addon/models/b.py' }]);
    expect(plan('black --check my_addon', { errors })).toEqual([{ tool: 'black', command: 'black my_addon/models/a.py my_addon/models/b.py' }]);
    // A subcommand is not a path.
    expect(plan('ruff format --check .', { errors: [err('ruff-format', 'pkg/m.py')] })).toEqual([{ tool: 'ruff format', command: 'ruff format pkg/m.py' }]);
    expect(plan('ruff check src', { errors: [err('ruff', 'src/m.py', 3)] })).toEqual([{ tool: 'ruff', command: 'ruff check --fix src/m.py' }]);
    // A named file outside the command's paths: the paths stay as they were.
    expect(plan('black --check other', { errors })).toEqual([{ tool: 'black', command: 'black other' }]);
    // An option's value is not a path.
    expect(plan('eslint --ext .js .', { errors: [err('eslint', 'src/a b.js', 1)] })).toEqual([
      { tool: 'eslint', command: "eslint --fix --ext .js 'src/a b.js'" },
    ]);
    // A quoted glob is the command's own selection.
    expect(plan("prettier --check 'src/**'", { errors: [err('prettier', 'src/x.js')] })).toEqual([{ tool: 'prettier', command: "prettier --write 'src/**'" }]);
  });

  it('reads npm scripts, and every tool of a script with several', () => {
    const scripts = { lint: 'eslint src && prettier --check src', 'format:check': 'prettier -c .' };
    expect(plan('npm run lint', { scripts })).toEqual([
      { tool: 'eslint', command: 'PATH="$PWD/node_modules/.bin:$PATH" eslint --fix src' },
      { tool: 'prettier', command: 'PATH="$PWD/node_modules/.bin:$PATH" prettier --write src' },
    ]);
    expect(plan('yarn format:check', { scripts })).toEqual([{ tool: 'prettier', command: 'PATH="$PWD/node_modules/.bin:$PATH" prettier --write .' }]);
    expect(plan('npm run missing', { scripts })).toEqual([]);
  });

  it('runs the fix where the script ran the check', () => {
    expect(plan('cd backend\nblack --check .', { errors: [err('black', 'backend/app.py')] })).toEqual([{ tool: 'black', command: 'cd backend && black .' }]);
  });

  it('reruns pre-commit’s hooks that rewrote files, each on its own, with their pinned revisions', () => {
    const stepLines = [
      'isort....................................................................Failed',
      '- hook id: isort',
      '- files were modified by this hook',
      '',
      'Fixing /home/runner/work/r/r/a.py',
      'black....................................................................Failed',
      '- hook id: black',
      '- files were modified by this hook',
      'flake8...................................................................Failed',
      '- hook id: flake8',
      '- exit code: 1',
      'a.py:1:1: F401 unused',
    ];
    expect(modifyingHooks(stepLines)).toEqual(['isort', 'black']);
    const [p] = planFixes({
      command: 'pre-commit run --all-files --show-diff-on-failure --color=always',
      errors: [],
      stepLines,
      scripts: {},
      hooks: { isort: null, black: '24.2.0', flake8: null },
    });
    expect(p).toMatchObject({
      tool: 'pre-commit',
      command: 'pre-commit run isort --all-files ; pre-commit run black --all-files',
      hooks: ['isort', 'black 24.2.0'],
    });
    // Without its report, every hook runs once more (pre-commit run is its own fix mode).
    expect(plan('pre-commit run -a --show-diff-on-failure')).toEqual([{ tool: 'pre-commit', command: 'pre-commit run -a' }]);
    expect(plan('pre-commit run black --all-files', { stepLines })).toEqual([{ tool: 'pre-commit', command: 'pre-commit run black --all-files' }]);
  });

  it('puts nothing from the log into a command but plain hook ids the config defines, and files that are not options', () => {
    const hostile = [
      'x....Failed',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax a hostile log would carry
      '- hook id: x;touch${IFS}/tmp/pwned',
      '- files were modified by this hook',
      'y....Failed',
      '- hook id: ghost',
      '- files were modified by this hook',
    ];
    // Neither the id with shell syntax nor one the config does not define: every hook runs again instead.
    expect(planFixes({ command: 'pre-commit run -a', errors: [], stepLines: hostile, scripts: {}, hooks: { black: null } })[0]?.command).toBe(
      'pre-commit run -a',
    );
    expect(plan('black --check .', { errors: [err('black', '--config=evil.toml')] })).toEqual([{ tool: 'black', command: 'black .' }]);
    expect(plan('black --check .', { errors: [err('black', "a'b;c.py")] })).toEqual([{ tool: 'black', command: "black 'a'\\''b;c.py'" }]);
  });
});

/** Really runs `command` on `files` in a git checkout and reads its output as a job log, with the runner's checkout path. */
async function failureOf(files: Record<string, string>, command: string) {
  const dir = join(tempDir(), 'repo');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const git = (...args: string[]) => spawnSync('git', args, { cwd: dir });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'x');
  const r = spawnSync('bash', ['-c', command], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${BIN}:${process.env.PATH}`, HOME: dir, NO_COLOR: '1' },
  });
  const output = `${r.stdout}${r.stderr}`.split(`${dir}/`).join('/home/runner/work/repo/repo/');
  return extractFailure(await logsFromText(githubJobLog([{ name: command, command, output, exitCode: r.status ?? 1 }])));
}

describe('reading what formatters print, from the real tools', () => {
  const UGLY = 'import sys\nimport os\nfrom odoo import models,fields\n\nclass P( models.Model ):\n    _inherit="res.partner"\n';
  itWith(PYTHON_LINTERS)('black, isort and pre-commit name the files they would rewrite; lint category', async () => {
    const black = await failureOf({ 'addon/models/p.py': UGLY }, 'black --check .');
    expect(black.category).toBe('lint');
    expect(black.errors.map((e) => [e.tool, e.file])).toEqual([['black', 'addon/models/p.py']]);
    const isort = await failureOf({ 'addon/models/p.py': UGLY, 'addon/ok.py': 'import os\n' }, 'isort --check-only --diff .');
    expect(isort.errors.map((e) => [e.tool, e.file, e.message])).toEqual([['isort', 'addon/models/p.py', 'Imports are incorrectly sorted and/or formatted.']]);
    const hooks = [
      'repos:',
      '  - repo: local',
      '    hooks:',
      ...['isort', 'black', 'flake8'].flatMap((id) => [
        `      - id: ${id}`,
        `        name: ${id}`,
        `        entry: ${id}`,
        '        language: system',
        '        types: [python]',
      ]),
      '',
    ].join('\n');
    const pc = await failureOf({ 'addon/models/p.py': UGLY, '.pre-commit-config.yaml': hooks }, 'pre-commit run --all-files --show-diff-on-failure');
    expect(pc.category).toBe('lint');
    const seen = pc.errors.map((e) => [e.tool, e.file, e.line]);
    expect(seen).toEqual(
      expect.arrayContaining([
        ['pre-commit', 'addon/models/p.py', null],
        ['flake8', 'addon/models/p.py', 1],
      ]),
    );
    expect(pc.errors.find((e) => e.tool === 'pre-commit')?.message).toMatch(/^pre-commit hook `(isort|black)` rewrote this file$/);
  });

  it('biome names the file and line of each diagnostic, formatter or linter', async () => {
    const f = await failureOf({ 'src/a.js': 'let unused = 1;\nexport function f( x ){ return x }\n' }, 'biome check src');
    expect(f.category).toBe('lint');
    expect(f.errors.map((e) => [e.file, e.line, e.message])).toEqual(
      expect.arrayContaining([
        ['src/a.js', 1, expect.stringMatching(/\(lint\/correctness\/noUnusedVariables\)$/)],
        ['src/a.js', null, 'Formatter would have printed the following content: (format)'],
      ]),
    );
  });
});
