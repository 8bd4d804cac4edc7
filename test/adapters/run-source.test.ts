import { join } from 'node:path';
import { Zip, ZipDeflate, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { createOctokit } from '../../src/adapters/github/octokit.js';
import { GitHubRunSource, jobLogFromZip } from '../../src/adapters/github/run-source.js';
import { extractFailure } from '../../src/errors/extract.js';
import { logsFromStream } from '../../src/logs/read-log.js';
import { createWorld, SANDBOX_TOKEN, type World } from '../../src/sandbox/world.js';
import { UserError } from '../../src/user-error.js';
import { ROOT } from '../helpers.js';

const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.stop();
});

async function setup() {
  const w = await createWorld({ project: join(ROOT, 'evals/cases/node-sum-off-by-one/project'), command: 'node --test' });
  worlds.push(w);
  const sleeps: number[] = [];
  const source = new GitHubRunSource(createOctokit(SANDBOX_TOKEN, { baseUrl: w.emulator.apiUrl }), 'acme', 'widgets', {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { w, source, sleeps };
}

async function text(chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>): Promise<string> {
  let out = '';
  const dec = new TextDecoder();
  for await (const c of chunks) out += typeof c === 'string' ? c : dec.decode(c, { stream: true });
  return out;
}

describe('GitHubRunSource against the emulator', () => {
  it('reads only the failed jobs, with the steps the jobs API marks failed, following the log redirect', async () => {
    const { w, source } = await setup();
    const run = await source.getRun(w.runId, 1);
    const logs = await source.getFailedJobLogs(run);
    expect(logs.map((l) => [l.job, l.failedSteps])).toEqual([['test', ['Run node --test']]]);
    expect(await text(logs[0]?.chunks ?? [])).toBe(w.log);
  });

  it('waits for a log that is not ready yet (404), with backoff', async () => {
    const { w, source, sleeps } = await setup();
    w.emulator.faults.push({ method: 'GET', path: /\/actions\/jobs\/\d+\/logs$/, status: 404, times: 2 });
    const logs = await source.getFailedJobLogs(await source.getRun(w.runId, 1));
    expect(sleeps).toEqual([5000, 10000]);
    expect(await text(logs[0]?.chunks ?? [])).toBe(w.log);
  });

  it('falls back to the run’s log archive when the job log never comes, in either archive layout', async () => {
    for (const omitRoot of [false, true]) {
      const { w, source } = await setup();
      w.emulator.zipOmitsRootFiles = omitRoot;
      w.emulator.faults.push({ method: 'GET', path: /\/actions\/jobs\/\d+\/logs$/, status: 404, times: 10 });
      const logs = await source.getFailedJobLogs(await source.getRun(w.runId, 1));
      expect(w.emulator.requests.some((r) => /\/attempts\/1\/logs$/.test(r.path))).toBe(true);
      const failure = extractFailure(await logsFromStream(logs[0]?.chunks ?? [], { job: 'test' }));
      expect(failure.testCommand).toBe('node --test');
      expect(failure.errors[0]).toMatchObject({ file: 'test/sum.test.js', line: 6 });
    }
  });

  it('says so plainly when the logs have expired (410)', async () => {
    const { w, source } = await setup();
    w.emulator.faults.push({ method: 'GET', path: /\/actions\/jobs\/\d+\/logs$/, status: 410, times: 1 });
    const run = await source.getRun(w.runId, 1);
    await expect(source.getFailedJobLogs(run)).rejects.toThrowError(UserError);
    w.emulator.faults.push({ method: 'GET', path: /\/actions\/jobs\/\d+\/logs$/, status: 410, times: 1 });
    await expect(source.getFailedJobLogs(run)).rejects.toThrowError(/have expired \(HTTP 410\)\. Re-run the failed jobs/);
  });

  it('names a run that does not exist', async () => {
    const { source } = await setup();
    await expect(source.getRun(999)).rejects.toThrowError(/Workflow run 999 was not found in acme\/widgets/);
  });
});

describe('the run log archive', () => {
  const enc = new TextEncoder();
  // A 24 MB job log that compresses well, as logs do: it must come out in small pieces.
  const big = Array.from({ length: 400_000 }, (_, i) => `2026-01-01T00:00:00.0000000Z tests/test_${i % 97}.py::test_ok PASSED\n`).join('');

  /** fflate's streaming Zip writes data descriptors (sizes after the data), as streamed archives do. */
  function streamedZip(files: Record<string, string>): Uint8Array {
    const parts: Uint8Array[] = [];
    const zip = new Zip((error, data) => {
      if (error) throw error;
      parts.push(data);
    });
    for (const [name, content] of Object.entries(files)) {
      const entry = new ZipDeflate(name, { level: 6 });
      zip.add(entry);
      entry.push(enc.encode(content), true);
    }
    zip.end();
    return Buffer.concat(parts);
  }

  it.each([
    ['sizes in the headers', (files: Record<string, string>) => zipSync(Object.fromEntries(Object.entries(files).map(([n, c]) => [n, enc.encode(c)])))],
    ['data descriptors', streamedZip],
  ])('decompresses one job as a stream of small chunks, %s', async (_name, make) => {
    const zip = make({ '0_lint.txt': 'lint ok\n', '1_test.txt': big, 'test/1_Run tests.txt': big });
    const chunks = [...(jobLogFromZip(zip, 'test') ?? [])];
    expect(chunks.length).toBeGreaterThan(10);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(4 * 1024 * 1024);
    expect(await text(chunks)).toBe(big);
  });

  it('joins a job’s step files in step order, not archive order', async () => {
    const zip = zipSync({ 'test/10_Post.txt': enc.encode('ten\n'), 'test/2_Run tests.txt': enc.encode('two\n'), 'test/1_Set up job.txt': enc.encode('one\n') });
    expect(await text(jobLogFromZip(zip, 'test') ?? [])).toBe('one\ntwo\nten\n');
    expect(jobLogFromZip(zip, 'build')).toBeNull();
  });

  it('names a broken archive', () => {
    expect(() => jobLogFromZip(enc.encode('not a zip at all'), 'test')).toThrowError(/The run's log archive could not be read/);
  });
});

describe('streaming', () => {
  it('keeps the start, the failure and the end of a huge step, and says what it cut', async () => {
    async function* big() {
      yield '##[group]Run pytest\npytest\nshell: /usr/bin/bash -e {0}\n##[endgroup]\n';
      for (let i = 0; i < 200_000; i++) yield `tests/test_${i % 50}.py::test_ok PASSED\n`;
      yield '_____ test_total _____\ntests/test_total.py:7: in test_total\n    assert total() == 5\nE   AssertionError: Expected 5, got 3\n';
      for (let i = 0; i < 200_000; i++) yield `tests/test_${i % 50}.py::test_ok PASSED\n`;
      yield '=========================== short test summary info ============================\nFAILED tests/test_total.py::test_total - AssertionError: Expected 5, got 3\n##[error]Process completed with exit code 1.\n';
    }
    const logs = await logsFromStream(big(), { job: 'test' });
    const step = logs.steps.find((s) => s.command === 'pytest');
    expect(step?.lines.length).toBeLessThan(10_000);
    expect(logs.notes[0]).toMatch(/^step "Run pytest" \(test\): kept \d{4} of 400007 lines/);
    const failure = extractFailure(logs);
    expect(failure.errors[0]).toMatchObject({ file: 'tests/test_total.py', line: 7, message: 'AssertionError: Expected 5, got 3' });
  });
});
