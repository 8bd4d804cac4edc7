import { GitWorkspace } from '../adapters/git/workspace.js';
import { selectContext } from '../context/select-context.js';
import { extractFailure } from '../errors/extract.js';
import { resolveErrorFiles } from '../errors/resolve-files.js';
import { logsFromStream } from '../logs/read-log.js';
import { type CommandRun, changesSince, logStream, parseFlags, positiveInt, repoDir } from './args.js';

/** `context`: Logs → Failure → Context, on a checkout. */
export const run: CommandRun = async (args, { out }) => {
  const { values } = parseFlags(args, {
    log: { type: 'string' },
    repo: { type: 'string' },
    json: { type: 'boolean', default: false },
    'max-tokens': { type: 'string' },
    since: { type: 'string' },
  });
  const root = repoDir(values.repo);
  const maxTokens = positiveInt(values['max-tokens'], 'max-tokens', 6000);
  const ws = new GitWorkspace(root);
  const failure = await resolveErrorFiles(extractFailure(await logsFromStream(logStream(values.log))), (p) => ws.fileExists(p));
  // --since: what changed from the last commit CI passed on joins the context, as the action's last green run does.
  const changes = await changesSince(ws, values.since);
  const context = await selectContext(failure, (p) => ws.readFile(p), maxTokens, {
    changes,
    findDefinitions: (names) => ws.findDefinitions(names),
    searchFiles: (ere, paths) => ws.searchFiles(ere, paths),
  });
  if (values.json) {
    const sections = context.sections.map(({ text: _t, ...s }) => s);
    const changes = context.changes.map(({ text: _t, ...c }) => c);
    out(`${JSON.stringify({ sections, changes, tokens: context.tokens, omitted: context.omitted }, null, 2)}\n`);
  } else {
    for (const s of context.sections) out(`## ${s.file}:${s.startLine}-${s.endLine} (${s.reason})\n${s.text}\n\n`);
    out(`${context.tokens} tokens (o200k_base)\n`);
  }
  return context.sections.length > 0 ? 0 : 1;
};
