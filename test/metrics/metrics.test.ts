import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv } from 'ajv';
import { unzipSync } from 'fflate';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CHARTS, chartQuery, DATASETS } from '../../src/metrics/dashboard.js';
import { connect, insertRun, migrate, recordRun, redactUrl, upsertPullRequests, withDatabase } from '../../src/metrics/database.js';
import { readFigures } from '../../src/metrics/figures.js';
import { MIGRATIONS } from '../../src/metrics/schema.js';
import { PLACEHOLDER_URI, supersetBundle, supersetZip } from '../../src/metrics/superset.js';
import { cleanTemps, itWith, ROOT } from '../helpers.js';
import { POSTGRES, type PostgresServer, startPostgres } from '../postgres.js';
import { SEED_PRS, SEED_RUNS } from './seed.js';

// DATE columns as PostgreSQL writes them (YYYY-MM-DD), not as JavaScript Dates at local midnight.
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);

const withPg = itWith(POSTGRES);
let server: PostgresServer | null = null;

beforeAll(async () => {
  if (POSTGRES.present()) server = await startPostgres();
});
afterAll(() => {
  server?.stop();
  cleanTemps();
});

async function seeded(): Promise<string> {
  const url = await (server as PostgresServer).newDatabase();
  await withDatabase(url, async (c) => {
    for (const r of SEED_RUNS) await insertRun(c, r);
    await upsertPullRequests(c, SEED_PRS);
  });
  return url;
}

