import { makePathRelative } from '../logs/normalize.js';
import type { Category, ErrorLocation, Failure } from '../types.js';

/** One labelled case in the `../shared/logs` layout (`expected.json`): root errors. */
export interface ExpectedCase {
  category: Category;
  errors: { file: string | null; line: number | null; message_contains: string }[];
  test_command: string | null;
}

/** Line-labelled logs: LogChunks' chunk (`lines`, `lines_all`) and CiDiff's `error_lines`, 1-based inclusive ranges. */
export interface ExpectedRanges {
  lines?: [number, number] | null;
  lines_all?: [number, number][];
  error_lines?: [number, number][];
}

/** BugSwarm: whether the failure is a test failure, and the files the human fix changed. */
export interface ExpectedBugswarm {
  test_failure: boolean;
  category: Category;
  fixed_files: string[];
}

export type Label =
  | { shape: 'errors'; expected: ExpectedCase }
  | { shape: 'ranges'; ranges: [number, number][] }
  | { shape: 'bugswarm'; expected: ExpectedBugswarm };

/** The shape of an `expected.json`, or null when it is none of the three. */
export function readLabel(json: unknown): Label | null {
  const j = json as Record<string, unknown>;
  if (Array.isArray(j.errors) && typeof j.category === 'string') return { shape: 'errors', expected: j as unknown as ExpectedCase };
  if (typeof j.test_failure === 'boolean' && Array.isArray(j.fixed_files)) return { shape: 'bugswarm', expected: j as unknown as ExpectedBugswarm };
  const r = j as ExpectedRanges;
  const ranges = r.error_lines ?? r.lines_all ?? (r.lines ? [r.lines] : null);
  if (ranges && ranges.length > 0) return { shape: 'ranges', ranges };
  return null;
}

export interface CaseScore {
  name: string;
  /** The data set the case belongs to (`logs`, `logs-odoo`, `bugswarm`, …). */
  set: string;
  shape: Label['shape'];
  reported: number;
  // errors
  expected?: number;
  found?: number;
  reportedTop?: number;
  matchingTop?: number;
  categoryOk?: boolean;
  category?: Category;
  expectedCategory?: Category;
  // ranges
  hit1?: boolean;
  hit3?: boolean;
  // bugswarm
  testOk?: boolean;
  localized5?: boolean;
  misses: string[];
}

function fileMatches(expected: string | null, got: string | null): boolean {
  if (!expected) return true;
  if (!got) return false;
  return got.endsWith(expected) || expected.endsWith(got);
}

export function errorMatches(exp: ExpectedCase['errors'][number], got: ErrorLocation): boolean {
  // Messages are compared as the extractor reports them: with runner paths made repository-relative.
  const wanted = makePathRelative(exp.message_contains).toLowerCase();
  return fileMatches(exp.file, got.file) && (exp.line === null || got.line === exp.line) && got.message.toLowerCase().includes(wanted);
}

const first = (e: ErrorLocation) => `${e.file ?? '-'}:${e.line ?? '-'} ${e.message.split('\n')[0]?.slice(0, 100)}`;

