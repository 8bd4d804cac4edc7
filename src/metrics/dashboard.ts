import { createHash } from 'node:crypto';
import { TARGETS } from './schema.js';

/**
 * The dashboard, once: its datasets (SQL over the views) and charts (aggregates over a dataset).
 * The Superset bundle (superset.ts) and the HTML report (html-report.ts) are both read from here,
 * so the two show the same figures.
 */

export interface DatasetSpec {
  name: string;
  description: string;
  sql: string;
  /** Column name → Superset's generic type; `time` columns are the temporal ones. */
  columns: Record<string, 'string' | 'number' | 'time'>;
}

export type ChartKind = 'tile' | 'line' | 'bar' | 'table';
export type Format = 'percent' | 'seconds' | 'usd' | 'count';

export interface ChartSpec {
  key: string;
  title: string;
  dataset: string;
  kind: ChartKind;
  /** The x axis (line, bar), as a column of the dataset. */
  x?: string;
  /** Aggregates over the dataset's columns; the first is the chart's figure, a second its target. */
  series: { label: string; sql: string }[];
  /** Rows the chart reads (SQL over the dataset's columns). */
  where?: string;
  /** Table charts: the columns shown, the order and the row limit. */
  columns?: string[];
  orderBy?: string;
  limit?: number;
  format: Format;
  /** Grid width in Superset's 12 columns. */
  width: number;
}

/** The columns every view is grouped by. */
const GROUPED = { repository: 'string', category: 'string', period: 'string', period_start: 'time' } as const;

const WEEKLY = "period = 'week' AND category = 'all'";
const MONTHLY = "period = 'month' AND category = 'all'";

export const DATASETS: readonly DatasetSpec[] = [
  {
    name: 'autofix_success_rate',
    description: 'Fixed over acted-on failures, per repository, category (and all) and week or month.',
    sql: 'SELECT repository, category, period, period_start, runs, acted_on, fixed, success_rate, target FROM autofix_success_rate',
    columns: {
      ...GROUPED,
      runs: 'number',
      acted_on: 'number',
      fixed: 'number',
      success_rate: 'number',
      target: 'number',
    },
  },
  {
    name: 'autofix_false_positive_rate',
    description: 'Autofix PRs closed unmerged over those decided, per repository, category and week or month of opening.',
    sql: 'SELECT repository, category, period, period_start, opened, merged, closed_unmerged, still_open, false_positive_rate, median_hours_to_merge, review_comments, target FROM autofix_false_positive_rate',
    columns: {
      ...GROUPED,
      opened: 'number',
      merged: 'number',
      closed_unmerged: 'number',
      still_open: 'number',
      false_positive_rate: 'number',
      median_hours_to_merge: 'number',
      review_comments: 'number',
      target: 'number',
    },
  },
  {
    name: 'autofix_time_to_fix',
    description: 'Seconds from the start of the action to a verified fix: median, 90th percentile, share within the target.',
    sql: 'SELECT repository, category, period, period_start, fixes, median_seconds, p90_seconds, within_target, target_seconds FROM autofix_time_to_fix',
    columns: {
      ...GROUPED,
      fixes: 'number',
      median_seconds: 'number',
      p90_seconds: 'number',
      within_target: 'number',
      target_seconds: 'number',
    },
  },
  {
    name: 'autofix_cost',
    description: 'Model tokens and US dollars, per run and per fix.',
    sql: 'SELECT repository, category, period, period_start, runs, fixes, zero_token_fixes, tokens, cost_usd, cost_per_fix_usd FROM autofix_cost',
    columns: {
      ...GROUPED,
      runs: 'number',
      fixes: 'number',
      zero_token_fixes: 'number',
      tokens: 'number',
      cost_usd: 'number',
      cost_per_fix_usd: 'number',
    },
  },
  {
    name: 'autofix_top_signatures',
    description: 'Failures that recur: the same signature in several runs.',
    sql: 'SELECT repository, signature, category, runs, fixed, duplicates, pull_requests, first_seen, last_seen, last_reason FROM autofix_top_signatures',
    columns: {
      repository: 'string',
      signature: 'string',
      category: 'string',
      runs: 'number',
      fixed: 'number',
      duplicates: 'number',
      pull_requests: 'number',
      first_seen: 'time',
      last_seen: 'time',
      last_reason: 'string',
    },
  },
  {
    name: 'autofix_runs',
    description: 'Every run of the action: its status and the failure it met.',
    sql: "SELECT repository, workflow, status, coalesce(category, 'unknown') AS category, signature, fixer, tokens, cost_usd, started_at FROM autofix_runs",
    columns: {
      repository: 'string',
      workflow: 'string',
      status: 'string',
      category: 'string',
      signature: 'string',
      fixer: 'string',
      tokens: 'number',
      cost_usd: 'number',
      started_at: 'time',
    },
  },
];

const rate = (num: string, den: string) => `SUM(${num})::numeric / NULLIF(SUM(${den}), 0)`;

