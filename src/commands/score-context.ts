import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../adapters/fs/files.js';
import { loadSuite } from '../evals/cases.js';
import { contextCoverage, renderCoverage } from '../evals/context-coverage.js';
import { realisticCases, realisticCoverage, renderRealistic } from '../evals/realistic-context.js';
import { evalEnvironment } from '../evals/run-case.js';
import { type CommandRun, parseFlags, positiveInt } from './args.js';

/** `score-context`: how often the context holds the lines each eval case's correct fix changes. */
export const run: CommandRun = async (args, { out }) => {
  const { values } = parseFlags(args, { 'max-tokens': { type: 'string' } });
  const root = packageRoot();
  const maxTokens = positiveInt(values['max-tokens'], 'max-tokens', 6000);
  const scratch = mkdtempSync(join(tmpdir(), 'ci-autofix-score-'));
  try {
    const env = await evalEnvironment(root, scratch);
    const results = [];
    // Lint cases go to the tools' fix mode first: the model, if asked, sees the tree after their
    // change, which this measure (on the failing commit) does not reproduce.
    for (const c of loadSuite(root).cases.filter((x) => x.kind === 'positive' && x.category !== 'lint'))
      results.push(await contextCoverage(root, c, env, maxTokens));
    out(`${renderCoverage(results, maxTokens)}\n`);
    // The realistic set: repositories of 40+ files, by the cause that made such contexts miss.
    const realistic = [];
    for (const c of realisticCases()) realistic.push(await realisticCoverage(c, maxTokens));
    out(`\n${renderRealistic(realistic, maxTokens)}\n`);
    const all = [...results.map((r) => r.covered), ...realistic.map((r) => r.covered)];
    return all.filter(Boolean).length / Math.max(1, all.length) >= 0.9 ? 0 : 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
};
