import { randomBytes } from 'node:crypto';
import * as core from '@actions/core';
import type { Logger } from '../ports.js';

/** A line the runner could take for a workflow command: `::name::` at a line's start, or v1's `##[name]` anywhere. */
const COMMAND_LIKE = /(^|[\r\n])\s*::|##\[/;

/**
 * `core.info` for text that may come from the failed run or the model (test names, messages,
 * paths). The runner acts on workflow commands in a step's output, so a failing test named
 * "x\n::add-mask::…" or a message holding `::stop-commands::` would steer this job's log.
 * Such text is printed between `::stop-commands::<random token>` and `::<token>::`, GitHub's
 * documented way to print untrusted text verbatim; `core.warning`, `core.error`, `core.debug`
 * and group names are escaped by @actions/core itself.
 */
export function infoVerbatim(message: string, write: (line: string) => void = core.info): void {
  if (!COMMAND_LIKE.test(message)) {
    write(message);
    return;
  }
  const token = randomBytes(16).toString('hex');
  write(`::stop-commands::${token}`);
  write(message);
  write(`::${token}::`);
}

/** The action's logger: `core.*`, with groups ended in `finally`. */
export const coreLogger: Logger = {
  info: (m) => infoVerbatim(m),
  warning: (m) => core.warning(m),
  debug: (m) => core.debug(m),
  annotate: (m, file, line) => core.error(m, { ...(file ? { file } : {}), ...(line ? { startLine: line } : {}), title: 'ci-autofix: root error' }),
  group: (name, fn) => core.group(name, fn),
};

/** The CLI's logger: plain lines on stderr, so stdout stays for JSON. */
export function stderrLogger(verbose = false, write: (s: string) => void = (s) => process.stderr.write(s)): Logger {
  return {
    info: (m) => write(`${m}\n`),
    warning: (m) => write(`warning: ${m}\n`),
    debug: (m) => {
      if (verbose) write(`debug: ${m}\n`);
    },
    annotate: (m, file, line) => write(`error${file ? ` ${file}${line ? `:${line}` : ''}` : ''}: ${m}\n`),
    group: async (name, fn) => {
      write(`▶ ${name}\n`);
      return fn();
    },
  };
}
