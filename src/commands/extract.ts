import { extractFailure } from '../errors/extract.js';
import { readPassLog } from '../logs/pass-log.js';
import { logsFromStream } from '../logs/read-log.js';
import { type CommandRun, logStream, parseFlags } from './args.js';

/** `extract`: Logs → Failure. */
export const run: CommandRun = async (args, { out }) => {
  const { values } = parseFlags(args, { log: { type: 'string' }, 'pass-log': { type: 'string' }, json: { type: 'boolean', default: false } });
  // The passing log first: it becomes a set of line hashes, never a second copy of a log.
  const pass = values['pass-log'] ? await readPassLog(logStream(values['pass-log'], 'pass-log')) : undefined;
  const failure = extractFailure({ ...(await logsFromStream(logStream(values.log))), ...(pass ? { pass } : {}) });
  if (values.json) {
    const { category, categoryReason, errors, testCommand, signature } = failure;
    out(`${JSON.stringify({ category, categoryReason, errors, testCommand, signature }, null, 2)}\n`);
  } else {
    out(`category: ${failure.category}${failure.categoryReason ? ` (${failure.categoryReason})` : ''}\ncommand: ${failure.testCommand ?? 'unknown'}\n`);
    for (const e of failure.errors) out(`${e.file ?? '-'}:${e.line ?? '-'}  [${e.tool}] ${e.message.split('\n')[0]}\n`);
  }
  return failure.errors.length > 0 ? 0 : 1;
};
