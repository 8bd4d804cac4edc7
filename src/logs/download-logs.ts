import type { Logger, RunSource } from '../ports.js';
import type { LogStep, Logs, RunRef } from '../types.js';
import { type PassLog, readPassLog, unionOf } from './pass-log.js';
import { logsFromStream } from './read-log.js';

/**
 * A step's number as the jobs API gives it: by name (an unnamed `run:` step is "Run <command>" in
 * both), else the only failed step's for a failed one (a named step's log header still says
 * "Run <command>"), else its place in the log (a skipped step prints nothing, so that can be off).
 */
function numbered(step: LogStep, api: readonly { name: string; number: number; failed: boolean }[]): { number?: number } {
  const byName = api.find((s) => s.name === step.name);
  if (byName) return { number: byName.number };
  const failed = api.filter((s) => s.failed);
  if (step.failed && failed.length === 1) return { number: failed[0]?.number as number };
  return step.number ? { number: step.number } : {};
}

/** The failed jobs' logs, read as streams in bounded memory; `notes` say what was cut. Throws what the RunSource throws. */
export function downloadLogs(run: RunRef, source: RunSource, logger: Logger, runnerWorkspace?: string): Promise<Logs> {
  return logger.group('Download the failed jobs’ logs', async () => {
    const jobs = await source.getFailedJobLogs(run);
    const steps: Logs['steps'] = [];
    const notes: string[] = [];
    for (const j of jobs) {
      const one = await logsFromStream(j.chunks, { job: j.job, failedSteps: j.failedSteps, ...(runnerWorkspace ? { workspace: runnerWorkspace } : {}) });
      steps.push(...(j.url ? one.steps.map((s) => ({ ...s, jobUrl: j.url, ...numbered(s, j.steps ?? []) })) : one.steps));
      notes.push(...one.notes);
    }
    for (const note of notes) logger.info(`Log cut: ${note}`);
    logger.info(`${jobs.length} failed job(s), ${steps.length} step(s), ${steps.filter((s) => s.failed).length} failed`);
    // Each failed job's counterpart in the last green run: read as line hashes, never held.
    const passing: PassLog[] = [];
    for (const j of source.passingJobLog ? jobs : []) {
      const chunks = await source.passingJobLog?.(run, j.job);
      if (!chunks) continue;
      const pass = await readPassLog(chunks);
      passing.push(pass);
      logger.info(`Passing log of job "${j.job}" in the last green run: ${pass.size} distinct failure-looking line(s) to rank below`);
    }
    const pass = unionOf(passing);
    return { steps, notes, ...(pass ? { pass } : {}) };
  });
}
