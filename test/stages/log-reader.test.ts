import { describe, expect, it } from 'vitest';
import { extractFailure } from '../../src/errors/extract.js';
import {
  BlockScanner,
  CANDIDATE,
  GH_ROW,
  isHot,
  KEEP,
  type KeepLimits,
  LogReader,
  MARKER,
  makePathRelative,
  StepSplitter,
  stripLine,
} from '../../src/logs/normalize.js';

const normalizeLine = (raw: string) => makePathRelative(stripLine(raw));

import type { Logs } from '../../src/types.js';

/** A small deterministic generator, so a failing case can be replayed from its seed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function read(chunks: (string | Uint8Array)[], limits?: KeepLimits): Logs {
  const reader = new LogReader({ job: 'test', ...(limits ? { limits } : {}) });
  for (const c of chunks) reader.write(c);
  return reader.end();
}

/** Cuts bytes at random places, inside multi-byte characters and CRLF pairs too. */
function chunked(bytes: Buffer, next: () => number, maxChunk: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; ) {
    const n = 1 + Math.floor(next() * maxChunk);
    // A fresh copy, as a stream hands over: the reader keeps ranges of it.
    out.push(Buffer.from(bytes.subarray(i, i + n)));
    i += n;
  }
  return out;
}

const stamp = (i: number) => `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}.1234567Z `;

/** A job log with steps, markers, colours, CRLF, non-ASCII text, failures and long lines. */
function jobLog(next: () => number, lines: number): string {
  const out: string[] = [];
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)] as T;
  for (let i = 0; i < lines; i++) {
    const r = next();
    if (r < 0.01)
      out.push(
        `${stamp(i)}##[group]Run ${pick(['pytest -q', 'npm test', 'go test ./...'])}`,
        `${stamp(i)}${pick(['pytest -q', 'npm test'])}`,
        `${stamp(i)}shell: /usr/bin/bash -e {0}`,
        `${stamp(i)}##[endgroup]`,
      );
    else if (r < 0.02) out.push(`${stamp(i)}##[error]Process completed with exit code 1.`);
    else if (r < 0.05)
      out.push(
        `${stamp(i)}${pick(['E   AssertionError: Expected 5, got 3', '\u001b[31m✖ adds\u001b[0m', 'panic: runtime error', 'FAIL src/a.test.ts > adds', 'Traceback (most recent call last):'])}`,
      );
    else if (r < 0.06) out.push(`${stamp(i)}${'ü✓'.repeat(Math.floor(next() * 3000))}`);
    else if (r < 0.07) out.push(`${stamp(i)}ok  \tgithub.com/acme/widgets\t0.21s\r`);
    else
      out.push(
        `${stamp(i)}${pick(['Collecting numpy>=1.24', 'tests/test_a.py::test_b PASSED [ 42%]', '   Compiling serde v1.0.210', 'café — naïve résumé', ''])}`,
      );
  }
  return out.join(next() < 0.5 ? '\n' : '\r\n') + (next() < 0.5 ? '\n' : '');
}

/** The same as `gh run view --log` prints it: job, step and the timestamped line, per row. */
function ghCapture(next: () => number, lines: number): string {
  const rows: string[] = [];
  const jobs = ['build', 'test (3.12)', 'lint'];
  const steps = ['Set up job', 'Run tests', 'Run lint ✖ fail'];
  let job = 'build';
  let step = 'Set up job';
  for (let i = 0; i < lines; i++) {
    if (next() < 0.03) job = jobs[Math.floor(next() * jobs.length)] as string;
    if (next() < 0.05) step = steps[Math.floor(next() * steps.length)] as string;
    const text =
      next() < 0.05 ? '##[error]Process completed with exit code 1.' : next() < 0.1 ? 'FAILED tests/test_a.py::test_b - Error' : `line ${i} ok \t tab`;
    rows.push(`${job}\t${step}\t${stamp(i)}${text}`);
  }
  return rows.join('\n');
}

