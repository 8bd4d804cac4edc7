import { describe, expect, it } from 'vitest';
import { infoVerbatim } from '../../src/adapters/logger.js';
import { commitMessage, oneLine, prTitle } from '../../src/publish/render-pr.js';
import type { Failure, RunRef } from '../../src/types.js';
import { runnerCommands } from '../helpers.js';

const failure = (test: string | undefined, message = 'AssertionError: boom'): Failure => ({
  category: 'test',
  errors: [{ file: 'test/a.test.js', line: 3, column: null, message, tool: 'jest', ...(test !== undefined ? { test } : {}) }],
  testCommand: 'jest --ci',
  narrowCommand: null,
  step: 'Run jest --ci',
  signature: 'abc',
});
const run = { htmlUrl: 'https://github.com/o/r/actions/runs/1', workflowName: 'CI', headSha: 'a'.repeat(40) } as RunRef;

describe('one line from text that may span many', () => {
  it.each([
    ['add sums two numbers\n::add-mask::hunter2\n::stop-commands::x', 80, 'add sums two numbers'],
    ['\n\n  first real line\r\nsecond', 80, 'first real line'],
    ['tabs\tand   spaces\u0007bell', 80, 'tabs and spaces bell'],
    ['a line\u2028separated', 80, 'a line'],
    ['word '.repeat(40), 30, 'word word word word word word…'],
    ['x'.repeat(50), 20, `${'x'.repeat(19)}…`],
    ['', 10, ''],
  ])('%j (max %i)', (text, max, want) => {
    expect(oneLine(text, max)).toBe(want);
    expect(oneLine(text, max).length).toBeLessThanOrEqual(max);
  });

  it('PR title and commit subject take the first line of a test name, within their limits', () => {
    const f = failure('add sums two numbers\n::add-mask::hunter2\n::stop-commands::x');
    expect(prTitle(f)).toBe('ci-autofix: fix add sums two numbers');
    const message = commitMessage(run, f, ['src/a.js'], 'Because.');
    expect(message.split('\n')[0]).toBe('Fix failing test: add sums two numbers');
    expect(message).not.toContain('hunter2');
    const long = failure(`${'a very long test name '.repeat(20)}`);
    expect(prTitle(long).length).toBeLessThanOrEqual(117);
    expect(commitMessage(run, long, [], '').split('\n')[0]?.length).toBeLessThanOrEqual(70);
    // Without a test name, the first line of the message.
    expect(prTitle({ ...failure(undefined), errors: [{ file: null, line: null, column: null, message: 'boom\n::warning::x', tool: 'x' }] })).toBe(
      'ci-autofix: fix boom',
    );
  });
});

describe('infoVerbatim', () => {
  it('prints plain text as it is, and command-like text between stop-commands markers the runner honours', () => {
    const lines: string[] = [];
    infoVerbatim('plain line', (l) => lines.push(l));
    expect(lines).toEqual(['plain line']);
    for (const hostile of ['x\n::add-mask::hunter2', '  ::set-output name=a::b', 'v1 ##[set-env name=A]b', '::stop-commands::guess\n::add-mask::y']) {
      const out: string[] = [];
      infoVerbatim(hostile, (l) => out.push(l));
      expect(out[1]).toBe(hostile);
      const acted = runnerCommands(out.join('\n'));
      expect(acted).toHaveLength(1);
      expect(acted[0]).toMatch(/^stop-commands::[0-9a-f]{32}$/);
    }
  });
});
