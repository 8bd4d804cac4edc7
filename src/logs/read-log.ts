import type { Logs } from '../types.js';
import { StepSplitter, splitStream } from './normalize.js';

/** Log text (a job log, a `gh run view --log` capture, another CI's log) → normalized steps. */
export function logsFromText(text: string, options: { job?: string; workspace?: string } = {}): Logs {
  const splitter = new StepSplitter({ job: options.job ?? 'job', ...(options.workspace ? { workspace: options.workspace } : {}) });
  let start = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
    splitter.push(text.slice(start, nl));
    start = nl + 1;
  }
  if (start < text.length) splitter.push(text.slice(start));
  return splitter.finish();
}

/** The same from a stream, in bounded memory (a 1 GB log is never held whole). */
export function logsFromStream(
  chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: { job?: string; workspace?: string; failedSteps?: string[] } = {},
): Promise<Logs> {
  return splitStream(chunks, {
    job: options.job ?? 'job',
    ...(options.workspace ? { workspace: options.workspace } : {}),
    ...(options.failedSteps ? { failedSteps: options.failedSteps } : {}),
  });
}
