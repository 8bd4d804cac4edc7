import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { extractFailure } from '../errors/extract.js';
import { type CaseScore, figures, labelledText, readLabel, renderScores, scoreBugswarm, scoreCase, scoreRanges } from '../errors/score.js';
import { readPassLog } from '../logs/pass-log.js';
import { logsFromText } from '../logs/read-log.js';
import { type CommandRun, parseFlags, UsageError } from './args.js';

/** Every folder under `root` that holds a labelled log (`log.txt` and `expected.json`), in a stable order. */
function caseFolders(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    const names = readdirSync(dir).sort();
    if (names.includes('expected.json') && names.includes('log.txt')) out.push(dir);
    for (const name of names) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
    }
  };
  walk(root);
  return out;
}

/** The data set a case belongs to: the folder given, or its first sub-folder when cases sit deeper (corpus/bugswarm/…). */
function setOf(root: string, dir: string): string {
  const parts = relative(root, dir).split(sep);
  return parts.length > 1 ? (parts[0] ?? basename(root)) : basename(root);
}

/** Scores one case by the shape of its label; null for a label of no known shape. */
export async function scoreFolder(root: string, dir: string, usePassLog: boolean): Promise<CaseScore | null> {
  const label = readLabel(JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')));
  if (!label) return null;
  const text = readFileSync(join(dir, 'log.txt'), 'utf8');
  const passPath = join(dir, 'pass.log');
  const pass = usePassLog && existsSync(passPath) ? await readPassLog(createReadStream(passPath, { highWaterMark: 1 << 20 })) : undefined;
  const failure = extractFailure({ ...logsFromText(text), ...(pass ? { pass } : {}) });
  const name = relative(root, dir) || basename(dir);
  const set = setOf(root, dir);
  if (label.shape === 'errors') return scoreCase(name, label.expected, failure, set);
  if (label.shape === 'bugswarm') return scoreBugswarm(name, label.expected, failure, set);
  return scoreRanges(name, label.ranges, labelledText(text.split('\n'), label.ranges), failure, set);
}

/** `score-logs`: the extractor against labelled logs of every shape, per data set; a case's `pass.log` is diffed against unless --no-pass-log. */
export const run: CommandRun = async (args, { out }) => {
  const { values, positionals } = parseFlags(args, {
    misses: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    'no-pass-log': { type: 'boolean', default: false },
  });
  if (positionals.length === 0) throw new UsageError('score-logs needs one or more folders of labelled logs (<case>/log.txt and <case>/expected.json)');
  const scores: CaseScore[] = [];
  for (const root of positionals) {
    if (!existsSync(root)) throw new UsageError(`score-logs: no folder ${root}`);
    for (const dir of caseFolders(root)) {
      const score = await scoreFolder(root, dir, !values['no-pass-log']);
      if (score) scores.push(score);
    }
  }
  if (scores.length === 0) throw new UsageError(`score-logs: no labelled log under ${positionals.join(', ')}`);
  out(values.json ? `${JSON.stringify({ figures: figures(scores), cases: scores }, null, 2)}\n` : `${renderScores(scores, { misses: values.misses })}\n`);
  return 0;
};