describe('LogReader', () => {
  const small: KeepLimits = { head: 10, tail: 20, before: 3, after: 4, middle: 15, passed: 5, job: 400, passedJob: 40 };

  it('reads a log the same however its bytes are cut into chunks', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(seed);
      const bytes = Buffer.from(jobLog(next, 50 + Math.floor(next() * 600)));
      for (const limits of [KEEP, small]) {
        const whole = read([bytes], limits);
        expect(read(chunked(bytes, next, 7), limits), `seed ${seed}`).toEqual(whole);
        expect(read(chunked(bytes, next, 5000), limits), `seed ${seed}`).toEqual(whole);
      }
    }
  });

  it('numbers each kept line with its line in the job log, also when the middle is cut', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(seed);
      const text = seed % 2 ? jobLog(next, 50 + Math.floor(next() * 600)) : ghCapture(next, 50 + Math.floor(next() * 600));
      const original = text.split('\n');
      for (const limits of [KEEP, small]) {
        const logs = read(chunked(Buffer.from(text), next, 300), limits);
        for (const step of logs.steps) {
          expect(step.lineNumbers, `seed ${seed}`).toHaveLength(step.lines.length);
          for (const [i, line] of step.lines.entries()) {
            const n = step.lineNumbers?.[i] ?? -1;
            if (n === 0) {
              expect(line).toMatch(/^… \d+ lines cut …$/);
              continue;
            }
            // The kept line is that log line, normalized (a gh row's text is its last column).
            const raw = original[n - 1] ?? '';
            const fromRaw = normalizeLine(raw.includes('\t') && /\t\d{4}-/.test(raw) ? raw.split('\t').slice(2).join('\t') : raw);
            // (Compared on their starts: a very long line is cut when kept.)
            const start = (l: string) => l.replace(/^##\[error\]/, '').slice(0, 200);
            expect(start(line), `seed ${seed} line ${n}`).toBe(start(fromRaw));
          }
          const numbers = (step.lineNumbers ?? []).filter((n) => n > 0);
          expect(numbers, 'in order').toEqual([...numbers].sort((a, b) => a - b));
        }
      }
    }
  });

  it('reads bytes as the line-at-a-time text path reads the same lines', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(seed);
      const text = seed % 2 ? jobLog(next, 50 + Math.floor(next() * 600)) : ghCapture(next, 50 + Math.floor(next() * 600));
      for (const limits of [KEEP, small]) {
        const splitter = new StepSplitter({ job: 'test', limits });
        for (const line of text.replace(/\n$/, '').split('\n')) splitter.push(line);
        const byLine = splitter.finish();
        expect(read(chunked(Buffer.from(text), next, 300), limits), `seed ${seed}`).toEqual(byLine);
      }
    }
  });

  it('splits gh run view captures at each job and step, and keeps the failed ones', () => {
    const logs = read([
      [
        'build\tRun tests\t2026-01-01T00:00:00.0Z ok',
        'test\tRun tests\t2026-01-01T00:00:00.0Z FAILED t.py::x - boom',
        'test\tRun tests\t2026-01-01T00:00:01.0Z ##[error]exit 1',
      ].join('\n'),
    ]);
    expect(logs.steps.map((s) => [s.job, s.name, s.failed, s.lines])).toEqual([
      ['build', 'Run tests', false, ['ok']],
      ['test', 'Run tests', true, ['FAILED t.py::x - boom', '##[error]exit 1']],
    ]);
  });

  it('reads a gh run view row whose line starts with the byte-order mark a step begins with', () => {
    const rows = [
      'lint\tRun ruff\t\uFEFF2026-01-01T00:00:00.0Z ##[group]Run ruff format --check .',
      'lint\tRun ruff\t2026-01-01T00:00:00.0Z ruff format --check .',
      'lint\tRun ruff\t2026-01-01T00:00:00.0Z shell: /usr/bin/bash -e {0}',
      'lint\tRun ruff\t2026-01-01T00:00:00.0Z ##[endgroup]',
      'lint\tRun ruff\t2026-01-01T00:00:01.0Z Would reformat: bot.py',
      'lint\tRun ruff\t\uFEFF2026-01-01T00:00:01.0Z ##[error]Process completed with exit code 1.',
    ].join('\n');
    for (const chunks of [[rows], [...Buffer.from(rows)].map((b) => Uint8Array.of(b))]) {
      const logs = read(chunks);
      expect(logs.steps.map((s) => [s.job, s.name, s.command, s.failed, s.lines])).toEqual([
        ['lint', 'Run ruff', 'ruff format --check .', true, ['Would reformat: bot.py', '##[error]Process completed with exit code 1.']],
      ]);
    }
  });

  it('decodes multi-byte characters cut between chunks, and CRLF endings', () => {
    const bytes = Buffer.from('##[group]Run pytest\npytest\nshell: sh\n##[endgroup]\ncafé ✖ ü\r\n##[error]naïve\r\n');
    const logs = read([...bytes].map((b) => Uint8Array.of(b)));
    expect(logs.steps[0]?.lines).toEqual(['café ✖ ü', '##[error]naïve']);
  });

  it('keeps the head, the lines around each failure, and the tail, as a plain reference does', () => {
    const { head, tail, before, after, middle } = small;
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed);
      const n = Math.floor(next() * 300);
      const hot = new Set<number>();
      for (let i = 0; i < n; i++) if (next() < 0.04) hot.add(i);
      const lines = Array.from({ length: n }, (_, i) => (hot.has(i) ? `line ${i} Error: boom` : `line ${i} ok`));
      // The reference: the failures after the head decide what is kept between head and tail.
      const near = (i: number) => [...hot].some((h) => h >= head && ((h - before <= i && i < h) || (h <= i && i <= h + after)));
      const expected = lines.slice(0, head);
      let cut = 0;
      let kept = 0;
      for (let i = head; i < n - tail; i++) {
        if (near(i) && kept < middle) {
          if (cut > 0) expected.push(`… ${cut} lines cut …`);
          cut = 0;
          kept++;
          expected.push(lines[i] as string);
        } else cut++;
      }
      if (cut > 0) expected.push(`… ${cut} lines cut …`);
      expected.push(...lines.slice(Math.max(head, n - tail)));
      const logs = read([lines.join('\n')], small);
      expect(logs.steps[0]?.lines ?? [], `seed ${seed}`).toEqual(expected);
      const dropped = expected.filter((l) => l.startsWith('… ')).reduce((sum, l) => sum + Number(/\d+/.exec(l)?.[0]), 0);
      expect(logs.notes, `seed ${seed}`).toEqual(
        dropped > 0 ? [`step "Set up job" (test): kept ${n - dropped} of ${n} lines (the start, the regions around failures and the end)`] : [],
      );
    }
  });

  it('keeps an ##[error] line and its window in a huge step without holding everything before it', () => {
    const lines = ['##[group]Run make', 'make', 'shell: sh', '##[endgroup]'];
    for (let i = 0; i < 100_000; i++) lines.push(i % 1000 === 500 ? '##[error]compile failed' : `noise ${i}`);
    const step = read([lines.join('\n')]).steps[0];
    const kept = step?.lines.length ?? 0;
    expect(kept).toBeLessThan(KEEP.head + KEEP.tail + KEEP.middle + 1000);
    expect(step?.lines.filter((l) => l === '##[error]compile failed').length).toBe(100);
    const at = step?.lines.indexOf('##[error]compile failed', KEEP.head) ?? -1;
    expect(step?.lines.slice(at - KEEP.before, at)).toEqual(Array.from({ length: KEEP.before }, (_, k) => `noise ${2500 - KEEP.before + k}`));
  });

  it('keeps only the end of a step that passed, and all of the failed one', () => {
    const log = [
      '##[group]Run npm ci',
      'npm ci',
      'shell: sh',
      '##[endgroup]',
      ...Array.from({ length: 50 }, (_, i) => `added ${i}`),
      '##[group]Run npm test',
      'npm test',
      'shell: sh',
      '##[endgroup]',
      ...Array.from({ length: 50 }, (_, i) => `test ${i}`),
      '##[error]Process completed with exit code 1.',
    ].join('\n');
    const logs = read([log], { ...small, head: 100, tail: 100 });
    expect(logs.steps.map((s) => [s.name, s.failed, s.lines.length])).toEqual([
      ['Run npm ci', false, small.passed],
      ['Run npm test', true, 51],
    ]);
    expect(logs.steps[0]?.lines).toEqual(['added 45', 'added 46', 'added 47', 'added 48', 'added 49']);
  });

  it('stays bounded on a job of thousands of steps, and keeps the first failures', () => {
    const parts: string[] = [];
    for (let s = 0; s < 3000; s++) {
      parts.push(`##[group]Run echo ${s}`, `echo ${s}`, 'shell: sh', '##[endgroup]');
      for (let i = 0; i < 150; i++) parts.push(`passing ${i}`);
      parts.push(`##[group]Run pytest tests/test_${s}.py`, `pytest tests/test_${s}.py`, 'shell: sh', '##[endgroup]');
      for (let i = 0; i < 60; i++) parts.push(`tests/test_${s}.py::test_${i} PASSED`);
      parts.push(`FAILED tests/test_${s}.py::test_x - AssertionError: step ${s}`, '##[error]Process completed with exit code 1.');
    }
    const logs = read([parts.join('\n')]);
    const failed = logs.steps.filter((s) => s.failed);
    const passed = logs.steps.filter((s) => !s.failed);
    // Each budget holds at most one step past it.
    expect(failed.reduce((sum, s) => sum + s.lines.length, 0)).toBeLessThan(KEEP.job + 100);
    expect(passed.reduce((sum, s) => sum + s.lines.length, 0)).toBeLessThan(KEEP.passedJob + KEEP.passed + 1);
    expect(passed.length).toBe(KEEP.passedJob / KEEP.passed);
    expect(failed.length).toBeLessThan(3000);
    expect(logs.notes).toContain(
      `job "test": ${3000 - failed.length} later failed steps not kept: the steps before them already hold ${failed.reduce((sum, s) => sum + s.lines.length, 0)} lines of failures`,
    );
    expect(extractFailure(logs).errors[0]).toMatchObject({ file: 'tests/test_0.py', message: expect.stringContaining('step 0') });
  });

  it('keeps a failed step after thousands of passed ones', () => {
    const parts: string[] = [];
    for (let s = 0; s < 3000; s++) {
      parts.push(`##[group]Run echo ${s}`, `echo ${s}`, 'shell: sh', '##[endgroup]');
      for (let i = 0; i < 150; i++) parts.push(`passing ${i}`);
    }
    parts.push(
      '##[group]Run pytest',
      'pytest',
      'shell: sh',
      '##[endgroup]',
      'FAILED tests/test_z.py::test_z - AssertionError: late',
      '##[error]Process completed with exit code 1.',
    );
    const logs = read([parts.join('\n')]);
    expect(logs.steps.filter((s) => s.failed).map((s) => s.command)).toEqual(['pytest']);
    expect(extractFailure(logs).errors[0]).toMatchObject({ file: 'tests/test_z.py', message: expect.stringContaining('late') });
  });

  it('cuts a line that never ends instead of growing without bound', () => {
    const reader = new LogReader({ job: 'test' });
    reader.write('##[group]Run x\nx\nshell: sh\n##[endgroup]\nstart\n');
    for (let i = 0; i < 200; i++) reader.write('y'.repeat(64 * 1024));
    expect(reader.pending).toBeLessThan(64 * 1024);
    reader.write('\nFAILED tests/test_a.py::test_b - boom\n');
    const lines = reader.end().steps[0]?.lines ?? [];
    expect(lines[0]).toBe('start');
    expect(lines[1]?.length).toBeLessThan(5000);
    expect(lines[2]).toBe('FAILED tests/test_a.py::test_b - boom');
  });
});

