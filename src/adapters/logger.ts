import * as core from '@actions/core';
import type { Logger } from '../ports.js';

/** The action's logger: `core.*`, with groups ended in `finally`. */
export const coreLogger: Logger = {
  info: (m) => core.info(m),
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
