import type { Logger, RunSource } from '../ports.js';
import type { Logs, RunRef } from '../types.js';
import { logsFromStream } from './read-log.js';

/** The failed jobs' logs, read as streams in bounded memory; `notes` say what was cut. Throws what the RunSource throws. */
export function downloadLogs(run: RunRef, source: RunSource, logger: Logger, runnerWorkspace?: string): Promise<Logs> {
  return logger.group('Download the failed jobs’ logs', async () => {
    const jobs = await source.getFailedJobLogs(run);
    const steps: Logs['steps'] = [];
    const notes: string[] = [];
    for (const j of jobs) {
      const one = await logsFromStream(j.chunks, { job: j.job, failedSteps: j.failedSteps, ...(runnerWorkspace ? { workspace: runnerWorkspace } : {}) });
      steps.push(...one.steps);
      notes.push(...one.notes);
    }
    for (const note of notes) logger.info(`Log cut: ${note}`);
    logger.info(`${jobs.length} failed job(s), ${steps.length} step(s), ${steps.filter((s) => s.failed).length} failed`);
    return { steps, notes };
  });
}
