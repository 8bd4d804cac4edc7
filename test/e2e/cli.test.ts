import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { githubJobLog } from '../../src/sandbox/world.js';
import { cleanTemps, gitRepo, producedLog, ROOT, tempDir } from '../helpers.js';

afterAll(cleanTemps);

const CLI = join(ROOT, 'dist', 'cli', 'index.js');
function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', ...(input !== undefined ? { input } : {}) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SUM = 'export function sum(values) {\n  let total = 0;\n  for (let i = 1; i < values.length; i++) total += values[i];\n  return total;\n}\n';
const TEST =
  "import assert from 'node:assert/strict';\nimport { test } from 'node:test';\nimport { sum } from '../src/sum.js';\n\ntest('sum adds every value', () => {\n  assert.equal(sum([2, 3]), 5, 'Expected 5');\n});\n";
const FIX = readFileSync(join(ROOT, 'evals/cases/node-sum-off-by-one/answers/1.md'), 'utf8').split('```diff\n')[1]?.split('```')[0] ?? '';

describe('the bundled CLI (dist/cli/index.js)', () => {
  it('extract --json prints the Failure shape; stdin works as `-`', () => {
    const { log } = producedLog('../../../evals/cases/node-sum-off-by-one/project', 'node --test');
    const r = cli(['extract', '--log', '-', '--json'], log);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      category: string;
      errors: { file: string; line: number; column: number; message: string; tool: string }[];
      testCommand: string;
    };
    expect(out.category).toBe('test');
    expect((out as unknown as { categoryReason: string }).categoryReason.length).toBeGreaterThan(10);
    expect(out.testCommand).toBe('node --test');
    expect(out.errors[0]).toMatchObject({ file: 'test/sum.test.js', line: 6, column: 10, tool: 'node-test' });
  });

  it('extract --pass-log ranks what the passing run printed too below what it did not', () => {
    const dir = tempDir();
    const failing = ['step 4 ok', 'Error: schema check failed for users.yml', 'step 3 ok', 'step 2 ok', 'Error: could not open config.yml (retrying)', 'done'];
    writeFileSync(join(dir, 'fail.log'), `${failing.join('\n')}\n`);
    writeFileSync(join(dir, 'pass.log'), 'Error: could not open config.yml (retrying)\nstep 2 ok\ndone\n');
    const first = (args: string[]) =>
      (JSON.parse(cli(['extract', '--log', join(dir, 'fail.log'), '--json', ...args]).stdout) as { errors: { message: string; logLine: number }[] }).errors[0];
    expect(first([])).toEqual(expect.objectContaining({ message: 'Error: could not open config.yml (retrying)', logLine: 5 }));
    expect(first(['--pass-log', join(dir, 'pass.log')])).toEqual(expect.objectContaining({ message: 'Error: schema check failed for users.yml', logLine: 2 }));
    expect(cli(['extract', '--log', join(dir, 'fail.log'), '--pass-log', join(dir, 'nope.log')]).code).toBe(2);
  });

  it('context --json lists the sections: the failing test and the code it imports', () => {
    const { dir } = gitRepo({ 'src/sum.js': SUM, 'test/sum.test.js': TEST });
    const { log } = producedLog('../../../evals/cases/node-sum-off-by-one/project', 'node --test');
    const logFile = join(tempDir(), 'log.txt');
    writeFileSync(logFile, log);
    const r = cli(['context', '--log', logFile, '--repo', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { sections: { file: string; startLine: number; endLine: number; reason: string }[]; tokens: number };
    expect(out.sections.map((s) => [s.file, s.startLine, s.endLine])).toEqual([
      ['test/sum.test.js', 1, 7],
      ['src/sum.js', 1, 5],
    ]);
    expect(out.tokens).toBeGreaterThan(0);
  });

  it('context --since <ref>: the diff from the last commit CI passed on joins the context', () => {
    // The last green commit had the right conversion; the failing one changed a helper no frame shows.
    const { dir, git } = gitRepo({
      'src/sum.js': SUM.replace('let i = 1', 'let i = 0'),
      'test/sum.test.js': TEST,
      'src/units.js': 'export const CM = 2.54;\n',
    });
    writeFileSync(join(dir, 'src/sum.js'), SUM);
    writeFileSync(join(dir, 'src/units.js'), 'export const CM = 2.45;\n');
    git('commit', '--quiet', '-am', 'break');
    const { log } = producedLog('../../../evals/cases/node-sum-off-by-one/project', 'node --test');
    const logFile = join(tempDir(), 'log.txt');
    writeFileSync(logFile, log);
    const run = (since: string[]) => cli(['context', '--log', logFile, '--repo', dir, '--json', ...since]);
    const out = JSON.parse(run(['--since', 'HEAD~1']).stdout) as { changes: { file: string; reason: string }[] };
    expect(out.changes.map((c) => [c.file, c.reason])).toEqual([
      ['src/sum.js', 'changed since the last green run'],
      ['src/units.js', 'changed since the last green run'],
    ]);
    expect((JSON.parse(run([]).stdout) as { changes: unknown[] }).changes).toEqual([]);
    const bad = run(['--since', 'no-such-ref']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since no-such-ref names no commit of this repository');
  });

  it('apply --check proves a patch without touching the tree; apply applies it', () => {
    const { dir, git } = gitRepo({ 'src/sum.js': SUM });
    const patch = join(tempDir(), 'fix.diff');
    writeFileSync(patch, FIX);
    const check = cli(['apply', '--patch', patch, '--repo', dir, '--check']);
    expect(check.code).toBe(0);
    expect(git('status', '--porcelain')).toBe('');
    expect(cli(['apply', '--patch', patch, '--repo', dir]).code).toBe(0);
    expect(readFileSync(join(dir, 'src/sum.js'), 'utf8')).toContain('for (let i = 0;');
  });

  it('apply refuses a guarded path with exit 1 and the reason on stderr', () => {
    const { dir } = gitRepo({ 'src/sum.js': SUM });
    const patch = join(tempDir(), 'evil.diff');
    writeFileSync(patch, '--- a/.github/workflows/ci.yml\n+++ b/.github/workflows/ci.yml\n@@ -0,0 +1 @@\n+on: push\n');
    const r = cli(['apply', '--patch', patch, '--repo', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('refused: `.github/workflows/ci.yml` is workflow and repository settings under .github/');
  });

  it('bad usage exits 2 with the usage text', () => {
    const r = cli(['extract']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--log is required');
    expect(cli(['frobnicate']).code).toBe(2);
    expect(cli(['apply', '--patch', '/nonexistent', '--repo', ROOT]).stderr).toContain('cannot read --patch');
  });

  it('--help, help and <command> --help print usage on stdout and exit 0', () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stderr).toBe('');
      for (const command of ['extract', 'context', 'apply', 'fix', 'demo', 'report', 'score-logs', 'score-context', 'eval'])
        expect(r.stdout).toContain(`ci-autofix ${command}`);
    }
    for (const args of [
      ['extract', '--help'],
      ['help', 'extract'],
      ['extract', '-h', '--log', 'x'],
    ]) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/^usage: ci-autofix extract --log <file\|-> \[--pass-log <file>\] \[--json\]\n/);
      expect(r.stdout).not.toContain('ci-autofix apply');
    }
    const evalHelp = cli(['eval', '--help']);
    expect(evalHelp.code).toBe(0);
    expect(evalHelp.stdout).toContain('--shard i/n');
    expect(cli(['help', 'frobnicate']).code).toBe(2);
    // No command at all is bad usage: the list goes to stderr.
    const none = cli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('ci-autofix extract');
  });

  it('an unknown option names itself and the usage of its command only', () => {
    const r = cli(['context', '--log', 'x', '--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ci-autofix: Unknown option '--frobnicate'\n\nusage: ci-autofix context --log <file> --repo <dir>/);
    expect(r.stderr).not.toContain('ci-autofix apply');
    expect(r.stderr).not.toContain('To specify a positional');
    // An option of another command is unknown here too.
    expect(cli(['extract', '--repo', '.', '--log', 'x']).stderr).toContain("Unknown option '--repo'");
  });

  it('score-logs scores every label shape under the folders it is given, per data set', () => {
    const dir = tempDir();
    const write = (name: string, log: string, expected: object) => {
      mkdirSync(join(dir, name), { recursive: true });
      writeFileSync(join(dir, name, 'log.txt'), log);
      writeFileSync(join(dir, name, 'expected.json'), JSON.stringify(expected));
    };
    const pytest = githubJobLog([
      {
        name: 'pytest',
        command: 'pytest',
        output: [
          '=================================== FAILURES ===================================',
          '____________________________________ test_a ____________________________________',
          '',
          '    def test_a():',
          '>       assert 3 == 5, f"Expected 5, got 3 in {__file__}"',
          'E       AssertionError: Expected 5, got 3 in /home/runner/work/w/w/tests/test_a.py',
          '',
          '/home/runner/work/w/w/tests/test_a.py:4: AssertionError',
          '=========================== short test summary info ============================',
          'FAILED tests/test_a.py::test_a - AssertionError: Expected 5, got 3 in /home/runner/work/w/w/tests/test_a.py',
          '',
        ].join('\n'),
        exitCode: 1,
      },
    ]);
    // The label keeps the runner's absolute path; the extractor reports it repository-relative.
    write('logs/a-pytest', pytest, {
      category: 'test',
      errors: [{ file: 'tests/test_a.py', line: 4, message_contains: 'Expected 5, got 3 in /home/runner/work/w/w/tests/test_a.py' }],
      test_command: 'pytest',
    });
    write('logs/b-missed', pytest, { category: 'lint', errors: [{ file: 'src/b.py', line: 9, message_contains: 'E501' }], test_command: null });
    // Line-labelled (LogChunks, CiDiff): the error's log line must lie in a labelled range.
    const at = pytest.split('\n').findIndex((l) => l.includes('E       AssertionError')) + 1;
    write('corpus/chunks/Python/o@r/1', pytest, { lines: [at - 1, at + 1] });
    write('corpus/chunks/Python/o@r/2', pytest, { error_lines: [[1, 2]] });
    // BugSwarm: test or not, and the fixed file among the first five errors.
    write('corpus/bugs/o-r-1', pytest, { test_failure: true, category: 'test', fixed_files: ['tests/test_a.py'] });
    write('corpus/bugs/o-r-2', pytest, { test_failure: false, category: 'build', fixed_files: ['src/Main.java'] });
    const r = cli(['score-logs', join(dir, 'logs'), join(dir, 'corpus'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { figures } = JSON.parse(r.stdout) as { figures: Record<string, unknown>[] };
    expect(figures).toEqual([
      { set: 'logs', cases: 2, nothing: 0, recall: 0.5, precision10: 0.5, category: 0.5 },
      { set: 'bugs', cases: 2, nothing: 0, testVsNot: 0.5, localization5: 0.5 },
      { set: 'chunks', cases: 2, nothing: 0, hit1: 0.5, hit3: 0.5 },
    ]);
    const table = cli(['score-logs', join(dir, 'logs'), '--misses']);
    expect(table.stdout).toContain('logs/b-missed\n    missed src/b.py:9 "E501"\n    category test, labelled lint');
    expect(table.stdout).toContain('| logs | 2 | 0.0% | 50.0% | 50.0% | 50.0% |');
    expect(cli(['score-logs', join(dir, 'nope')]).code).toBe(2);
  });
});