export const CHARTS: readonly ChartSpec[] = [
  {
    key: 'success-total',
    title: 'Success rate',
    dataset: 'autofix_success_rate',
    kind: 'tile',
    series: [{ label: 'success rate', sql: rate('fixed', 'acted_on') }],
    where: MONTHLY,
    format: 'percent',
    width: 3,
  },
  {
    key: 'false-positive-total',
    title: 'False positive rate',
    dataset: 'autofix_false_positive_rate',
    kind: 'tile',
    series: [{ label: 'false positive rate', sql: `SUM(closed_unmerged)::numeric / NULLIF(SUM(merged) + SUM(closed_unmerged), 0)` }],
    where: MONTHLY,
    format: 'percent',
    width: 3,
  },
  {
    key: 'within-target-total',
    title: `Fixes within ${TARGETS.timeToFixSeconds / 60} minutes`,
    dataset: 'autofix_time_to_fix',
    kind: 'tile',
    series: [{ label: 'within target', sql: rate('within_target * fixes', 'fixes') }],
    where: MONTHLY,
    format: 'percent',
    width: 3,
  },
  {
    key: 'cost-per-fix-total',
    title: 'Cost per fix',
    dataset: 'autofix_cost',
    kind: 'tile',
    series: [{ label: 'cost per fix', sql: rate('cost_usd', 'fixes') }],
    where: MONTHLY,
    format: 'usd',
    width: 3,
  },
  {
    key: 'success-rate',
    title: `Success rate by week (target ${TARGETS.successRate * 100} %)`,
    dataset: 'autofix_success_rate',
    kind: 'line',
    x: 'period_start',
    series: [
      { label: 'success rate', sql: rate('fixed', 'acted_on') },
      { label: 'target', sql: 'MAX(target)' },
    ],
    where: WEEKLY,
    format: 'percent',
    width: 6,
  },
  {
    key: 'false-positive-rate',
    title: `False positive rate by week (target ≤ ${TARGETS.falsePositiveRate * 100} %)`,
    dataset: 'autofix_false_positive_rate',
    kind: 'line',
    x: 'period_start',
    series: [
      { label: 'false positive rate', sql: `SUM(closed_unmerged)::numeric / NULLIF(SUM(merged) + SUM(closed_unmerged), 0)` },
      { label: 'target', sql: 'MAX(target)' },
    ],
    where: WEEKLY,
    format: 'percent',
    width: 6,
  },
  {
    key: 'time-to-fix',
    title: `Median time to fix by week (target ${TARGETS.timeToFixSeconds / 60} minutes)`,
    dataset: 'autofix_time_to_fix',
    kind: 'line',
    x: 'period_start',
    // Exact for one repository; across several, the mean of their medians.
    series: [
      { label: 'median time to fix', sql: 'AVG(median_seconds)' },
      { label: 'target', sql: 'MAX(target_seconds)' },
    ],
    where: WEEKLY,
    format: 'seconds',
    width: 6,
  },
  {
    key: 'cost-per-fix',
    title: 'Cost per fix by week (US dollars)',
    dataset: 'autofix_cost',
    kind: 'bar',
    x: 'period_start',
    series: [{ label: 'cost per fix', sql: rate('cost_usd', 'fixes') }],
    where: WEEKLY,
    format: 'usd',
    width: 6,
  },
  {
    key: 'runs-by-status',
    title: 'Runs by status',
    dataset: 'autofix_runs',
    kind: 'bar',
    x: 'status',
    series: [{ label: 'runs', sql: 'COUNT(*)' }],
    format: 'count',
    width: 6,
  },
  {
    key: 'runs-by-category',
    title: 'Runs by failure category',
    dataset: 'autofix_runs',
    kind: 'bar',
    x: 'category',
    series: [{ label: 'runs', sql: 'COUNT(*)' }],
    format: 'count',
    width: 6,
  },
  {
    key: 'top-signatures',
    title: 'Top recurring failures',
    dataset: 'autofix_top_signatures',
    kind: 'table',
    series: [],
    columns: ['signature', 'category', 'runs', 'fixed', 'duplicates', 'pull_requests', 'last_seen', 'last_reason'],
    orderBy: 'runs DESC, last_seen DESC',
    limit: 10,
    format: 'count',
    width: 12,
  },
];

/** A stable UUID (RFC 4122 version 5 layout, SHA-1 of a name): the bundle is the same on every build. */
export function stableUuid(name: string): string {
  const h = createHash('sha1').update(`ci-autofix:${name}`).digest();
  h[6] = ((h[6] as number) & 0x0f) | 0x50;
  h[8] = ((h[8] as number) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

export function datasetOf(chart: ChartSpec): DatasetSpec {
  const d = DATASETS.find((x) => x.name === chart.dataset);
  if (!d) throw new Error(`chart ${chart.key} names no dataset ${chart.dataset}`);
  return d;
}

/**
 * The SQL a chart runs: its aggregates over its dataset, optionally for one repository
 * (parameter $1). Rows are { x?, s0, s1, … } or, for a table, its columns.
 */
export function chartQuery(chart: ChartSpec, forRepository: boolean): string {
  const where = [chart.where, forRepository ? 'repository = $1' : ''].filter(Boolean).join(' AND ');
  const from = `FROM (${datasetOf(chart).sql}) AS d${where ? ` WHERE ${where}` : ''}`;
  if (chart.kind === 'table') return `SELECT ${(chart.columns ?? []).join(', ')} ${from} ORDER BY ${chart.orderBy ?? '1'} LIMIT ${chart.limit ?? 100}`;
  const series = chart.series.map((s, i) => `${s.sql} AS s${i}`).join(', ');
  if (!chart.x) return `SELECT ${series} ${from}`;
  const order = chart.x === 'period_start' ? 'x' : 's0 DESC, x';
  return `SELECT (${chart.x})::text AS x, ${series} ${from} GROUP BY ${chart.x} ORDER BY ${order}`;
}
