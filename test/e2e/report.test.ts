import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryMarker } from '../../src/publish/render-pr.js';
import { runProcess } from '../../src/sandbox/process.js';
import type { PullRecord } from '../../src/sandbox/shapes.js';
import { createWorld, SANDBOX_TOKEN, type World } from '../../src/sandbox/world.js';
import { ROOT } from '../helpers.js';

let w: World;
beforeAll(async () => {
  w = await createWorld({ project: join(ROOT, 'evals/cases/node-sum-off-by-one/project'), command: 'true', output: 'x', exitCode: 1 });
  const pr = (
    n: number,
    category: string,
    created: string,
    closed: string | null,
    merged: string | null,
    head = `ci/autofix-${n}`,
    labels = ['ci/autofix'],
  ): PullRecord => ({
    number: n,
    title: `fix ${n}`,
    body: `Draft\n${categoryMarker(category)}`,
    head,
    base: 'main',
    draft: true,
    state: closed ? 'closed' : 'open',
    merged: merged !== null,
    labels,
    headSha: w.headSha,
    createdAt: created,
    closedAt: closed,
    mergedAt: merged,
  });
  w.emulator.pulls.push(
    pr(1, 'test', '2026-01-05T00:00:00Z', '2026-01-05T10:00:00Z', '2026-01-05T10:00:00Z'),
    pr(2, 'test', '2026-01-10T00:00:00Z', '2026-01-11T00:00:00Z', '2026-01-11T00:00:00Z'),
    pr(3, 'test', '2026-01-12T00:00:00Z', '2026-01-13T00:00:00Z', null),
    pr(4, 'lint', '2026-02-01T00:00:00Z', null, null),
    pr(5, 'test', '2026-02-02T00:00:00Z', '2026-02-03T00:00:00Z', '2026-02-03T00:00:00Z', 'feature/by-hand', []),
  );
});
afterAll(() => w.stop());

// Asynchronous: the emulator answering it runs in this same process.
async function report(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const r = await runProcess(process.execPath, [join(ROOT, 'dist/cli/index.js'), 'report', '--repo', 'acme/widgets', '--api-url', w.emulator.apiUrl, ...args], {
    env: { ...process.env, GITHUB_TOKEN: SANDBOX_TOKEN },
  });
  return { status: r.code, stdout: r.stdout, stderr: r.stderr };
}

describe('ci-autofix report', () => {
  it('reads the repository’s autofix PRs through the API and reports what reviewers decided', async () => {
    const r = await report(['--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { month: '2026-01', category: 'test', opened: 3, merged: 2, closedUnmerged: 1, open: 0, falsePositiveRate: 1 / 3, medianHoursToMerge: 17 },
      { month: '2026-02', category: 'lint', opened: 1, merged: 0, closedUnmerged: 0, open: 1, falsePositiveRate: null, medianHoursToMerge: null },
    ]);
    const table = await report([]);
    expect(table.stdout).toContain('| 2026-01 | test | 3 | 2 | 1 | 0 | 33% | 17.0 h |');
    expect(table.stdout).toContain('4 autofix PRs: 2 merged, 1 closed unmerged; false positive rate 33%.');
  });
});
