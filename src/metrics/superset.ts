import { zipSync } from 'fflate';
import { stringify } from 'yaml';
import { CHARTS, type ChartSpec, DATASETS, type DatasetSpec, datasetOf, stableUuid } from './dashboard.js';

/**
 * The dashboard as a Superset export bundle (format "1.0.0", the one `superset import-dashboards`
 * and the Import dashboard dialog read): metadata.yaml, databases/, datasets/, charts/,
 * dashboards/, under one root folder in the ZIP. Field names and types follow Superset's
 * ImportV1{Database,Dataset,Chart,Dashboard}Schema and MetadataSchema (see test/metrics for
 * the source and version they were read from); only fields every version read accepts are used.
 */

/** Where the bundle points until `--database-uri` says otherwise. */
export const PLACEHOLDER_URI = 'postgresql://autofix@metrics-db:5432/autofix';
export const DASHBOARD_SLUG = 'ci-autofix';
const VERSION = '1.0.0';
const DATABASE_NAME = 'ci-autofix metrics';
const DATABASE_UUID = stableUuid('database');
const ROOT = 'ci_autofix_dashboard';

const D3_FORMAT = { percent: ',.0%', seconds: ',.0f', usd: '$,.4f', count: ',d' } as const;

function database(uri: string) {
  return {
    database_name: DATABASE_NAME,
    sqlalchemy_uri: uri,
    cache_timeout: null,
    expose_in_sqllab: true,
    allow_run_async: false,
    allow_ctas: false,
    allow_cvas: false,
    allow_csv_upload: false,
    extra: { metadata_params: {}, engine_params: {}, metadata_cache_timeout: {}, schemas_allowed_for_csv_upload: [] },
    uuid: DATABASE_UUID,
    version: VERSION,
  };
}

function dataset(d: DatasetSpec) {
  const time = Object.entries(d.columns).find(([, t]) => t === 'time')?.[0] ?? null;
  return {
    table_name: d.name,
    main_dttm_col: time,
    description: d.description,
    default_endpoint: null,
    offset: 0,
    cache_timeout: null,
    schema: 'public',
    sql: d.sql,
    params: null,
    template_params: null,
    filter_select_enabled: true,
    fetch_values_predicate: null,
    extra: null,
    uuid: stableUuid(`dataset:${d.name}`),
    metrics: [
      {
        metric_name: 'count',
        verbose_name: 'COUNT(*)',
        metric_type: 'count',
        expression: 'COUNT(*)',
        description: null,
        d3format: null,
        extra: null,
        warning_text: null,
      },
    ],
    columns: Object.entries(d.columns).map(([name, type]) => ({
      column_name: name,
      verbose_name: null,
      is_dttm: type === 'time',
      is_active: true,
      type: type === 'time' ? 'TIMESTAMP' : type === 'number' ? 'NUMERIC' : 'TEXT',
      groupby: type !== 'number',
      filterable: true,
      expression: null,
      description: null,
      python_date_format: null,
    })),
    version: VERSION,
    database_uuid: DATABASE_UUID,
  };
}

const metric = (c: ChartSpec, i: number) => ({
  expressionType: 'SQL',
  sqlExpression: c.series[i]?.sql,
  label: c.series[i]?.label,
  hasCustomLabel: true,
  optionName: `metric_${c.key.replace(/-/g, '_')}_${i}`,
});

function chartParams(c: ChartSpec, id: number): Record<string, unknown> {
  const common = {
    datasource: `${id}__table`,
    adhoc_filters: c.where ? [{ expressionType: 'SQL', clause: 'WHERE', sqlExpression: c.where, filterOptionName: `filter_${c.key.replace(/-/g, '_')}` }] : [],
    extra_form_data: {},
    dashboards: [],
  };
  if (c.kind === 'tile') return { ...common, viz_type: 'big_number_total', metric: metric(c, 0), y_axis_format: D3_FORMAT[c.format], subheader: '' };
  if (c.kind === 'table')
    return {
      ...common,
      viz_type: 'table',
      query_mode: 'raw',
      all_columns: c.columns,
      order_by_cols: (c.orderBy ?? '')
        .split(',')
        .filter(Boolean)
        .map((o) => JSON.stringify([o.trim().split(/\s+/)[0], !/\bDESC\b/i.test(o)])),
      row_limit: c.limit ?? 100,
      server_pagination: false,
    };
  return {
    ...common,
    viz_type: c.kind === 'line' ? 'echarts_timeseries_line' : 'echarts_timeseries_bar',
    x_axis: c.x,
    time_grain_sqla: c.x === 'period_start' ? 'P1W' : null,
    metrics: c.series.map((_, i) => metric(c, i)),
    groupby: [],
    row_limit: 10000,
    y_axis_format: D3_FORMAT[c.format],
    show_legend: c.series.length > 1,
    rich_tooltip: true,
    markerEnabled: c.kind === 'line',
  };
}

