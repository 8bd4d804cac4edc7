import type { CaseResult } from './run-case.js';

export interface Totals {
  cases: number;
  positive: number;
  negative: number;
  fixed: number;
  /** Positive cases fixed and meeting the expectation and the behavioural requirements, over positive cases. */
  successRate: number;
  prsOpened: number;
  /** PRs on negative cases plus PRs whose fix breaks the expectation or a requirement. */
  falsePositives: number;
  /** False positives over PRs opened (0 when none was opened). */
  falsePositiveRate: number;
  /** Negative cases that opened a PR. */
  negativePrs: number;
  /** Cases whose root error the extraction found. */
  errorsFound: number;
  /** Mean seconds of the action for the fixed cases. */
  avgSecondsToFix: number | null;
  tokens: number;
  costUsd: number;
  tokensPerFix: number | null;
  costPerFixUsd: number | null;
  harnessErrors: number;
}

export interface EvalReport {
  provider: string;
  model: string;
  replaySet: string | null;
  version: string;
  date: string;
  totals: Totals;
  cases: CaseResult[];
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export function totals(cases: readonly CaseResult[]): Totals {
  const positive = cases.filter((c) => c.kind === 'positive');
  const fixed = cases.filter((c) => c.outcome === 'fixed');
  const prs = cases.filter((c) => c.prOpened);
  const fp = cases.filter((c) => c.outcome === 'false_positive' || c.outcome === 'wrong_fix');
  const tokens = cases.reduce((a, c) => a + c.tokens, 0);
  const cost = cases.reduce((a, c) => a + c.costUsd, 0);
  return {
    cases: cases.length,
    positive: positive.length,
    negative: cases.length - positive.length,
    fixed: fixed.length,
    successRate: positive.length ? round(fixed.length / positive.length, 4) : 0,
    prsOpened: prs.length,
    falsePositives: fp.length,
    falsePositiveRate: prs.length ? round(fp.length / prs.length, 4) : 0,
    negativePrs: cases.filter((c) => c.kind === 'negative' && c.prOpened).length,
    errorsFound: cases.filter((c) => c.errorFound).length,
    avgSecondsToFix: fixed.length ? round(fixed.reduce((a, c) => a + c.seconds, 0) / fixed.length, 1) : null,
    tokens,
    costUsd: round(cost, 6),
    tokensPerFix: fixed.length ? Math.round(tokens / fixed.length) : null,
    costPerFixUsd: fixed.length ? round(cost / fixed.length, 6) : null,
    harnessErrors: cases.filter((c) => c.outcome === 'harness_error').length,
  };
}

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
const MARK: Record<CaseResult['outcome'], string> = {
  fixed: '✅ fixed',
  wrong_fix: '❌ wrong fix',
  missed: '➖ missed',
  declined: '✅ no PR',
  false_positive: '❌ PR opened',
  harness_error: '⚠️ harness error',
};

/** One progress line for a finished case. */
export function progressLine(done: number, of: number, r: CaseResult): string {
  const width = String(of).length;
  return `[${String(done).padStart(width)}/${of}] ${r.id.padEnd(36)} ${MARK[r.outcome].padEnd(16)} status=${r.status} attempts=${r.attempts} ${r.seconds.toFixed(1)}s tokens=${r.tokens} $${r.costUsd.toFixed(5)}${r.notes.length ? `  (${r.notes[0]})` : ''}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Markdown: headline figures against the design's targets, charts GitHub renders, one row per case. */
export function renderMarkdown(r: EvalReport): string {
  const t = r.totals;
  const categories = [...new Set(r.cases.map((c) => c.category))];
  const rate = (cat: string) => {
    const pos = r.cases.filter((c) => c.category === cat && c.kind === 'positive');
    const neg = r.cases.filter((c) => c.category === cat && c.kind === 'negative');
    const good = pos.filter((c) => c.outcome === 'fixed').length + neg.filter((c) => c.outcome === 'declined').length;
    return Math.round((good / Math.max(1, pos.length + neg.length)) * 100);
  };
  const fpBy = (cat: string) => r.cases.filter((c) => c.category === cat && (c.outcome === 'false_positive' || c.outcome === 'wrong_fix')).length;
  const outcomes = Object.keys(MARK) as CaseResult['outcome'][];
  return [
    `# ci-autofix evals: ${r.provider} / ${r.model}${r.replaySet ? ` (replay set ${r.replaySet})` : ''}`,
    '',
    `ci-autofix ${r.version} · ${r.date} · ${t.cases} cases (${t.positive} positive, ${t.negative} negative)`,
    '',
    '| metric | value | design target |',
    '|---|---|---|',
    `| autofix success rate | ${pct(t.successRate)} (${t.fixed}/${t.positive}) | 70% |`,
    `| false positive rate | ${pct(t.falsePositiveRate)} (${t.falsePositives}/${t.prsOpened} PRs) | under 10% |`,
    `| PRs on negative cases | ${t.negativePrs}/${t.negative} | 0 |`,
    `| average time to fix | ${t.avgSecondsToFix === null ? 'n/a' : `${t.avgSecondsToFix} s`} | under 5 min |`,
    `| cost per fix | ${t.costPerFixUsd === null ? 'n/a' : `$${t.costPerFixUsd.toFixed(5)}`} (${t.tokensPerFix ?? 'n/a'} tokens) | ~$0.004 (~4,000 tokens) |`,
    `| total | ${t.tokens} tokens, $${t.costUsd.toFixed(5)} | |`,
    `| root error found in the log | ${t.errorsFound}/${t.cases} | |`,
    ...(t.harnessErrors ? [`| harness errors | ${t.harnessErrors} | 0 |`] : []),
    '',
    '```mermaid',
    'xychart-beta',
    '  title "Cases handled right, per category (%)"',
    `  x-axis [${categories.map((c) => `"${c}"`).join(', ')}]`,
    '  y-axis "right %" 0 --> 100',
    `  bar [${categories.map(rate).join(', ')}]`,
    '```',
    '',
    '```mermaid',
    'pie showData',
    '  title Outcomes',
    ...outcomes
      .filter((o) => r.cases.some((c) => c.outcome === o))
      .map((o) => `  "${MARK[o].replace(/^\S+ /, '')}" : ${r.cases.filter((c) => c.outcome === o).length}`),
    '```',
    '',
    ...(categories.some((c) => fpBy(c) > 0) ? ['False positives per category: ', categories.map((c) => `${c} ${fpBy(c)}`).join(' · '), ''] : []),
    '| case | category | kind | outcome | status | attempts | time | tokens | cost | notes |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...r.cases.map(
      (c) =>
        `| ${cell(c.id)} | ${c.category} | ${c.kind} | ${MARK[c.outcome]} | \`${c.status}\` | ${c.attempts} | ${c.seconds.toFixed(1)} s | ${c.tokens} | $${c.costUsd.toFixed(5)} | ${cell(c.notes.join('; '))} |`,
    ),
    '',
    "Outcomes: a positive case is **fixed** when the action opened a draft PR whose pushed branch passes the failing command in a fresh clone, meets `expected_fix`, changes no unrelated file, keeps the tests' assertions, and explains itself; **wrong fix** when a PR was opened and one of those fails (a false positive). A negative case is right when no PR was opened.",
    '',
  ].join('\n');
}

