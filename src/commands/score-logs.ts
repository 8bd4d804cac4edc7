import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractFailure } from '../errors/extract.js';
import { type ExpectedCase, renderScores, scoreCase } from '../errors/score.js';
import { logsFromText } from '../logs/read-log.js';
import { type CommandRun, parseFlags, UsageError } from './args.js';

/** `score-logs`: the extractor against labelled logs. */
export const run: CommandRun = async (args, { out }) => {
  const { positionals } = parseFlags(args, {});
  const dir = positionals[0];
  if (!dir || !existsSync(dir)) throw new UsageError('score-logs needs a folder of cases (<case>/log.txt and <case>/expected.json)');
  const scores = [];
  for (const name of readdirSync(dir).sort()) {
    const expectedPath = join(dir, name, 'expected.json');
    if (!existsSync(expectedPath)) continue;
    const failure = extractFailure(logsFromText(readFileSync(join(dir, name, 'log.txt'), 'utf8')));
    scores.push(scoreCase(name, JSON.parse(readFileSync(expectedPath, 'utf8')) as ExpectedCase, failure));
  }
  out(`${renderScores(scores)}\n`);
  return 0;
};
