import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UserError } from '../user-error.js';
import { VERSION } from '../version.js';
import { type EvalCase, loadSuite, shard } from './cases.js';
import { type EvalReport, gate, mergeReports, progressLine, renderMarkdown, totals } from './report.js';
import { type CaseResult, emptyResult, evalEnvironment, type RunOptions, runCase } from './run-case.js';

export const EVAL_USAGE = `usage: ci-autofix eval [options]          (npm run eval -- [options])
  --provider replay|openai   replay (default): the cases' recorded answers, offline; openai: a live
                             OpenAI-compatible provider (key from CI_AUTOFIX_EVAL_API_KEY, OPENAI_API_KEY or GITHUB_TOKEN)
  --model <name>             the model asked, and priced (default gpt-4o-mini)
  --base-url <url>           the provider (default https://api.openai.com/v1; GitHub Models: https://models.github.ai/inference)
  --replay-set <name>        replay evals/replays/<name>/ instead of each case's answers/
  --record [name]            with openai: save the answers as the replay set <name> (default: the model)
  --replays <dir>            where replay sets are read and recorded (default evals/replays)
  --case <id>[,<id>...]      run only these cases
  --jobs N                   cases in parallel (default 1)
  --shard i/n                run the i-th of n slices (for a matrix of jobs)
  --out <file.json>          write the results here (and the .md beside it)
                             (default evals/results/<provider>-<model>.json)
  --gate                     fail if a negative case opens a PR or the success rate drops below the
                             committed results; writes nothing unless --out is given
  --verbose                  print the action's log under each case
  --merge <a.json> <b.json>  merge shard results into --out instead of running`;

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
}

/** Runs `fn` over items with at most `jobs` at a time, reporting each as it finishes. */
async function pool<T, R>(items: readonly T[], jobs: number, fn: (item: T) => Promise<R>, done: (r: R, n: number) => void): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let finished = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      results[i] = await fn(items[i] as T);
      done(results[i] as R, ++finished);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, worker));
  return results;
}

function readReport(path: string): EvalReport {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as EvalReport;
  } catch (error) {
    throw new UserError(`cannot read eval results ${path}: ${(error as Error).message}`);
  }
}

function writeReport(report: EvalReport, jsonPath: string): string {
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  const mdPath = jsonPath.replace(/\.json$/, '') + '.md';
  writeFileSync(mdPath, renderMarkdown(report));
  return mdPath;
}

/** `ci-autofix eval`: the cases of evals/ci_autofix.yaml through the bundled action, judged and totalled. */
export async function runEvals(argv: string[], root: string, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      provider: { type: 'string', default: 'replay' },
      model: { type: 'string', default: 'gpt-4o-mini' },
      'base-url': { type: 'string', default: 'https://api.openai.com/v1' },
      'replay-set': { type: 'string' },
      replays: { type: 'string' },
      record: { type: 'string' },
      case: { type: 'string', multiple: true },
      jobs: { type: 'string', default: '1' },
      shard: { type: 'string' },
      out: { type: 'string' },
      gate: { type: 'boolean', default: false },
      merge: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    out(`${EVAL_USAGE}\n`);
    return 0;
  }
  const provider = values.provider;
  if (provider !== 'replay' && provider !== 'openai') throw new UserError(`--provider must be replay or openai, got ${provider}`);
  const model = values.model;
  const defaultOut = join(root, 'evals', 'results', `${provider}-${slug(model)}${values['replay-set'] ? `-${slug(values['replay-set'])}` : ''}.json`);

  if (values.merge) {
    if (positionals.length === 0) throw new UserError('--merge needs the shard result files');
    const merged = mergeReports(positionals.map(readReport));
    const target = values.out ?? defaultOut;
    const md = writeReport(merged, target);
    out(renderMarkdown(merged));
    err(`wrote ${target} and ${md}\n`);
    return 0;
  }
  if (positionals.length) throw new UserError(`unexpected argument ${positionals[0]}`);

  const jobs = Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UserError(`--jobs must be a positive whole number, got ${values.jobs}`);
  let upstream: RunOptions['upstream'] = null;
  if (provider === 'openai') {
    const apiKey = process.env.CI_AUTOFIX_EVAL_API_KEY || process.env.OPENAI_API_KEY || process.env.GITHUB_TOKEN;
    if (!apiKey) throw new UserError('--provider openai needs a key: set CI_AUTOFIX_EVAL_API_KEY, OPENAI_API_KEY or GITHUB_TOKEN.');
    upstream = { baseUrl: values['base-url'], apiKey };
  } else if (values.record !== undefined) {
    throw new UserError('--record saves a live provider’s answers: use it with --provider openai.');
  }
  if (!existsSync(join(root, 'dist', 'index.js'))) throw new UserError('dist/index.js is missing: run `npm run build` first.');

  const suite = loadSuite(root);
  let cases: EvalCase[] = suite.cases;
  if (values.case?.length) {
    const wanted = values.case.flatMap((c) => c.split(',')).filter(Boolean);
    const unknown = wanted.filter((w) => !cases.some((c) => c.id === w));
    if (unknown.length) throw new UserError(`no such case: ${unknown.join(', ')} (see evals/ci_autofix.yaml)`);
    cases = cases.filter((c) => wanted.includes(c.id));
  }
  cases = shard(cases, values.shard);

  const scratch = mkdtempSync(join(tmpdir(), 'ci-autofix-eval-'));
  try {
    const options: RunOptions = {
      root,
      provider,
      model,
      replaySet: values['replay-set'] ?? null,
      upstream,
      record: provider === 'openai' && values.record !== undefined ? slug(values.record || model) : null,
      replays: values.replays ? resolve(values.replays) : join(root, 'evals', 'replays'),
      env: await evalEnvironment(root, scratch),
    };
    err(`ci-autofix ${VERSION} evals: ${cases.length} case(s), provider ${provider}, model ${model}, ${jobs} at a time\n`);
    const results = await pool(
      cases,
      jobs,
      async (c): Promise<CaseResult> => {
        try {
          return await runCase(c, options);
        } catch (error) {
          return emptyResult(c, error as Error);
        }
      },
      (r, n) => {
        err(`${progressLine(n, cases.length, r)}\n`);
        if (values.verbose && r.log) err(`${r.log.replace(/^/gm, '    | ')}\n`);
      },
    );
    for (const r of results) delete r.log;
    const report: EvalReport = {
      provider,
      model,
      replaySet: options.replaySet,
      version: VERSION,
      date: new Date().toISOString().slice(0, 10),
      totals: totals(results),
      cases: results,
    };
    out(renderMarkdown(report));
    if (values.gate) {
      const baselinePath = defaultOut;
      const baseline = existsSync(baselinePath) ? readReport(baselinePath) : null;
      if (values.out) writeReport(report, values.out);
      const problems = gate(report, baseline);
      if (problems.length) {
        err(`eval gate failed: ${problems.join('; ')}\n`);
        return 1;
      }
      err(
        `eval gate passed: success ${(report.totals.successRate * 100).toFixed(1)}%${baseline ? ` (committed ${(baseline.totals.successRate * 100).toFixed(1)}%), no case regressed` : ''}, no PR on a negative case\n`,
      );
      return 0;
    }
    const target = values.out ?? defaultOut;
    const md = writeReport(report, target);
    err(`wrote ${target} and ${md}\n`);
    return report.totals.harnessErrors > 0 ? 1 : 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