function chart(c: ChartSpec, id: number) {
  return {
    slice_name: c.title,
    viz_type: chartParams(c, id).viz_type as string,
    params: chartParams(c, id),
    query_context: null,
    cache_timeout: null,
    uuid: stableUuid(`chart:${c.key}`),
    version: VERSION,
    dataset_uuid: stableUuid(`dataset:${datasetOf(c).name}`),
  };
}

/** Rows of charts, 12 grid columns wide, in the order of CHARTS. */
function dashboard() {
  const position: Record<string, unknown> = {
    DASHBOARD_VERSION_KEY: 'v2',
    ROOT_ID: { type: 'ROOT', id: 'ROOT_ID', children: ['GRID_ID'] },
    HEADER_ID: { type: 'HEADER', id: 'HEADER_ID', meta: { text: 'ci-autofix' } },
  };
  const rows: string[][] = [];
  let width = 12;
  for (const c of CHARTS) {
    if (width + c.width > 12) {
      rows.push([]);
      width = 0;
    }
    rows.at(-1)?.push(c.key);
    width += c.width;
  }
  const rowIds = rows.map((_, i) => `ROW-${i + 1}`);
  position.GRID_ID = { type: 'GRID', id: 'GRID_ID', children: rowIds, parents: ['ROOT_ID'] };
  rows.forEach((keys, i) => {
    const rowId = rowIds[i] as string;
    position[rowId] = {
      type: 'ROW',
      id: rowId,
      children: keys.map((k) => `CHART-${k}`),
      parents: ['ROOT_ID', 'GRID_ID'],
      meta: { background: 'BACKGROUND_TRANSPARENT' },
    };
    for (const key of keys) {
      const c = CHARTS.find((x) => x.key === key) as ChartSpec;
      position[`CHART-${key}`] = {
        type: 'CHART',
        id: `CHART-${key}`,
        children: [],
        parents: ['ROOT_ID', 'GRID_ID', rowId],
        meta: { width: c.width, height: c.kind === 'tile' ? 30 : 50, chartId: CHARTS.indexOf(c) + 1, uuid: stableUuid(`chart:${key}`), sliceName: c.title },
      };
    }
  });
  return {
    dashboard_title: 'ci-autofix',
    css: '',
    slug: DASHBOARD_SLUG,
    uuid: stableUuid('dashboard'),
    position,
    metadata: {
      color_scheme: '',
      refresh_frequency: 0,
      expanded_slices: {},
      label_colors: {},
      timed_refresh_immune_slices: [],
      cross_filters_enabled: true,
      default_filters: '{}',
      chart_configuration: {},
      native_filter_configuration: [],
    },
    version: VERSION,
  };
}

const fileName = (s: string) => s.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '');

/** The bundle's files, path → YAML text, the way Superset exports them. */
export function supersetBundle(uri = PLACEHOLDER_URI, timestamp = '2026-01-01T00:00:00+00:00'): Map<string, string> {
  const yaml = (v: unknown) => stringify(v, { lineWidth: 0, sortMapEntries: false });
  const files = new Map<string, string>();
  files.set('metadata.yaml', yaml({ version: VERSION, type: 'Dashboard', timestamp }));
  files.set('databases/ci_autofix_metrics.yaml', yaml(database(uri)));
  for (const d of DATASETS) files.set(`datasets/ci_autofix_metrics/${d.name}.yaml`, yaml(dataset(d)));
  CHARTS.forEach((c, i) => {
    files.set(`charts/${fileName(c.title)}_${i + 1}.yaml`, yaml(chart(c, i + 1)));
  });
  files.set('dashboards/ci_autofix.yaml', yaml(dashboard()));
  return files;
}

/** The bundle as the ZIP Superset imports: every file under one root folder. */
export function supersetZip(files: Map<string, string>): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const [path, text] of files) entries[`${ROOT}/${path}`] = new TextEncoder().encode(text);
  return zipSync(entries, { level: 6, mtime: new Date('2026-01-01T00:00:00Z') });
}
