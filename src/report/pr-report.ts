import { readCategory } from '../publish/render-pr.js';

export interface AutofixPullRequest {
  createdAt: string;
  mergedAt: string | null;
  closedAt: string | null;
  body: string | null;
}

export interface ReportRow {
  month: string;
  category: string;
  opened: number;
  merged: number;
  closedUnmerged: number;
  open: number;
  /** Closed unmerged over decided (merged + closed): where reviewers said no. */
  falsePositiveRate: number | null;
  medianHoursToMerge: number | null;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The real-world outcome of autofix PRs, per month and failure category, as reviewers decided it. */
export function summarizePullRequests(prs: readonly AutofixPullRequest[]): ReportRow[] {
  const groups = new Map<string, AutofixPullRequest[]>();
  for (const pr of prs) {
    const key = `${pr.createdAt.slice(0, 7)}\t${readCategory(pr.body) ?? 'unknown'}`;
    groups.set(key, [...(groups.get(key) ?? []), pr]);
  }
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, list]) => {
      const [month = '', category = ''] = key.split('\t');
      const merged = list.filter((p) => p.mergedAt);
      const closedUnmerged = list.filter((p) => !p.mergedAt && p.closedAt).length;
      const decided = merged.length + closedUnmerged;
      return {
        month,
        category,
        opened: list.length,
        merged: merged.length,
        closedUnmerged,
        open: list.length - decided,
        falsePositiveRate: decided ? closedUnmerged / decided : null,
        medianHoursToMerge: median(merged.map((p) => (Date.parse(p.mergedAt as string) - Date.parse(p.createdAt)) / 3_600_000)),
      };
    });
}

export function renderReport(rows: readonly ReportRow[]): string {
  const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(0)}%`);
  const hours = (x: number | null) => (x === null ? '–' : x < 48 ? `${x.toFixed(1)} h` : `${(x / 24).toFixed(1)} d`);
  const lines = [
    '| month | category | opened | merged | closed unmerged | open | false positives | median time to merge |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows)
    lines.push(
      `| ${r.month} | ${r.category} | ${r.opened} | ${r.merged} | ${r.closedUnmerged} | ${r.open} | ${pct(r.falsePositiveRate)} | ${hours(r.medianHoursToMerge)} |`,
    );
  const total = rows.reduce((a, r) => ({ merged: a.merged + r.merged, closed: a.closed + r.closedUnmerged, opened: a.opened + r.opened }), {
    merged: 0,
    closed: 0,
    opened: 0,
  });
  lines.push(
    '',
    `${total.opened} autofix PRs: ${total.merged} merged, ${total.closed} closed unmerged; false positive rate ${pct(total.merged + total.closed ? total.closed / (total.merged + total.closed) : null)}.`,
  );
  return `${lines.join('\n')}\n`;
}
