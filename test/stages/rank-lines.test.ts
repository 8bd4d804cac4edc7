import { describe, expect, it } from 'vitest';
import { extractFailure } from '../../src/errors/extract.js';
import { failingRegion, rankLines } from '../../src/errors/rank-lines.js';
import { passLogFromText, readPassLog, volatileFree } from '../../src/logs/pass-log.js';
import { logsFromText } from '../../src/logs/read-log.js';

// A Travis-shaped log, written here: an install whose noise the passing run prints too, then
// the failing command's own output, then Travis' exit line.
const NOISE = [
  '$ sudo apt-get install -y libxml2',
  'ERROR: dictionaries-common is broken - called emacs-package-install as a new-style add-on',
  'W: Failed to fetch http://ppa.example/dists/trusty/Release 404 Not Found',
  'Setting up libxml2 (2.9.1) ...',
];
const FAILING = [
  '$ ./run-tests.sh',
  'compiling module a ... done',
  'compiling module b ... done',
  'test_parse ............ ok',
  'test_render ........... FAILED',
  'AssertionError: expected "<p>" in output',
  'Ran 2 tests, 1 failure',
  '',
  'The command "./run-tests.sh" exited with 1.',
];
const log = (lines: string[]) => `${lines.join('\n')}\n`;

describe('the generic ranker', () => {
  it('finds the failing command region: from its `$ command` line to Travis` exit line', () => {
    const lines = [...NOISE, ...FAILING, 'Done. Your build exited with 1.'];
    expect(failingRegion(lines)).toEqual([NOISE.length, NOISE.length + FAILING.length]);
    // Without markers, the whole step.
    expect(failingRegion(['a', 'b'])).toEqual([0, 2]);
  });

  it('puts the failing test`s lines first, its summary and the exit line after, and numbers them in the log', () => {
    const f = extractFailure(logsFromText(log([...NOISE, ...FAILING])));
    const first = f.errors[0];
    expect(first?.message).toBe('test_render ........... FAILED');
    expect(first?.logLine).toBe(NOISE.length + 5);
    expect(f.errors.map((e) => e.message)).not.toContain('ERROR: dictionaries-common is broken - called emacs-package-install as a new-style add-on');
  });

  it('ranks a line the passing run printed too below one it did not', async () => {
    // No command markers: the whole log is the region, and both errors are candidates.
    const failing = ['Error: could not open config.yml (retrying)', 'step 2 ok', 'step 3 ok', 'step 4 ok', 'Error: schema check failed for users.yml', 'done'];
    const passing = ['Error: could not open config.yml (retrying)', 'step 2 ok', 'done'];
    const steps = logsFromText(log(failing)).steps;
    const step = steps.at(-1);
    if (!step) throw new Error('no step');
    // Without the passing log the later line wins on position alone; the earlier one is still reported.
    expect(rankLines(step).map((e) => e.message)).toEqual(['Error: schema check failed for users.yml', 'Error: could not open config.yml (retrying)']);
    const pass = await passLogFromText(log(passing));
    expect(pass.has('Error: could not open config.yml (retrying)')).toBe(true);
    expect(pass.has('Error: schema check failed for users.yml')).toBe(false);
    // Swapped order: position would favour the noise, absence from the passing log wins.
    const swapped = logsFromText(log([...failing].reverse())).steps.at(-1);
    if (!swapped) throw new Error('no step');
    expect(rankLines(swapped)[0]?.message).toBe('Error: could not open config.yml (retrying)');
    expect(rankLines(swapped, pass)[0]?.message).toBe('Error: schema check failed for users.yml');
  });

  it('counts a line printed hundreds of times as noise', () => {
    const lines = ['start', ...Array.from({ length: 300 }, (_, i) => `WARN retry ${i}: connection failed, retrying`), 'fatal: tests exited with status 2', 'x'];
    const step = logsFromText(log(lines)).steps.at(-1);
    if (!step) throw new Error('no step');
    expect(rankLines(step)[0]?.message).toBe('fatal: tests exited with status 2');
  });

  it('takes a file and line from a line that names one in the repository, not from a dependency', () => {
    const step = logsFromText(log(['lib/parser.rb:42: error: unexpected token', 'x', 'x', 'x', '/usr/lib/ruby/2.7/set.rb:12: error: boom'])).steps.at(-1);
    if (!step) throw new Error('no step');
    const errors = rankLines(step);
    expect(errors.find((e) => e.message.startsWith('lib/'))).toMatchObject({ file: 'lib/parser.rb', line: 42 });
    expect(errors.find((e) => e.message.startsWith('/usr/'))).toMatchObject({ file: null, line: null });
  });
});

