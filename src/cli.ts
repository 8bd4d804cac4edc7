import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ExpectedCase } from './errors/score.js';
import { UserError } from './user-error.js';
import { VERSION } from './version.js';

// Each command loads what it needs when it runs: the bundle holds every module, but evaluating
// all of them (the model client, Octokit, the schema validator…) cost every start 0.2 s that
// `extract` never used. webpackMode "eager" keeps them in the one bundle file.
const load = {
  extract: () => import(/* webpackMode: "eager" */ './errors/extract.js'),
  readLog: () => import(/* webpackMode: "eager" */ './logs/read-log.js'),
  workspace: () => import(/* webpackMode: "eager" */ './adapters/git/workspace.js'),
  resolveFiles: () => import(/* webpackMode: "eager" */ './errors/resolve-files.js'),
  context: () => import(/* webpackMode: "eager" */ './context/select-context.js'),
  patch: () => import(/* webpackMode: "eager" */ './patch/prepare-patch.js'),
  files: () => import(/* webpackMode: "eager" */ './adapters/fs/files.js'),
  logger: () => import(/* webpackMode: "eager" */ './adapters/logger.js'),
  config: () => import(/* webpackMode: "eager" */ './config.js'),
  autofix: () => import(/* webpackMode: "eager" */ './autofix.js'),
  fileRunSource: () => import(/* webpackMode: "eager" */ './adapters/fs/file-run-source.js'),
  openai: () => import(/* webpackMode: "eager" */ './adapters/model/openai-model.js'),
  evals: () => import(/* webpackMode: "eager" */ './evals/run-evals.js'),
  evalCase: () => import(/* webpackMode: "eager" */ './evals/run-case.js'),
  cases: () => import(/* webpackMode: "eager" */ './evals/cases.js'),
  coverage: () => import(/* webpackMode: "eager" */ './evals/context-coverage.js'),
  demo: () => import(/* webpackMode: "eager" */ './demo.js'),
  octokit: () => import(/* webpackMode: "eager" */ './adapters/github/octokit.js'),
  publisher: () => import(/* webpackMode: "eager" */ './adapters/github/publisher.js'),
  report: () => import(/* webpackMode: "eager" */ './report/pr-report.js'),
  score: () => import(/* webpackMode: "eager" */ './errors/score.js'),
};

const USAGE = `ci-autofix ${VERSION}: turn a red CI run into a verified fix

usage:
  ci-autofix extract --log <file|-> [--json]
  ci-autofix context --log <file> --repo <dir> [--json] [--max-tokens N]
  ci-autofix apply   --patch <file> --repo <dir> [--check] [--max-changed-lines N]
  ci-autofix fix     --log <file> --repo <dir> [--test-cmd <cmd>] [--model <m>] [--base-url <url>] [--dry-run]
  ci-autofix demo
  ci-autofix report --repo <owner/name> [--label ci/autofix] [--json]   (GITHUB_TOKEN; GITHUB_API_URL or --api-url)
  ci-autofix score-logs <dir>
  ci-autofix score-context [--max-tokens N]   (coverage of the eval cases' fix lines by \`context\`)
  ci-autofix eval [--provider replay|openai] [--model m] [--case id] [--jobs N] [--shard i/n] [--gate] ...
                  (ci-autofix eval --help for all options)

exit status: 0 success, 1 no fix or refused (reason on stderr), 2 bad usage or unreadable input
fix reads the model key from CI_AUTOFIX_API_KEY, OPENAI_API_KEY or GITHUB_TOKEN.`;

class UsageError extends Error {}

/** A log as a stream: the file, or stdin for `-`. */
function logStream(path: string | undefined): AsyncIterable<Uint8Array | string> {
  if (!path) throw new UsageError('--log is required');
  if (path === '-') return process.stdin;
  if (!existsSync(path)) throw new UsageError(`cannot read --log ${path}: no such file`);
  // 1 MB reads rather than the default 64 KB: 0.90 s -> 0.79 s on the 100 MB bench log.
  return createReadStream(path, { highWaterMark: 1 << 20 });
}

function readInput(path: string | undefined, what: string): string {
  if (!path) throw new UsageError(`--${what} is required`);
  try {
    return path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --${what} ${path}: ${(error as Error).message}`);
  }
}

function repoDir(path: string | undefined): string {
  if (!path) throw new UsageError('--repo is required');
  const dir = resolve(path);
  if (!existsSync(join(dir, '.git'))) throw new UsageError(`--repo ${path} is not a git work tree`);
  return dir;
}

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--${name} must be a positive whole number, got ${value}`);
  return Number(value);
}

