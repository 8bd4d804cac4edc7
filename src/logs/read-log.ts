import type { Logs } from '../types.js';
import { LogReader, type SplitOptions, splitStream } from './normalize.js';

export interface ReadOptions {
  job?: string;
  workspace?: string;
  failedSteps?: string[];
}

function splitOptions(options: ReadOptions): SplitOptions {
  return {
    job: options.job ?? 'job',
    ...(options.workspace ? { workspace: options.workspace } : {}),
    ...(options.failedSteps ? { failedSteps: options.failedSteps } : {}),
  };
}

/** Log text (a job log, a `gh run view --log` capture, another CI's log) → normalized steps. */
export function logsFromText(text: string, options: ReadOptions = {}): Logs {
  const reader = new LogReader(splitOptions(options));
  reader.write(text);
  return reader.end();
}

/** The same from a stream, in bounded memory (a 1 GB log is never held whole). */
export function logsFromStream(chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>, options: ReadOptions = {}): Promise<Logs> {
  return splitStream(chunks, splitOptions(options));
}