/** Recall of the labelled errors, precision of the first 10 reported, and the category. */
export function scoreCase(name: string, expected: ExpectedCase, failure: Failure, set = ''): CaseScore {
  const top = failure.errors.slice(0, 10);
  const misses: string[] = [];
  let found = 0;
  for (const exp of expected.errors) {
    if (failure.errors.some((g) => errorMatches(exp, g))) found++;
    else misses.push(`missed ${exp.file ?? '-'}:${exp.line ?? '-'} "${exp.message_contains}"`);
  }
  if (failure.category !== expected.category) misses.push(`category ${failure.category}, labelled ${expected.category}`);
  return {
    name,
    set,
    shape: 'errors',
    reported: failure.errors.length,
    expected: expected.errors.length,
    found,
    reportedTop: top.length,
    matchingTop: top.filter((g) => expected.errors.some((exp) => errorMatches(exp, g))).length,
    categoryOk: failure.category === expected.category,
    category: failure.category,
    expectedCategory: expected.category,
    misses,
  };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are what is removed
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[=>()][0-9A-Za-z]?/g;
const STAMP = /^\s*(\[?\d{4}-\d\d-\d\dT[\d:.]+Z?\]?|\d\d:\d\d:\d\d(\.\d+)?)\s*/;

/** A log line as the labels compare text: after its last `\r`, no ANSI escapes or leading timestamp, spaces collapsed, lower case. */
export function comparable(line: string): string {
  const cr = line.replace(/\r$/, '');
  const tail = cr.slice(cr.lastIndexOf('\r') + 1);
  return tail.replace(ANSI, '').replace(STAMP, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Whether an error comes from the labelled lines: its log line lies in a range or, without one,
 * the first line of its message (10 characters at least) occurs in their text.
 */
export function hitsRanges(e: ErrorLocation, ranges: readonly [number, number][], labelledText: string): boolean {
  if (e.logLine) return ranges.some(([a, b]) => e.logLine !== undefined && e.logLine >= a && e.logLine <= b);
  const message = comparable(e.message.split('\n')[0] ?? '');
  return message.length >= 10 && labelledText.includes(message);
}

/** The labelled lines' text, as `hitsRanges` compares it. */
export function labelledText(logLines: readonly string[], ranges: readonly [number, number][]): string {
  const parts: string[] = [];
  for (const [a, b] of ranges) for (let n = a; n <= b && n <= logLines.length; n++) parts.push(comparable(logLines[n - 1] ?? ''));
  return parts.join('\n');
}

/** hit@1 and hit@3 on a line-labelled log (LogChunks, CiDiff). */
export function scoreRanges(name: string, ranges: [number, number][], text: string, failure: Failure, set = ''): CaseScore {
  const hits = failure.errors.slice(0, 3).map((e) => hitsRanges(e, ranges, text));
  const misses = hits.some(Boolean)
    ? []
    : [
        failure.errors.length === 0
          ? `nothing reported; labelled lines ${ranges.map(([a, b]) => `${a}-${b}`).join(', ')}`
          : `first reported ${failure.errors
              .slice(0, 3)
              .map((e) => `${e.logLine ? `L${e.logLine} ` : ''}${first(e)}`)
              .join(' | ')}; labelled lines ${ranges.map(([a, b]) => `${a}-${b}`).join(', ')}`,
      ];
  return { name, set, shape: 'ranges', reported: failure.errors.length, hit1: hits[0] === true, hit3: hits.some(Boolean), misses };
}

/** Names a file goes by in logs: its path, its base name, and its dotted module or class name. */
function namesOf(path: string): string[] {
  const base = path.split('/').pop() ?? path;
  const names = [path, base];
  const jvm = /(?:^|\/)src\/(?:main|test)\/(?:java|kotlin|scala|groovy)\/(.+)\.(?:java|kt|scala|groovy)$/.exec(path);
  if (jvm?.[1]) names.push(jvm[1].replace(/\//g, '.'));
  if (/\.py$/.test(path)) names.push(path.replace(/\.py$/, '').replace(/\//g, '.'));
  return names;
}

/** Whether one of the first five errors names a file the fix changed: in its file, its frames or its message. */
function localizes(errors: readonly ErrorLocation[], files: readonly string[]): boolean {
  return errors.slice(0, 5).some((e) =>
    files.some((f) => {
      const names = namesOf(f);
      const base = names[1] ?? f;
      const places = [e.file, ...(e.frames ?? []).map((x) => x.file)].filter((p): p is string => Boolean(p));
      if (places.some((p) => p.endsWith(f) || f.endsWith(p) || p.split('/').pop() === base)) return true;
      return names.slice(1).some((n) => n.length > 3 && e.message.includes(n));
    }),
  );
}

/** BugSwarm: test-versus-not-test, and localisation@5. */
export function scoreBugswarm(name: string, expected: ExpectedBugswarm, failure: Failure, set = ''): CaseScore {
  const testOk = (failure.category === 'test') === expected.test_failure;
  const localized5 = localizes(failure.errors, expected.fixed_files);
  const misses: string[] = [];
  if (!testOk) misses.push(`category ${failure.category}, labelled ${expected.category}`);
  if (!localized5)
    misses.push(
      `fix in ${expected.fixed_files.slice(0, 3).join(', ')}; reported ${failure.errors.length ? failure.errors.slice(0, 2).map(first).join(' | ') : 'nothing'}`,
    );
  return { name, set, shape: 'bugswarm', reported: failure.errors.length, testOk, localized5, misses };
}

export interface SetFigures {
  set: string;
  cases: number;
  /** Share of cases with nothing reported. */
  nothing: number;
  recall?: number;
  precision10?: number;
  category?: number;
  hit1?: number;
  hit3?: number;
  testVsNot?: number;
  localization5?: number;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/** The figures of each data set, in the order first seen; with two or more error-labelled sets, their total too. */
export function figures(scores: readonly CaseScore[]): SetFigures[] {
  const keys = [...new Set(scores.map((s) => `${s.set}\u0000${s.shape}`))];
  const out = keys.map((key) => {
    const [set = '', shape = 'errors'] = key.split('\u0000');
    return figuresOf(
      set,
      shape as Label['shape'],
      scores.filter((s) => s.set === set && s.shape === shape),
    );
  });
  const errorSets = [...new Set(scores.filter((s) => s.shape === 'errors').map((s) => s.set))];
  if (errorSets.length > 1)
    out.push(
      figuresOf(
        errorSets.join(' + '),
        'errors',
        scores.filter((s) => s.shape === 'errors'),
      ),
    );
  return out;
}

function figuresOf(set: string, shape: Label['shape'], of: readonly CaseScore[]): SetFigures {
  const sum = (f: (s: CaseScore) => number | undefined) => of.reduce((a, s) => a + (f(s) ?? 0), 0);
  /** The share of the cases for which `f` holds. */
  const share = (f: (s: CaseScore) => boolean | undefined) => ratio(of.filter((s) => f(s)).length, of.length);
  const base: SetFigures = { set, cases: of.length, nothing: share((s) => s.reported === 0) };
  if (shape === 'errors') {
    const recall = ratio(
      sum((s) => s.found),
      sum((s) => s.expected),
    );
    const precision10 = ratio(
      sum((s) => s.matchingTop),
      sum((s) => s.reportedTop),
    );
    return { ...base, recall, precision10, category: share((s) => s.categoryOk) };
  }
  if (shape === 'ranges') return { ...base, hit1: share((s) => s.hit1), hit3: share((s) => s.hit3) };
  return { ...base, testVsNot: share((s) => s.testOk), localization5: share((s) => s.localized5) };
}

const pct = (x: number | undefined) => (x === undefined ? '' : `${(100 * x).toFixed(1)}%`);

/** A table of the figures per data set; with `misses`, what each case missed first. */
export function renderScores(scores: readonly CaseScore[], options: { misses?: boolean } = {}): string {
  const lines: string[] = [];
  if (options.misses) {
    for (const s of scores) if (s.misses.length) lines.push(`${s.set}/${s.name}\n    ${s.misses.join('\n    ')}`);
    lines.push('');
  }
  lines.push(
    '| set | cases | nothing reported | recall | precision@10 | category | hit@1 | hit@3 | test vs not | localisation@5 |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const f of figures(scores))
    lines.push(
      `| ${f.set} | ${f.cases} | ${pct(f.nothing)} | ${pct(f.recall)} | ${pct(f.precision10)} | ${pct(f.category)} | ${pct(f.hit1)} | ${pct(f.hit3)} | ${pct(f.testVsNot)} | ${pct(f.localization5)} |`,
    );
  return lines.join('\n');
}
