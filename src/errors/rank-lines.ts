import type { PassLog } from '../logs/pass-log.js';
import { volatileFree } from '../logs/pass-log.js';
import type { ErrorLocation, LogStep } from '../types.js';
import { isRepoPath, loc } from './location.js';

/**
 * The generic ranker: the root-error lines of a step whatever tool printed them, scored by what
 * generalises across tools: failure vocabulary, nearness to where the failing command ended,
 * absence from the passing log, and rarity (a line printed 500 times is noise). Family
 * extractors read file, line and message where they know the format; this finds the lines
 * where no family does.
 */

// Where a failing command's output ends: Travis' exit line, the runner's exit-code annotation,
// Jenkins' and Maven's verdicts, make's and package managers' own.
const END_OF_FAILURE =
  /^(?:The command ".*" exited with [1-9]\d*\.|.*" (?:failed and )?exited with [1-9]\d*(?: during .*)?\.$|##\[error\]Process completed with exit code [1-9]|Build step '.*' marked build as failure|Finished: FAILURE|\[ERROR\] BUILD FAILURE|BUILD FAILED|FAILURE: Build failed|make(?:\[\d+\])?: \*\*\* .*Error \d+|npm ERR! code ELIFECYCLE|error Command failed with exit code|Error: Process completed with exit code [1-9])/;
// Where Travis starts a command: `$ <command>` (after the fold and timing markers it strips).
const COMMAND_START = /^\$ \S/;

const STRONG =
  /\b(?:error|errors|fail|failed|failure|failures|fatal|exception|panic|abort(?:ed)?|traceback|assert(?:ion)?(?:error)?|segmentation fault|cannot|could not|couldn't|unable to|not found|no such file|denied|undefined|unresolved|timed? ?out|expected|no \w+ found)\b|not ok \d|\bFAIL\b|✖|✗|❌|\[-\]/i;
// A summary or a count of nothing, a warning, a line of progress: vocabulary without a failure.
const NOISE =
  /\b(?:0|no) (?:errors?|failures?|failed)\b|\b(?:errors?|failures?|failed): 0\b|\bwarn(?:ing)?s?\b|deprecat|^\s*(?:ok|pass(?:ed)?|✓|√)\b|--no-fail|ignore[-_ ]?errors?|\bskip(?:ped|ping)?\b|\ballow(?:s|ed|ing)?\b|(?:\.{3,}|:)\s*ok\b|\bOK\s*$|^\[\+\]|^(?:\[\w+\]\s*)?at [\w$.<>]+\(|error[-_]?prone|\bon[-_]?error\b|\.error\(|errors?\.(?:js|py|go|rb|ts)\b|Error(?:s)?\.java\b/i;
// A verdict that sums up what failed above it: the cause is in the lines before.
const SUMMARY =
  /BUILD FAILURE|BUILD FAILED|Failed to execute goal|See above for|see the (?:log|output) above|Test failed\.|build FAILED|\*\* (?:TEST|BUILD) FAILED \*\*|^\d+ (?:out of \d+ )?tests? failed|^FAILURES!$|Tests? run:.*Failures|There (?:was|were) \d+ (?:errors?|failures?):?$|^Failed tests:|^Tests in error:|exited with [1-9]|exit (?:code|status) [1-9]|Process completed with exit code/i;
// A short header whose details follow (`rake aborted!`, `Failures:`, `Testing failed:`).
const HEADER = /^[\w\s.'()-]{0,30}[:!]$/;
// A file and line in a line of any tool: `path/file.ext:12`, `path/file.ext(12,3)`, `File "path", line 12`.
// The path starts a word: `/usr/lib/x.rb:3` is not `usr/lib/x.rb`.
// The path starts a word: `/usr/lib/x.rb:3` names no repository file, though it names a place.
const PATH_LINE = /(?:File "([^"]+)", line (\d+))|(?<![\w/.@+-])((?:[\w.@+-]+\/)*[\w.@+-]+\.[A-Za-z]{1,6})(?::(\d+)(?::\d+)?|\((\d+)(?:,\d+)?\))/;
const ANY_PLACE = /File "[^"]+", line \d+|[\w.@+-]+\.[A-Za-z]{1,6}(?::\d+|\(\d+(?:,\d+)?\))/;

interface Candidate {
  index: number;
  score: number;
}

/** The failing command's lines: from its start to where it ended, or the whole step. */
export function failingRegion(lines: readonly string[]): [number, number] {
  let end = lines.length;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (END_OF_FAILURE.test(lines[i] ?? '')) {
      end = i + 1;
      break;
    }
  }
  let start = 0;
  for (let i = end - 2; i >= 0; i--) {
    if (COMMAND_START.test(lines[i] ?? '')) {
      start = i;
      break;
    }
  }
  return [start, end];
}

/** The file and line a line names, when it names one in the repository. */
function pathIn(line: string): { file: string | null; line: number | null } {
  const m = PATH_LINE.exec(line);
  const file = m?.[1] ?? m?.[3];
  const n = m?.[2] ?? m?.[4] ?? m?.[5];
  if (!file || !isRepoPath(file) || /^\d+(\.\d+)+$/.test(file)) return { file: null, line: null };
  return { file, line: n ? Number(n) : null };
}

/**
 * The best root-error lines of a step, at most `max`, best first; each error's message is its
 * line, and `logLine` the line of the job log. With `pass`, lines the passing run printed too
 * count for little.
 */
export function rankLines(step: LogStep, pass?: PassLog, max = 5): ErrorLocation[] {
  const { lines } = step;
  const numbers = step.lineNumbers ?? [];
  const [start, end] = failingRegion(lines);
  const span = Math.max(1, end - start);
  const counts = new Map<string, number>();
  const keys: string[] = [];
  for (let i = start; i < end; i++) {
    const key = volatileFree(lines[i] ?? '');
    keys[i] = key;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const candidates: Candidate[] = [];
  // The failing command's last words before its exit line say why, even without failure vocabulary.
  const lastWords = new Set<number>();
  if (end < lines.length || END_OF_FAILURE.test(lines[end - 1] ?? '')) {
    for (let i = end - 2, n = 0; i > start && n < 2; i--) {
      if ((lines[i] ?? '').trim()) {
        lastWords.add(i);
        n++;
      }
    }
  }
  for (let i = start; i < end; i++) {
    const line = (lines[i] ?? '').trim();
    if (line.length < 4 || line.startsWith('… ')) continue;
    const isEnd = END_OF_FAILURE.test(line);
    if (!isEnd && !STRONG.test(line) && !lastWords.has(i)) continue;
    // Vocabulary, and a little more for the first line of a block (the cause, before its details).
    let score = isEnd ? 1 : STRONG.test(line) ? 3 : 1.5;
    if (NOISE.test(line)) score -= 2.5;
    if (SUMMARY.test(line)) score -= 1.5;
    if (HEADER.test(line)) score -= 1;
    if (i > start && !STRONG.test(lines[i - 1] ?? '')) score += 0.5;
    // Nearer the end of the failing command is likelier its failure than a warning at its start.
    score += 2 * ((i - start) / span);
    const repeats = counts.get(keys[i] ?? '') ?? 1;
    if (repeats > 3) score -= Math.min(3, Math.log2(repeats) - 1);
    if (pass?.has(line)) score -= 4;
    // A line that names a place (file and line) is a tool's report, not chatter.
    if (ANY_PLACE.test(line)) score += 0.5;
    candidates.push({ index: i, score });
  }
  candidates.sort((a, b) => b.score - a.score || a.index - b.index);
  const chosen: Candidate[] = [];
  const seen = new Set<string>();
  for (const c of candidates) {
    if (chosen.length >= max) break;
    const key = keys[c.index] ?? '';
    if (seen.has(key)) continue;
    // One line of a block stands for it: the lines next to a chosen one add nothing.
    if (chosen.some((x) => Math.abs(x.index - c.index) <= 2)) continue;
    seen.add(key);
    chosen.push(c);
  }
  return chosen.map((c) => {
    const line = (lines[c.index] ?? '').trim();
    const at = pathIn(line);
    const e = loc('log', line, at.file, at.line);
    const n = numbers[c.index];
    if (n) e.logLine = n;
    return e;
  });
}
