import type { RunRequest } from '../trigger/resolve-run.js';
import type { Outcome } from '../types.js';
import type { RunRow } from './database.js';

/**
 * The outcome as a row of `autofix_runs`, keyed by the failed run it acted on: the resolved run,
 * else the run the trigger named. Null when neither is known (the inputs were refused before).
 */
export function runRowOf(
  outcome: Outcome,
  request: RunRequest | undefined,
  at: { repository: string; startedAt: Date; finishedAt: Date; version: string },
): RunRow | null {
  const run = outcome.run;
  const runId = run?.runId ?? request?.runId;
  if (runId === undefined) return null;
  const m = outcome.metrics;
  return {
    repository: run ? `${run.owner}/${run.repo}` : at.repository,
    runId,
    runAttempt: run?.attempt ?? request?.attempt ?? 1,
    workflow: run?.workflowName ?? null,
    event: run?.event ?? null,
    headBranch: run?.headBranch ?? null,
    headSha: run?.headSha ?? null,
    status: outcome.status,
    reason: outcome.reason,
    category: m.category,
    signature: m.signature,
    fixer: m.fixer,
    attempts: m.attempts,
    tokens: m.tokens,
    costUsd: m.costUsd,
    model: m.model || null,
    timeToFixMs: m.timeToFixMs,
    prNumber: outcome.pullRequest?.number ?? null,
    prUrl: outcome.pullRequest?.url ?? null,
    startedAt: at.startedAt,
    finishedAt: at.finishedAt,
    actionVersion: at.version,
  };
}
