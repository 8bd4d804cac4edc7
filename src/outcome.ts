import type { Attempt, Outcome, Status } from './types.js';

/** How a run of the pipeline ends when it ends early or is refused: a status and a sentence for the user. */
export interface Ending {
  status: Status;
  reason: string;
}

/** What the pipeline has learnt so far: everything of the Outcome but its ending and metrics. */
export type Progress = Omit<Outcome, 'metrics' | 'status' | 'reason'>;

export function totals(attempts: readonly Attempt[]): { tokens: number; cost: number } {
  return {
    tokens: attempts.reduce((a, t) => a + (t.proposal?.usage.totalTokens ?? 0), 0),
    cost: attempts.reduce((a, t) => a + (t.proposal?.costUsd ?? 0), 0),
  };
}

/** The Outcome of a run that ended as `ending` after `elapsedMs`, with its metrics. */
export function finish(ending: Ending, progress: Progress, model: string, elapsedMs: number): Outcome {
  const { tokens, cost } = totals(progress.attempts);
  return {
    ...progress,
    ...ending,
    metrics: {
      status: ending.status,
      category: progress.failure?.category ?? null,
      signature: progress.failure?.signature ?? null,
      attempts: progress.attempts.length,
      timeToFixMs: ending.status === 'fixed' ? elapsedMs : null,
      tokens,
      costUsd: cost,
      model: progress.attempts.some((a) => a.proposal) ? model : '',
      // The tools whose own fix mode made (part of) the change.
      fixer: progress.mechanical?.patch
        ? progress.mechanical.tools.map((t) => (t.hooks?.length ? `${t.tool} (${t.hooks.map((h) => h.split(' ')[0]).join(', ')})` : t.tool)).join(', ')
        : null,
    },
  };
}
