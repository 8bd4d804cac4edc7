import type { Logs } from '../types.js';
import { splitSteps } from './normalize.js';

/** Reads a log file's text (a job log, a `gh run view --log` capture, another CI's log) into steps. */
export function logsFromText(text: string, options: { job?: string; workspace?: string } = {}): Logs {
  const steps = splitSteps(text.split('\n'), { job: options.job ?? 'job', ...(options.workspace ? { workspace: options.workspace } : {}) });
  return { steps, notes: [] };
}