describe('Travis logs as they are stored', () => {
  it('reads lines that end in two carriage returns, and drops the fold and timing markers before a line', () => {
    const log = [
      '$ make test\r\r',
      'fail: \u001b[1;33;41m[string "bundle:libs/codec.lua"]:123: No such hash: 31b8c99\u001b[0m\r\r',
      'travis_time:end:0d03:start=1,finish=2,duration=1\u001b[0K\u001b[31;1mThe command "make test" exited with 1.\u001b[0m',
    ].join('\n');
    const f = extractFailure(logsFromText(`${log}\n`));
    expect(f.errors[0]?.message).toBe('fail: [string "bundle:libs/codec.lua"]:123: No such hash: 31b8c99');
    expect(f.errors[0]?.logLine).toBe(2);
    expect(f.testCommand).toBe('make test');
  });

  it('takes the failing command`s last words before its exit line when they hold no failure word', () => {
    const f = extractFailure(
      logsFromText(
        log(['$ ./check_integrity.sh', 'checking bin/git-abc', 'man page missing for git-abc', 'The command "./check_integrity.sh" exited with 1.']),
      ),
    );
    expect(f.errors[0]?.message).toBe('man page missing for git-abc');
  });

  it('a warning tagged [warn] or a JDK stack frame is no root error', () => {
    const f = extractFailure(
      logsFromText(
        log([
          '$ sbt test',
          '[warn] src/main/scala/a/Unsafe.java:18:1: sun.misc.Unsafe is internal proprietary API',
          '[error] Test a.BTest failed: expected 2 but got 3',
          '[error] \tat java.lang.Thread.run(Thread.java:748)',
          'The command "sbt test" exited with 1.',
        ]),
      ),
    );
    expect(f.errors[0]?.message).toBe('[error] Test a.BTest failed: expected 2 but got 3');
    expect(f.errors.map((e) => e.file)).not.toContain('src/main/scala/a/Unsafe.java');
  });
});

describe('the passing log', () => {
  it('makes the volatile parts of a line constant: times, counts, hashes, temporary paths', () => {
    expect(volatileFree('Error at 12:01:33 after 5.2s in /tmp/pytest-of-runner/pytest-7/x.py (sha 3f9a2b7c1d)')).toBe(
      volatileFree('ERROR at 09:58:02 after 17.9s in /tmp/pytest-of-runner/pytest-12/x.py (sha 0a1b2c3d4e5f)'),
    );
    expect(volatileFree('Error in users.yml')).not.toBe(volatileFree('Error in orders.yml'));
  });

  it('reads the same however its bytes are cut, and holds only failure-looking lines', async () => {
    const text = log([
      '2026-01-01T00:00:01.1234567Z Error: timeout while fetching',
      'plain progress line',
      '\u001b[31mFAILED\u001b[0m tests/test_a.py::test_b',
      'café ✖ naïve',
    ]);
    const whole = await passLogFromText(text);
    const bytes = Buffer.from(text);
    const pieces: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 3) pieces.push(Buffer.from(bytes.subarray(i, i + 3)));
    const cut = await readPassLog(pieces);
    expect(cut.size).toBe(whole.size);
    expect(whole.size).toBe(3);
    for (const line of ['Error: timeout while fetching', 'FAILED tests/test_a.py::test_b', 'café ✖ naïve']) {
      expect(whole.has(line), line).toBe(true);
      expect(cut.has(line), line).toBe(true);
    }
    expect(whole.has('plain progress line')).toBe(false);
  });
});