export async function main(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    out(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  if (command === '--version') {
    out(`${VERSION}\n`);
    return 0;
  }
  if (command === 'eval') {
    const [{ runEvals }, { packageRoot }] = await Promise.all([load.evals(), load.files()]);
    return runEvals(rest, packageRoot(), out, err);
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      log: { type: 'string' },
      repo: { type: 'string' },
      patch: { type: 'string' },
      json: { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      'test-cmd': { type: 'string' },
      model: { type: 'string' },
      'base-url': { type: 'string' },
      'max-tokens': { type: 'string' },
      'max-changed-lines': { type: 'string' },
      'max-attempts': { type: 'string' },
      verbose: { type: 'boolean', default: false },
      label: { type: 'string', default: 'ci/autofix' },
      'api-url': { type: 'string' },
    },
  });
  switch (command) {
    case 'extract': {
      const [{ extractFailure }, { logsFromStream }] = await Promise.all([load.extract(), load.readLog()]);
      const failure = extractFailure(await logsFromStream(logStream(values.log)));
      if (values.json)
        out(
          `${JSON.stringify({ category: failure.category, errors: failure.errors, testCommand: failure.testCommand, signature: failure.signature }, null, 2)}\n`,
        );
      else {
        out(`category: ${failure.category}\ncommand: ${failure.testCommand ?? 'unknown'}\n`);
        for (const e of failure.errors) out(`${e.file ?? '-'}:${e.line ?? '-'}  [${e.tool}] ${e.message.split('\n')[0]}\n`);
      }
      return failure.errors.length > 0 ? 0 : 1;
    }
    case 'context': {
      const [{ extractFailure }, { logsFromStream }, { GitWorkspace }, { resolveErrorFiles }, { selectContext }] = await Promise.all([
        load.extract(),
        load.readLog(),
        load.workspace(),
        load.resolveFiles(),
        load.context(),
      ]);
      const root = repoDir(values.repo);
      const ws = new GitWorkspace(root);
      const failure = await resolveErrorFiles(extractFailure(await logsFromStream(logStream(values.log))), (p) => ws.fileExists(p));
      const context = await selectContext(failure, (p) => ws.readFile(p), positiveInt(values['max-tokens'], 'max-tokens', 6000));
      if (values.json) {
        out(
          `${JSON.stringify({ sections: context.sections.map(({ text: _t, ...s }) => s), changes: context.changes.map(({ text: _t, ...c }) => c), tokens: context.tokens, omitted: context.omitted }, null, 2)}\n`,
        );
      } else {
        for (const s of context.sections) out(`## ${s.file}:${s.startLine}-${s.endLine} (${s.reason})\n${s.text}\n\n`);
        out(`${context.tokens} tokens (o200k_base)\n`);
      }
      return context.sections.length > 0 ? 0 : 1;
    }
    case 'apply': {
      const [{ GitWorkspace }, { preparePatch }] = await Promise.all([load.workspace(), load.patch()]);
      const root = repoDir(values.repo);
      const ws = new GitWorkspace(root);
      const prepared = await preparePatch(
        readInput(values.patch, 'patch'),
        { maxChangedLines: positiveInt(values['max-changed-lines'], 'max-changed-lines', 100), maxFiles: 10 },
        ws,
      );
      if (!prepared.ok) {
        err(`refused: ${prepared.reason}\n`);
        return 1;
      }
      for (const note of prepared.notes) err(`repaired: ${note}\n`);
      if (!values.check) await ws.applyPatch(prepared.patch);
      if (values.json)
        out(
          `${JSON.stringify({ applied: !values.check, files: prepared.summary.files, added: prepared.summary.added, removed: prepared.summary.removed, patch: prepared.patch })}\n`,
        );
      else
        out(
          `${values.check ? 'applies cleanly' : 'applied'}: ${prepared.summary.files.join(', ')} (+${prepared.summary.added} -${prepared.summary.removed})\n`,
        );
      return 0;
    }
    case 'fix': {
      const [{ GitWorkspace }, { readConfig }, { autofix }, { FileRunSource }, { OpenAIModel }, { loadTemplate }, { stderrLogger }] = await Promise.all([
        load.workspace(),
        load.config(),
        load.autofix(),
        load.fileRunSource(),
        load.openai(),
        load.files(),
        load.logger(),
      ]);
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
          source: new FileRunSource(logText, values.log ?? 'log', basename(root)),
          model: new OpenAIModel({ apiKey: config.apiKey, baseUrl: config.baseUrl, model: config.model }),
          workspace,
          publisher: null,
          logger: stderrLogger(values.verbose, err),
          template: loadTemplate(undefined, root),
        },
      );
      if (outcome.patch && !values['dry-run']) await workspace.applyPatch(outcome.patch);
      out(`${outcome.status}: ${outcome.reason}\n`);
      if (outcome.patch) out(`\n${outcome.explanation ?? ''}\n\n${outcome.patch}`);
      if (outcome.patch && !values['dry-run']) out('\nThe verified patch is applied to the work tree (uncommitted).\n');
      return outcome.status === 'fixed' ? 0 : 1;
    }
    case 'score-context': {
      const [{ packageRoot }, { evalEnvironment }, { loadSuite }, { contextCoverage, renderCoverage }] = await Promise.all([
        load.files(),
        load.evalCase(),
        load.cases(),
        load.coverage(),
      ]);
      const root = packageRoot();
      const maxTokens = positiveInt(values['max-tokens'], 'max-tokens', 6000);
      const scratch = mkdtempSync(join(tmpdir(), 'ci-autofix-score-'));
      try {
        const env = await evalEnvironment(root, scratch);
        const results = [];
        for (const c of loadSuite(root).cases.filter((x) => x.kind === 'positive')) results.push(await contextCoverage(root, c, env, maxTokens));
        out(`${renderCoverage(results, maxTokens)}\n`);
        return results.filter((r) => r.covered).length / Math.max(1, results.length) >= 0.9 ? 0 : 1;
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    }
    case 'demo': {
      const { runDemo } = await load.demo();
      return runDemo((line) => out(`${line}\n`));
    }
    case 'report': {
      const [owner, name] = (values.repo ?? '').split('/');
      if (!owner || !name) throw new UsageError('report needs --repo owner/name');
      const token = process.env.GITHUB_TOKEN ?? process.env.GH_TOKEN ?? '';
      if (!token) throw new UsageError('report reads pull requests through the API: set GITHUB_TOKEN');
      const [{ createOctokit }, { BRANCH_PREFIX }, { summarizePullRequests, renderReport }] = await Promise.all([
        load.octokit(),
        load.publisher(),
        load.report(),
      ]);
      const apiUrl = values['api-url'] ?? process.env.GITHUB_API_URL;
      const octokit = createOctokit(token, apiUrl ? { baseUrl: apiUrl } : {});
      const pulls = await octokit.paginate(octokit.rest.pulls.list, { owner, repo: name, state: 'all', per_page: 100 });
      const ours = pulls.filter((p) => p.labels.some((l) => l.name === values.label) || p.head.ref.startsWith(BRANCH_PREFIX));
      const rows = summarizePullRequests(ours.map((p) => ({ createdAt: p.created_at, mergedAt: p.merged_at, closedAt: p.closed_at, body: p.body })));
      out(values.json ? `${JSON.stringify(rows, null, 2)}\n` : renderReport(rows));
      return 0;
    }
    case 'score-logs': {
      const dir = positionals[0];
      if (!dir || !existsSync(dir)) throw new UsageError('score-logs needs a folder of cases (<case>/log.txt and <case>/expected.json)');
      const [{ extractFailure }, { logsFromText }, { scoreCase, renderScores }] = await Promise.all([load.extract(), load.readLog(), load.score()]);
      const scores = [];
      for (const name of readdirSync(dir).sort()) {
        const expectedPath = join(dir, name, 'expected.json');
        if (!existsSync(expectedPath)) continue;
        const failure = extractFailure(logsFromText(readFileSync(join(dir, name, 'log.txt'), 'utf8')));
        scores.push(scoreCase(name, JSON.parse(readFileSync(expectedPath, 'utf8')) as ExpectedCase, failure));
      }
      out(`${renderScores(scores)}\n`);
      return 0;
    }
    default:
      throw new UsageError(`unknown command \`${command}\``);
  }
}

/** The CLI entry: one catch, exit 1 for what failed, 2 for bad usage. */
export async function cli(): Promise<void> {
  let code: number;
  try {
    code = await main(
      process.argv.slice(2),
      (s) => process.stdout.write(s),
      (s) => process.stderr.write(s),
    );
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`ci-autofix: ${(error as Error).message}\n\n${USAGE}\n`);
      code = 2;
    } else if (error instanceof UserError) {
      process.stderr.write(`ci-autofix: ${error.message}\n`);
      code = 1;
    } else {
      process.stderr.write(`ci-autofix: unexpected error: ${(error as Error).stack ?? error}\n`);
      code = 1;
    }
  }
  process.exitCode = code;
}
