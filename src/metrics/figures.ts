import type pg from 'pg';
import { CHARTS, type ChartSpec, chartQuery } from './dashboard.js';

export type Cell = string | number | null;

export interface ChartData {
  chart: ChartSpec;
  /** Line and bar charts: x (a date as YYYY-MM-DD, or a label) and one value per series. */
  points: { x: string; values: (number | null)[] }[];
  /** Tables: the rows, one value per column. */
  rows: Cell[][];
}

function toNumber(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function toCell(v: unknown): Cell {
  if (v instanceof Date) return v.toISOString().replace(/\.\d+Z$/, 'Z');
  if (typeof v === 'number' || v === null) return v;
  return String(v);
}

/** Every chart of the dashboard, read for one repository (or all, when null). */
export async function readFigures(client: pg.Client, repository: string | null): Promise<ChartData[]> {
  const out: ChartData[] = [];
  for (const chart of CHARTS) {
    const { rows } = await client.query(chartQuery(chart, repository !== null), repository !== null ? [repository] : []);
    if (chart.kind === 'table') {
      out.push({ chart, points: [], rows: rows.map((r) => (chart.columns ?? []).map((c) => toCell(r[c]))) });
      continue;
    }
    out.push({
      chart,
      rows: [],
      points: rows.map((r) => ({ x: chart.x ? String(r.x) : '', values: chart.series.map((_, i) => toNumber(r[`s${i}`])) })),
    });
  }
  return out;
}
