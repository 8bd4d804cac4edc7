import { makePathRelative } from '../logs/normalize.js';
import type { Category, ErrorLocation, Failure } from '../types.js';

/** One labelled case in the `../shared/logs` layout (`expected.json`). */
export interface ExpectedCase {
  category: Category;
  errors: { file: string | null; line: number | null; message_contains: string }[];
  test_command: string | null;
}

export interface CaseScore {
  name: string;
  expected: number;
  found: number;
  reportedTop: number;
  matchingTop: number;
  categoryOk: boolean;
  category: Category;
  expectedCategory: Category;
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

/** Recall of the labelled errors, precision of the first 10 reported, and the category. */
export function scoreCase(name: string, expected: ExpectedCase, failure: Failure): CaseScore {
  const top = failure.errors.slice(0, 10);
  const misses: string[] = [];
  let found = 0;
  for (const exp of expected.errors) {
    if (failure.errors.some((g) => errorMatches(exp, g))) found++;
    else misses.push(`${exp.file ?? '-'}:${exp.line ?? '-'} "${exp.message_contains}"`);
  }
  return {
    name,
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

export function renderScores(scores: readonly CaseScore[]): string {
  const sum = (f: (s: CaseScore) => number) => scores.reduce((a, s) => a + f(s), 0);
  const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}%`);
  const lines = scores.map(
    (s) =>
      `${s.categoryOk ? 'ok ' : 'BAD'} ${s.name}: ${s.found}/${s.expected} found, ${s.matchingTop}/${s.reportedTop} of top 10 right, category ${s.category}${s.categoryOk ? '' : ` (expected ${s.expectedCategory})`}${s.misses.length ? `\n      missed ${s.misses.join('; ')}` : ''}`,
  );
  lines.push(
    '',
    `recall ${pct(
      sum((s) => s.found),
      sum((s) => s.expected),
    )} (${sum((s) => s.found)}/${sum((s) => s.expected)}), ` +
      `precision@10 ${pct(
        sum((s) => s.matchingTop),
        sum((s) => s.reportedTop),
      )} (${sum((s) => s.matchingTop)}/${sum((s) => s.reportedTop)}), ` +
      `category ${pct(
        sum((s) => (s.categoryOk ? 1 : 0)),
        scores.length,
      )} (${sum((s) => (s.categoryOk ? 1 : 0))}/${scores.length})`,
  );
  return lines.join('\n');
}
