import type { PullRequestRow, RunRow } from '../../src/metrics/database.js';

/**
 * Runs and PRs whose figures are worked out by hand in the tests. Weeks start on Monday:
 * 2026-11-02 and 2026-11-09, both in November.
 */
const base: Omit<RunRow, 'runId' | 'status' | 'startedAt' | 'finishedAt'> = {
  repository: 'acme/addons',
  runAttempt: 1,
  workflow: 'tests',
  event: 'push',
  headBranch: '17.0',
  headSha: 'a'.repeat(40),
  reason: 'r',
  category: 'test',
  signature: null,
  fixer: null,
  attempts: 1,
  tokens: 0,
  costUsd: 0,
  model: 'openai/gpt-4.1-mini',
  timeToFixMs: null,
  prNumber: null,
  prUrl: null,
  actionVersion: '1.0.0',
};

function run(runId: number, status: string, at: string, o: Partial<RunRow> = {}): RunRow {
  const startedAt = new Date(at);
  return { ...base, runId, status, startedAt, finishedAt: new Date(startedAt.getTime() + 60_000), ...o };
}

export const SEED_RUNS: RunRow[] = [
  run(1, 'fixed', '2026-11-02T10:00:00Z', { timeToFixMs: 120_000, tokens: 1000, costUsd: 0.002, signature: 'aaa', prNumber: 11, reason: 'first' }),
  run(2, 'fixed', '2026-11-03T10:00:00Z', { timeToFixMs: 240_000, tokens: 2000, costUsd: 0.004, signature: 'bbb', prNumber: 12 }),
  run(3, 'verification_failed', '2026-11-04T10:00:00Z', { tokens: 3000, costUsd: 0.006, signature: 'aaa', attempts: 2, reason: 'second' }),
  run(4, 'flaky', '2026-11-05T10:00:00Z', { signature: 'ccc', attempts: 0 }),
  run(5, 'duplicate', '2026-11-05T12:00:00Z', { signature: 'aaa', prNumber: 11, attempts: 0, reason: 'latest <b>' }),
  run(6, 'fixed', '2026-11-10T10:00:00Z', { timeToFixMs: 600_000, tokens: 4000, costUsd: 0.01, signature: 'ddd', prNumber: 13 }),
  run(7, 'fixed', '2026-11-11T10:00:00Z', { category: 'lint', fixer: 'black', timeToFixMs: 30_000, signature: 'eee', prNumber: 14, attempts: 0, model: null }),
  run(8, 'patch_rejected', '2026-11-12T10:00:00Z', { tokens: 500, costUsd: 0.001, signature: 'fff' }),
  run(9, 'error', '2026-11-12T11:00:00Z', { repository: 'acme/other', category: null, attempts: 0 }),
];

function pr(number: number, state: PullRequestRow['state'], created: string, decided: string | null, category = 'test'): PullRequestRow {
  return {
    repository: 'acme/addons',
    number,
    url: `https://github.com/acme/addons/pull/${number}`,
    branch: `ci/autofix-${number}`,
    title: `fix ${number}`,
    runId: number,
    category,
    signature: null,
    state,
    createdAt: created,
    mergedAt: state === 'merged' ? decided : null,
    closedAt: decided,
    reviewComments: 1,
  };
}

export const SEED_PRS: PullRequestRow[] = [
  pr(11, 'merged', '2026-11-02T10:05:00Z', '2026-11-02T14:05:00Z'),
  pr(12, 'closed', '2026-11-03T10:05:00Z', '2026-11-04T10:05:00Z'),
  pr(13, 'merged', '2026-11-10T00:00:00Z', '2026-11-11T00:00:00Z'),
  pr(14, 'open', '2026-11-11T10:05:00Z', null, 'lint'),
];
