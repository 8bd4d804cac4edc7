import { extractFailure } from '../errors/extract.js';
import { logsFromStream } from '../logs/read-log.js';
import { type CommandRun, logStream, parseFlags } from './args.js';

/** `extract`: Logs → Failure. */
export const run: CommandRun = async (args, { out }) => {
  const { values } = parseFlags(args, { log: { type: 'string' }, json: { type: 'boolean', default: false } });
  const failure = extractFailure(await logsFromStream(logStream(values.log)));
  if (values.json) {
    const { category, errors, testCommand, signature } = failure;
    out(`${JSON.stringify({ category, errors, testCommand, signature }, null, 2)}\n`);
  } else {
    out(`category: ${failure.category}\ncommand: ${failure.testCommand ?? 'unknown'}\n`);
    for (const e of failure.errors) out(`${e.file ?? '-'}:${e.line ?? '-'}  [${e.tool}] ${e.message.split('\n')[0]}\n`);
  }
  return failure.errors.length > 0 ? 0 : 1;
};