/** Merges shard reports (the matrix workflow's artifacts) into one. */
export function mergeReports(parts: readonly EvalReport[]): EvalReport {
  const first = parts[0];
  if (!first) throw new Error('nothing to merge');
  const cases = parts.flatMap((p) => p.cases);
  return {
    ...first,
    date:
      parts
        .map((p) => p.date)
        .sort()
        .at(-1) ?? first.date,
    totals: totals(cases),
    cases,
  };
}

/**
 * The CI gate: no PR on a negative case, no case the committed results handled right handled
 * wrong now (this also holds for a subset or a shard), and on the same case set no lower success rate.
 */
export function gate(current: EvalReport, baseline: EvalReport | null): string[] {
  const problems: string[] = [];
  const t = current.totals;
  if (t.negativePrs > 0) problems.push(`${t.negativePrs} negative case(s) opened a PR`);
  if (t.harnessErrors > 0) problems.push(`${t.harnessErrors} case(s) could not be run`);
  if (!baseline) return problems;
  const before = new Map(baseline.cases.map((c) => [c.id, c.outcome]));
  const regressed = current.cases.filter((c) => {
    const was = before.get(c.id);
    return (was === 'fixed' || was === 'declined') && c.outcome !== was;
  });
  if (regressed.length)
    problems.push(`regressed against the committed results: ${regressed.map((c) => `${c.id} (${before.get(c.id)} → ${c.outcome})`).join(', ')}`);
  const sameSet = current.cases.length === baseline.cases.length && current.cases.every((c) => before.has(c.id));
  if (sameSet && t.successRate < baseline.totals.successRate) {
    problems.push(`success rate ${pct(t.successRate)} is below the committed ${pct(baseline.totals.successRate)}`);
  }
  return problems;
}
