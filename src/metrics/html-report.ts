import type { Format } from './dashboard.js';
import type { Cell, ChartData } from './figures.js';

/**
 * The dashboard as one HTML file for teams without Superset: inline CSS and SVG, no script and
 * no request at view time. Every text from the database (failure messages, signatures) is escaped.
 */

const html = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A figure as the page prints it; `scale` (an axis's top) keeps one unit along an axis of seconds. */
export function formatValue(v: number | null, format: Format, scale = v ?? 0): string {
  if (v === null) return '–';
  if (format === 'percent') return `${(100 * v).toFixed(0)} %`;
  if (format === 'seconds') return scale >= 120 ? `${(v / 60).toFixed(1)} min` : `${v.toFixed(0)} s`;
  if (format === 'usd') return `$${v.toFixed(v < 1 ? 4 : 2)}`;
  return v.toLocaleString('en-US');
}

const W = 560;
const H = 220;
const PAD = { left: 56, right: 12, top: 12, bottom: 40 };
const COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea'];

function niceMax(values: number[], format: Format): number {
  const max = Math.max(0, ...values);
  if (format === 'percent') return Math.max(1, max);
  if (max === 0) return 1;
  const step = 10 ** Math.floor(Math.log10(max));
  return Math.ceil((max * 1.1) / step) * step;
}

function axes(yMax: number, format: Format, labels: string[], xAt: (i: number) => number): string {
  const out: string[] = [];
  for (let k = 0; k <= 4; k++) {
    const v = (yMax * k) / 4;
    const y = PAD.top + (H - PAD.top - PAD.bottom) * (1 - k / 4);
    out.push(`<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y}" y2="${y}"/>`);
    out.push(`<text class="tick" x="${PAD.left - 6}" y="${y + 4}" text-anchor="end">${html(formatValue(v, format, yMax))}</text>`);
  }
  const every = Math.max(1, Math.ceil(labels.length / 8));
  labels.forEach((l, i) => {
    if (i % every === 0) out.push(`<text class="tick" x="${xAt(i)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${html(l)}</text>`);
  });
  return out.join('');
}

function lineChart(d: ChartData): string {
  const { chart, points } = d;
  const yMax = niceMax(
    points.flatMap((p) => p.values.filter((v): v is number => v !== null)),
    chart.format,
  );
  const xAt = (i: number) => PAD.left + (points.length <= 1 ? (W - PAD.left - PAD.right) / 2 : ((W - PAD.left - PAD.right) * i) / (points.length - 1));
  const yAt = (v: number) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - v / yMax);
  const series = chart.series.map((s, k) => {
    const pts = points.flatMap((p, i) => (p.values[k] === null ? [] : [[xAt(i), yAt(p.values[k] as number)] as const]));
    const target = k > 0 && s.label === 'target';
    const line = `<polyline class="series${target ? ' target' : ''}" data-series="${html(s.label)}" fill="none" stroke="${COLOURS[k % COLOURS.length]}" stroke-width="2"${target ? ' stroke-dasharray="6 4"' : ''} points="${pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}"/>`;
    const dots = target
      ? ''
      : pts.map(([x, y]) => `<circle class="point" cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3" fill="${COLOURS[k % COLOURS.length]}"/>`).join('');
    return line + dots;
  });
  return svg(
    chart.key,
    axes(
      yMax,
      chart.format,
      points.map((p) => p.x.slice(5)),
      xAt,
    ) + series.join(''),
  );
}

function barChart(d: ChartData): string {
  const { chart, points } = d;
  const yMax = niceMax(
    points.map((p) => p.values[0] ?? 0),
    chart.format,
  );
  const slot = (W - PAD.left - PAD.right) / Math.max(1, points.length);
  const xAt = (i: number) => PAD.left + slot * (i + 0.5);
  const bars = points.map((p, i) => {
    const v = p.values[0] ?? 0;
    const h = (H - PAD.top - PAD.bottom) * (v / yMax);
    const y = H - PAD.bottom - h;
    return `<rect class="bar" data-x="${html(p.x)}" data-value="${v}" x="${(xAt(i) - slot * 0.35).toFixed(1)}" y="${y.toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${h.toFixed(1)}" fill="${COLOURS[0]}"><title>${html(`${p.x}: ${formatValue(v, chart.format)}`)}</title></rect>`;
  });
  const labels = points.map((p) => (chart.x === 'period_start' ? p.x.slice(5) : p.x));
  return svg(chart.key, axes(yMax, chart.format, labels, xAt) + bars.join(''));
}