async function query<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = await connect(url);
  try {
    await c.query("SET TIME ZONE 'UTC'");
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

describe('migrations', () => {
  withPg('create the schema once, even when several jobs migrate at the same moment', async () => {
    const url = await (server as PostgresServer).newDatabase();
    const clients = await Promise.all(Array.from({ length: 6 }, () => connect(url)));
    const applied = await Promise.all(clients.map((c) => migrate(c)));
    await Promise.all(clients.map((c) => c.end()));
    // Exactly one job applied every migration; the others waited on the lock and found them done.
    const all = MIGRATIONS.map((m) => m.version);
    expect(applied.filter((a) => a.length > 0)).toEqual([all]);
    expect(applied.filter((a) => a.length === 0)).toHaveLength(5);
    const again = await withDatabase(url, async (c) => migrate(c));
    expect(again).toEqual([]);
    const versions = await query<{ version: number }>(url, "SELECT version FROM schema_version WHERE component = 'ci-autofix' ORDER BY 1");
    expect(versions.map((v) => v.version)).toEqual(all);
  });

  withPg('refuse a database migrated by a newer release, and roll back a migration that fails', async () => {
    const url = await (server as PostgresServer).newDatabase();
    const c = await connect(url);
    await migrate(c);
    await expect(migrate(c, MIGRATIONS.slice(0, 1))).rejects.toThrow(/schema is at version 2, newer than this ci-autofix knows \(1\): upgrade/);
    const broken = [...MIGRATIONS, { version: 3, name: 'broken', sql: 'CREATE TABLE half_done (x int); SELECT * FROM no_such_table;' }];
    await expect(migrate(c, broken)).rejects.toThrow(/no_such_table/);
    const left = await c.query("SELECT to_regclass('half_done') AS t, max(version) AS v FROM schema_version");
    expect(left.rows[0]).toEqual({ t: null, v: 2 });
    await c.end();
  });

  withPg('a re-run of the same attempt replaces its row; another attempt adds one', async () => {
    const url = await (server as PostgresServer).newDatabase();
    const row = SEED_RUNS[0] as (typeof SEED_RUNS)[number];
    await withDatabase(url, async (c) => {
      await insertRun(c, row);
      await insertRun(c, { ...row, status: 'duplicate', reason: 'again' });
      await insertRun(c, { ...row, runAttempt: 2 });
    });
    const rows = await query(url, 'SELECT run_attempt, status, reason FROM autofix_runs ORDER BY run_attempt');
    expect(rows).toEqual([
      { run_attempt: 1, status: 'duplicate', reason: 'again' },
      { run_attempt: 2, status: 'fixed', reason: 'first' },
    ]);
  });
});

describe('recordRun, the action’s write', () => {
  it('returns a warning without the password when the database cannot be reached', async () => {
    const warning = await recordRun('postgresql://u:s3cret@127.0.0.1:1/db', SEED_RUNS[0] as (typeof SEED_RUNS)[number]);
    expect(warning).toMatch(/^Metrics not recorded in postgresql:\/\/u:\*\*\*@127\.0\.0\.1:1\/db: .*ECONNREFUSED.*The autofix outcome is unaffected\.$/);
    expect(warning).not.toContain('s3cret');
    expect(redactUrl('postgres://name@host/db')).toBe('postgres://name@host/db');
  });
  withPg('returns a warning when the server refuses the write', async () => {
    const url = await (server as PostgresServer).newDatabase();
    await withDatabase(url, (c) => c.query('REVOKE ALL ON autofix_runs FROM PUBLIC').then(() => c.query('CREATE ROLE reader LOGIN')));
    const warning = await recordRun(url.replace('autofix@', 'reader@'), SEED_RUNS[0] as (typeof SEED_RUNS)[number]);
    expect(warning).toMatch(/permission denied/);
  });
});

describe('views: the four design metrics and the recurring failures', () => {
  withPg('give the figures worked out by hand on seeded runs and PRs', async () => {
    const url = await seeded();
    const success = await query(url, "SELECT * FROM autofix_success_rate WHERE repository = 'acme/addons' ORDER BY period, period_start, category");
    const s = (period: string, start: string, category: string) =>
      success.find((r) => r.period === period && String(r.period_start) === start && r.category === category) as Record<string, unknown>;
    expect(success.every((r) => String(r.period_start).length === 10)).toBe(true);
    expect({ ...s('week', '2026-11-02', 'test') }).toMatchObject({ runs: '5', acted_on: '3', fixed: '2', success_rate: '0.6667', target: '0.7' });
    expect(s('week', '2026-11-09', 'test')).toMatchObject({ runs: '2', acted_on: '2', fixed: '1', success_rate: '0.5000' });
    expect(s('week', '2026-11-09', 'lint')).toMatchObject({ acted_on: '1', fixed: '1', success_rate: '1.0000' });
    expect(s('week', '2026-11-09', 'all')).toMatchObject({ runs: '3', acted_on: '3', fixed: '2', success_rate: '0.6667' });
    expect(s('month', '2026-11-01', 'all')).toMatchObject({ runs: '8', acted_on: '6', fixed: '4', success_rate: '0.6667' });
    expect(s('month', '2026-11-01', 'test')).toMatchObject({ runs: '7', acted_on: '5', fixed: '3', success_rate: '0.6000' });
    // A repository with no attempt has no rate rather than 0 %.
    const other = await query(url, "SELECT category, acted_on, success_rate FROM autofix_success_rate WHERE repository = 'acme/other' AND period = 'month'");
    expect(other).toEqual(
      expect.arrayContaining([
        { category: 'unknown', acted_on: '0', success_rate: null },
        { category: 'all', acted_on: '0', success_rate: null },
      ]),
    );

    const fp = await query(url, "SELECT * FROM autofix_false_positive_rate WHERE repository = 'acme/addons'");
    const f = (period: string, start: string, category: string) =>
      fp.find((r) => r.period === period && String(r.period_start) === start && r.category === category);
    expect(f('week', '2026-11-02', 'test')).toMatchObject({
      opened: '2',
      merged: '1',
      closed_unmerged: '1',
      still_open: '0',
      false_positive_rate: '0.5000',
      median_hours_to_merge: '4.00',
      review_comments: '2',
    });
    expect(f('week', '2026-11-09', 'lint')).toMatchObject({ opened: '1', still_open: '1', false_positive_rate: null, median_hours_to_merge: null });
    expect(f('month', '2026-11-01', 'all')).toMatchObject({
      opened: '4',
      merged: '2',
      closed_unmerged: '1',
      still_open: '1',
      false_positive_rate: '0.3333',
      median_hours_to_merge: '14.00',
      target: '0.1',
    });

    const ttf = await query(url, "SELECT * FROM autofix_time_to_fix WHERE repository = 'acme/addons'");
    const t = (period: string, start: string, category: string) =>
      ttf.find((r) => r.period === period && String(r.period_start) === start && r.category === category);
    expect(t('month', '2026-11-01', 'all')).toMatchObject({
      fixes: '4',
      median_seconds: '180.0',
      p90_seconds: '492.0',
      within_target: '0.7500',
      target_seconds: 300,
    });
    expect(t('month', '2026-11-01', 'test')).toMatchObject({ fixes: '3', median_seconds: '240.0', p90_seconds: '528.0', within_target: '0.6667' });
    expect(t('week', '2026-11-09', 'all')).toMatchObject({ fixes: '2', median_seconds: '315.0', p90_seconds: '543.0', within_target: '0.5000' });

    const cost = await query(url, "SELECT * FROM autofix_cost WHERE repository = 'acme/addons' AND period = 'month'");
    expect(cost.find((r) => r.category === 'all')).toMatchObject({
      runs: '8',
      fixes: '4',
      zero_token_fixes: '1',
      tokens: '10500',
      cost_usd: '0.023000',
      cost_per_fix_usd: '0.005750',
    });
    expect(cost.find((r) => r.category === 'test')).toMatchObject({ fixes: '3', zero_token_fixes: '0', cost_per_fix_usd: '0.007667' });
    expect(cost.find((r) => r.category === 'lint')).toMatchObject({ fixes: '1', zero_token_fixes: '1', cost_per_fix_usd: '0.000000' });

    const top = await query(url, "SELECT * FROM autofix_top_signatures WHERE repository = 'acme/addons' ORDER BY runs DESC, signature");
    expect(top[0]).toMatchObject({ signature: 'aaa', category: 'test', runs: '3', fixed: '1', duplicates: '1', pull_requests: '1', last_reason: 'latest <b>' });
    expect(((top[0] as Record<string, unknown>).first_seen as Date).toISOString()).toBe('2026-11-02T10:00:00.000Z');
    expect(top.map((r) => r.signature)).toEqual(['aaa', 'bbb', 'ccc', 'ddd', 'eee', 'fff']);
  });
});

/**
 * Superset's import schemas, as JSON Schema. Source: apache/superset, the marshmallow schemas
 * the v1 importer loads each file with (unknown fields are refused, marshmallow's default):
 *   MetadataSchema, IMPORT_VERSION "1.0.0": superset/commands/importers/v1/utils.py @ 0155015347dd
 *   ImportV1DatabaseSchema (+ ImportV1DatabaseExtraSchema): superset/databases/schemas.py, Superset 4.1 and later (it has allow_dml
 *     and allow_multi_catalog); the 1.x version (no allow_dml) read too
 *   ImportV1DatasetSchema, ImportV1ColumnSchema, ImportV1MetricSchema: superset/datasets/schemas.py @ 001d97cde0a4 and 70f64179fa37
 *   ImportV1ChartSchema: superset/charts/schemas.py (1.x and 4.x versions)
 *   ImportV1DashboardSchema: superset/dashboards/schemas.py @ 0061036750ff
 * A field is allowed here only where every version read accepts it: the bundle imports into each.
 */
const UUID = { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' };
const str = { type: 'string' };
const strOrNull = { type: ['string', 'null'] };
const bool = { type: 'boolean' };
const boolOrNull = { type: ['boolean', 'null'] };
const intOrNull = { type: ['integer', 'null'] };
const dict = { type: 'object' };
const dictOrNull = { type: ['object', 'null'] };
const closed = (properties: Record<string, unknown>, required: string[]) => ({ type: 'object', properties, required, additionalProperties: false });
const SCHEMAS = {
  metadata: closed({ version: { const: '1.0.0' }, type: str, timestamp: { type: 'string', format: 'date-time' } }, ['version']),
  databases: closed(
    {
      database_name: str,
      sqlalchemy_uri: str,
      password: strOrNull,
      cache_timeout: intOrNull,
      expose_in_sqllab: bool,
      allow_run_async: bool,
      allow_ctas: bool,
      allow_cvas: bool,
      allow_csv_upload: bool,
      extra: closed(
        {
          metadata_params: dict,
          engine_params: dict,
          metadata_cache_timeout: { type: 'object', additionalProperties: { type: 'integer' } },
          schemas_allowed_for_csv_upload: { type: 'array', items: str },
          cost_estimate_enabled: bool,
        },
        [],
      ),
      uuid: UUID,
      version: str,
    },
    ['database_name', 'sqlalchemy_uri', 'uuid', 'version'],
  ),
  datasets: closed(
    {
      table_name: str,
      main_dttm_col: strOrNull,
      description: strOrNull,
      default_endpoint: strOrNull,
      offset: { type: 'integer' },
      cache_timeout: intOrNull,
      schema: strOrNull,
      sql: strOrNull,
      params: dictOrNull,
      template_params: dictOrNull,
      filter_select_enabled: bool,
      fetch_values_predicate: strOrNull,
      extra: dictOrNull,
      uuid: UUID,
      columns: {
        type: 'array',
        items: closed(
          {
            column_name: str,
            verbose_name: strOrNull,
            is_dttm: boolOrNull,
            is_active: boolOrNull,
            type: strOrNull,
            groupby: bool,
            filterable: bool,
            expression: strOrNull,
            description: strOrNull,
            python_date_format: strOrNull,
          },
          ['column_name'],
        ),
      },
      metrics: {
        type: 'array',
        items: closed(
          {
            metric_name: str,
            verbose_name: strOrNull,
            metric_type: strOrNull,
            expression: str,
            description: strOrNull,
            d3format: strOrNull,
            extra: dictOrNull,
            warning_text: strOrNull,
          },
          ['metric_name', 'expression'],
        ),
      },
      version: str,
      database_uuid: UUID,
      data: { type: 'string', format: 'uri' },
    },
    ['table_name', 'uuid', 'version', 'database_uuid'],
  ),
  charts: closed(
    { slice_name: str, viz_type: str, params: dict, query_context: strOrNull, cache_timeout: intOrNull, uuid: UUID, version: str, dataset_uuid: UUID },
    ['slice_name', 'viz_type', 'uuid', 'version', 'dataset_uuid'],
  ),
  dashboards: closed({ dashboard_title: str, css: strOrNull, slug: strOrNull, uuid: UUID, position: dict, metadata: dict, version: str }, [
    'dashboard_title',
    'uuid',
    'version',
  ]),
} as const;

function filesUnder(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

describe('the Superset bundle', () => {
  const committed = filesUnder(join(ROOT, 'superset'));

  it('is the one the code generates (superset/ is rebuilt with `ci-autofix superset-bundle --out superset`)', () => {
    const generated = supersetBundle();
    expect([...committed.keys()].filter((k) => k.endsWith('.yaml')).sort()).toEqual([...generated.keys()].sort());
    for (const [path, text] of generated) expect(committed.get(path), path).toBe(text);
  });

  it('validates against Superset’s import schemas, and every reference resolves', () => {
    const ajv = new Ajv({ allErrors: true, strict: true, validateFormats: false });
    const files = [...committed].filter(([k]) => k.endsWith('.yaml')).map(([k, v]) => [k, parse(v)] as const);
    const uuids = new Map<string, Set<string>>();
    for (const [path, doc] of files) {
      const kind = path === 'metadata.yaml' ? 'metadata' : (path.split('/')[0] as keyof typeof SCHEMAS);
      const validate = ajv.compile(SCHEMAS[kind]);
      expect(validate(doc), `${path}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      if (doc.uuid) uuids.set(kind, (uuids.get(kind) ?? new Set()).add(doc.uuid));
    }
    expect(parse(committed.get('metadata.yaml') as string)).toMatchObject({ version: '1.0.0', type: 'Dashboard' });
    const docs = (kind: string) => files.filter(([k]) => k.startsWith(`${kind}/`)).map(([, d]) => d);
    expect(docs('databases')).toHaveLength(1);
    expect(docs('databases')[0].sqlalchemy_uri).toBe(PLACEHOLDER_URI);
    for (const d of docs('datasets')) expect(uuids.get('databases')?.has(d.database_uuid)).toBe(true);
    for (const c of docs('charts')) expect(uuids.get('datasets')?.has(c.dataset_uuid), c.slice_name).toBe(true);
    // The dashboard lays out every chart once, by uuid, inside rows of at most 12 columns.
    const position = docs('dashboards')[0].position as Record<string, { type: string; children?: string[]; meta?: { uuid?: string; width?: number } }>;
    const placed = Object.values(position).filter((p) => p?.type === 'CHART');
    expect(placed.map((p) => p.meta?.uuid).sort()).toEqual([...(uuids.get('charts') ?? [])].sort());
    for (const row of Object.values(position).filter((p) => p?.type === 'ROW'))
      expect((row.children ?? []).reduce((a, id) => a + (position[id]?.meta?.width ?? 0), 0)).toBeLessThanOrEqual(12);
    expect(docs('charts').map((c) => c.viz_type)).toEqual(
      expect.arrayContaining(['echarts_timeseries_line', 'echarts_timeseries_bar', 'big_number_total', 'table']),
    );
  });

  it('zips under one root folder, which the importer strips, with the database URI given', () => {
    const zip = unzipSync(supersetZip(supersetBundle('postgresql://superset:pw@db:5432/metrics')));
    const names = Object.keys(zip);
    expect(new Set(names.map((n) => n.split('/')[0]))).toEqual(new Set(['ci_autofix_dashboard']));
    const database = parse(new TextDecoder().decode(zip['ci_autofix_dashboard/databases/ci_autofix_metrics.yaml']));
    expect(database.sqlalchemy_uri).toBe('postgresql://superset:pw@db:5432/metrics');
    expect(names).toHaveLength(committed.size);
  });

  withPg('every dataset’s SQL and every chart’s query run on the real database, giving the seeded figures', async () => {
    const url = await seeded();
    for (const d of DATASETS) {
      const rows = await query(url, d.sql);
      expect(rows.length, d.name).toBeGreaterThan(0);
      expect(Object.keys(rows[0] ?? {}).sort(), d.name).toEqual(Object.keys(d.columns).sort());
    }
    const c = await connect(url);
    const figures = await readFigures(c, 'acme/addons');
    await c.end();
    const of = (key: string) => figures.find((f) => f.chart.key === key);
    expect(figures.map((f) => f.chart.key)).toEqual(CHARTS.map((ch) => ch.key));
    expect(of('success-total')?.points[0]?.values[0]).toBeCloseTo(4 / 6, 4);
    expect(of('false-positive-total')?.points[0]?.values[0]).toBeCloseTo(1 / 3, 4);
    expect(of('within-target-total')?.points[0]?.values[0]).toBeCloseTo(0.75, 4);
    expect(of('cost-per-fix-total')?.points[0]?.values[0]).toBeCloseTo(0.00575, 6);
    expect(of('success-rate')?.points).toEqual([
      { x: '2026-11-02', values: [expect.closeTo(2 / 3, 4), 0.7] },
      { x: '2026-11-09', values: [expect.closeTo(2 / 3, 4), 0.7] },
    ]);
    expect(of('false-positive-rate')?.points.map((p) => p.values[0])).toEqual([0.5, 0]);
    expect(of('time-to-fix')?.points).toEqual([
      { x: '2026-11-02', values: [180, 300] },
      { x: '2026-11-09', values: [315, 300] },
    ]);
    expect(of('cost-per-fix')?.points.map((p) => p.values[0])).toEqual([0.006, 0.0055]);
    expect(of('runs-by-status')?.points).toEqual([
      { x: 'fixed', values: [4] },
      { x: 'duplicate', values: [1] },
      { x: 'flaky', values: [1] },
      { x: 'patch_rejected', values: [1] },
      { x: 'verification_failed', values: [1] },
    ]);
    expect(of('runs-by-category')?.points).toEqual([
      { x: 'test', values: [7] },
      { x: 'lint', values: [1] },
    ]);
    expect(of('top-signatures')?.rows[0]).toEqual(['aaa', 'test', '3', '1', '1', '1', '2026-11-05T12:00:00Z', 'latest <b>']);
    // Across every repository (no filter), the error run of acme/other counts.
    expect(chartQuery(CHARTS.find((ch) => ch.key === 'runs-by-status') as (typeof CHARTS)[number], false)).not.toContain('$1');
    const all = await query(url, chartQuery(CHARTS.find((ch) => ch.key === 'runs-by-status') as (typeof CHARTS)[number], false));
    expect(all.find((r) => r.x === 'error')).toMatchObject({ s0: '1' });
  });
});
