import { describe, expect, it } from 'vitest';
import { makePathRelative, splitSteps, stripLine } from '../../src/logs/normalize.js';

describe('stripLine', () => {
  it('removes the runner timestamp, a BOM and ANSI colours', () => {
    expect(stripLine('\uFEFF2026-01-01T10:00:00.1234567Z \u001b[31mFAIL\u001b[0m src/a.test.ts')).toBe('FAIL src/a.test.ts');
  });
  it('keeps what a carriage-return progress line ends with', () => {
    expect(stripLine('downloading 10%\rdownloading 100%\r')).toBe('downloading 100%');
  });
});

describe('makePathRelative', () => {
  it.each([
    ['/home/runner/work/widgets/widgets/src/a.py:3: in f', 'src/a.py:3: in f'],
    ['/__w/widgets/widgets/tests/t.py", line 4', 'tests/t.py", line 4'],
    ['at file:///home/runner/work/w/w/test/x.test.js:6:10', 'at test/x.test.js:6:10'],
    ['D:\\a\\widgets\\widgets\\src\\lib\\x.ts(3,4): error', 'src/lib/x.ts(3,4): error'],
  ])('%s', (input, expected) => {
    expect(makePathRelative(input)).toBe(expected);
  });
  it('strips a given workspace', () => {
    expect(makePathRelative('/srv/ci/proj/app/x.py:1', '/srv/ci/proj')).toBe('app/x.py:1');
  });
});

describe('splitSteps', () => {
  const log = [
    '2026-01-01T00:00:00.0000000Z ##[group]Run actions/checkout@v4',
    '2026-01-01T00:00:00.0000000Z with:',
    '2026-01-01T00:00:00.0000000Z ##[endgroup]',
    '2026-01-01T00:00:01.0000000Z Syncing repository',
    '2026-01-01T00:00:02.0000000Z ##[group]Run npm ci',
    '2026-01-01T00:00:02.0000000Z npm ci',
    '2026-01-01T00:00:02.0000000Z npm test -- --reporter=dot',
    '2026-01-01T00:00:02.0000000Z shell: /usr/bin/bash -e {0}',
    '2026-01-01T00:00:02.0000000Z env:',
    '2026-01-01T00:00:02.0000000Z   CI: true',
    '2026-01-01T00:00:02.0000000Z ##[endgroup]',
    '2026-01-01T00:00:03.0000000Z \u001b[31mnot ok 1 - adds\u001b[0m',
    '2026-01-01T00:00:04.0000000Z ##[error]Process completed with exit code 1.',
  ];
  const steps = splitSteps(log, { job: 'test' });

  it('splits at each `Run` group and records the whole multi-line command', () => {
    expect(steps.map((s) => s.name)).toEqual(['Run actions/checkout@v4', 'Run npm ci']);
    expect(steps[1]?.command).toBe('npm ci\nnpm test -- --reporter=dot');
  });
  it('marks the step with an ##[error] as failed and keeps the error line', () => {
    expect(steps.map((s) => s.failed)).toEqual([false, true]);
    expect(steps[1]?.lines).toEqual(['not ok 1 - adds', '##[error]Process completed with exit code 1.']);
  });
  it('reads gh run view --log captures (job, step, timestamp columns)', () => {
    const gh = splitSteps(
      [
        'build\tRun tests\t2026-01-01T00:00:00.0000000Z FAIL x',
        'build\tRun tests\t2026-01-01T00:00:01.0000000Z ##[error]Process completed with exit code 2.',
        'lint\tRun lint\t2026-01-01T00:00:00.0000000Z ok',
      ],
      { job: 'log' },
    );
    expect(gh.map((s) => [s.job, s.name, s.failed])).toEqual([
      ['build', 'Run tests', true],
      ['lint', 'Run lint', false],
    ]);
  });
});