const svg = (key: string, body: string) =>
  `<svg class="plot" data-chart="${html(key)}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" xmlns="http://www.w3.org/2000/svg">${body}</svg>`;

function legend(d: ChartData): string {
  if (d.chart.series.length < 2) return '';
  return `<p class="legend">${d.chart.series
    .map((s, k) => `<span><i style="background:${COLOURS[k % COLOURS.length]}"></i>${html(s.label)}</span>`)
    .join(' ')}</p>`;
}

function cell(v: Cell): string {
  if (v === null) return '–';
  return html(String(v).slice(0, 200));
}

function section(d: ChartData): string {
  const { chart } = d;
  const title = `<h2>${html(chart.title)}</h2>`;
  if (chart.kind === 'tile') {
    const v = d.points[0]?.values[0] ?? null;
    return `<div class="tile" data-chart="${html(chart.key)}"><span class="label">${html(chart.title)}</span><span class="value">${html(formatValue(v, chart.format))}</span></div>`;
  }
  if (chart.kind === 'table') {
    const head = (chart.columns ?? []).map((c) => `<th>${html(c.replace(/_/g, ' '))}</th>`).join('');
    const rows = d.rows.map((r) => `<tr>${r.map((v) => `<td>${cell(v)}</td>`).join('')}</tr>`).join('');
    return `<figure class="chart wide" data-chart="${html(chart.key)}">${title}<table><thead><tr>${head}</tr></thead><tbody>${rows || `<tr><td colspan="${(chart.columns ?? []).length}">No recurring failure yet.</td></tr>`}</tbody></table></figure>`;
  }
  const empty = d.points.length === 0;
  const body = empty ? '<p class="empty">No data yet.</p>' : chart.kind === 'line' ? lineChart(d) : barChart(d);
  return `<figure class="chart" data-chart="${html(chart.key)}">${title}${body}${empty ? '' : legend(d)}</figure>`;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#111827;background:#f9fafb}
h1{font-size:22px;margin:0 0 4px}h2{font-size:15px;margin:0 0 8px}
.meta{color:#6b7280;margin:0 0 16px}
.tiles{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:12px;margin-bottom:12px}
.tile{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:12px 16px;display:flex;flex-direction:column}
.tile .label{color:#6b7280}.tile .value{font-size:28px;font-weight:600}
.grid{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:12px}
.chart{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:12px 16px;margin:0}
.chart.wide{grid-column:1/-1}
svg.plot{width:100%;height:auto}svg .grid{stroke:#e5e7eb}svg .tick{font-size:11px;fill:#6b7280}
.legend{margin:4px 0 0;color:#374151}.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 12px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e5e7eb;vertical-align:top}
td:nth-child(1){font-family:ui-monospace,monospace}.empty{color:#6b7280}`;

/** The whole page. `title` names what the figures cover (a repository, or all of them). */
export function renderHtmlReport(figures: readonly ChartData[], title: string, generatedAt: Date): string {
  const tiles = figures.filter((f) => f.chart.kind === 'tile');
  const charts = figures.filter((f) => f.chart.kind !== 'tile');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>ci-autofix: ${html(title)}</title><style>${STYLE}</style></head>
<body><h1>ci-autofix: ${html(title)}</h1>
<p class="meta">Generated ${html(generatedAt.toISOString().replace(/\.\d+Z$/, 'Z'))} from the metrics database; rates over all categories, weeks starting Monday (UTC).</p>
<div class="tiles">${tiles.map(section).join('')}</div>
<div class="grid">${charts.map(section).join('')}</div>
</body></html>
`;
}