describe('BlockScanner', () => {
  const scan = (lines: string[]) => {
    const scanner = new BlockScanner();
    const count = scanner.scan(Buffer.from(lines.join('\n')));
    return Array.from(scanner.flags.subarray(0, count));
  };

  // One line for each alternative of TRIGGER: the byte prefilter must let every one through.
  const failures = [
    'Error: x',
    'error: x',
    'ERROR x',
    'Failed',
    'failure',
    'FAIL x',
    'Exception',
    'an exception',
    'Traceback (most recent call last):',
    'AssertionError',
    'assert x',
    'Panic',
    'panic: x',
    'PANIC',
    'Fatal',
    'fatal: x',
    'FATAL',
    '✖ x',
    '● x',
    'not ok 1 - x',
    'Expected 5',
    'expected 5',
    'x is undefined',
    'Cannot find',
    'cannot find',
    'Denied',
    'permission denied',
    'Timeout',
    'timeout',
    'TIMEOUT',
    'Timed out',
    'timed out',
    'E   assert 3 == 5',
  ];

  it('flags every line the failure vocabulary matches', () => {
    // Tested as the runner writes them: after a timestamp, in colour.
    for (const line of failures) expect(isHot(`${stamp(1)}\u001b[31m${line}\u001b[0m`), line).toBe(true);
    expect(isHot(`${stamp(1)}Collecting numpy`)).toBe(false);
    const flags = scan(failures.map((l) => `${stamp(1)}${l}`));
    expect(failures.filter((_, i) => ((flags[i] as number) & CANDIDATE) === 0)).toEqual([]);
  });

  it('flags no line without it, and marks ##[ markers and gh run view rows only', () => {
    const lines = [
      `${stamp(1)}Collecting numpy`,
      `${stamp(2)}##[group]Run npm test`,
      `build\tRun tests\t${stamp(3)}ok`,
      `${stamp(4)}ok  \tgithub.com/acme/widgets\t0.21s`,
      'a\tb\tnot a time',
    ];
    const scanner = new BlockScanner();
    const count = scanner.scan(Buffer.from(lines.join('\n')));
    expect(Array.from(scanner.flags.subarray(0, count))).toEqual([0, MARKER, GH_ROW, 0, 0]);
    // The row's text starts after its second tab.
    const row = (scanner.starts[2] as number) + 'build\tRun tests\t'.length;
    expect(scanner.texts[2]).toBe(row);
  });

  it('finds lines across a block larger than its first arrays', () => {
    const lines = Array.from({ length: 70_000 }, (_, i) => (i % 9999 === 0 ? 'Error here' : `line ${i}`));
    const flags = scan(lines);
    expect(flags.length).toBe(70_000);
    expect(flags.flatMap((f, i) => (f & CANDIDATE ? [i] : []))).toEqual([0, 9999, 19998, 29997, 39996, 49995, 59994, 69993]);
  });
});
