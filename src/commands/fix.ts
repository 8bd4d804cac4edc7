import { basename } from 'node:path';
import { FileRunSource } from '../adapters/fs/file-run-source.js';
import { loadTemplate } from '../adapters/fs/files.js';
import { GitWorkspace } from '../adapters/git/workspace.js';
import { stderrLogger } from '../adapters/logger.js';
import { OpenAIModel } from '../adapters/model/openai-model.js';
import { autofix } from '../autofix.js';
import { readConfig } from '../config.js';
import { type CommandRun, changesSince, parseFlags, readInput, repoDir, UsageError } from './args.js';

/** `fix`: the whole pipeline on a log and a checkout, as a dry run; the verified patch is applied uncommitted. */
export const run: CommandRun = async (args, { out, err }) => {
  const { values } = parseFlags(args, {
    log: { type: 'string' },
    repo: { type: 'string' },
    'test-cmd': { type: 'string' },
    model: { type: 'string' },
    'base-url': { type: 'string' },
    'max-attempts': { type: 'string' },
    'max-changed-lines': { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    since: { type: 'string' },
  });
  const root = repoDir(values.repo);
  const logText = readInput(values.log, 'log');
  const apiKey = process.env.CI_AUTOFIX_API_KEY ?? process.env.OPENAI_API_KEY ?? process.env.GITHUB_TOKEN ?? '';
  const inputs: Record<string, string | undefined> = {
    'api-key': apiKey,
    'base-url': values['base-url'],
    model: values.model,
    'test-command': values['test-cmd'],
    'max-attempts': values['max-attempts'],
    'max-changed-lines': values['max-changed-lines'],
    'dry-run': 'true',
    categories: 'test,lint,typecheck,build',
  };
  const config = readConfig((n) => inputs[n] ?? '');
  if (!config.apiKey) throw new UsageError('no model key: set CI_AUTOFIX_API_KEY, OPENAI_API_KEY or GITHUB_TOKEN');
  const workspace = new GitWorkspace(root, [config.apiKey]);
  const outcome = await autofix(
    config,
    { runId: 1 },
    {
      source: new FileRunSource(
        logText,
        values.log ?? 'log',
        basename(root),
        values.since ? { ref: values.since, changes: await changesSince(workspace, values.since) } : null,
      ),
      model: new OpenAIModel({ apiKey: config.apiKey, baseUrl: config.baseUrl, model: config.model }),
      workspace,
      publisher: null,
      logger: stderrLogger(values.verbose, err),
      template: loadTemplate(undefined, root),
    },
  );
  const applied = outcome.patch && !values['dry-run'];
  if (applied && outcome.patch) await workspace.applyPatch(outcome.patch);
  out(`${outcome.status}: ${outcome.reason}\n`);
  if (outcome.patch) out(`\n${outcome.explanation ?? ''}\n\n${outcome.patch}`);
  if (applied) out('\nThe verified patch is applied to the work tree (uncommitted).\n');
  return outcome.status === 'fixed' ? 0 : 1;
};
