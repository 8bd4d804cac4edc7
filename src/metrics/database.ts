import pg from 'pg';
import { MIGRATIONS, type Migration } from './schema.js';

/** One run of the action, as a row of `autofix_runs`. */
export interface RunRow {
  repository: string;
  runId: number;
  runAttempt: number;
  workflow: string | null;
  event: string | null;
  headBranch: string | null;
  headSha: string | null;
  status: string;
  reason: string;
  category: string | null;
  signature: string | null;
  fixer: string | null;
  attempts: number;
  tokens: number;
  costUsd: number;
  model: string | null;
  timeToFixMs: number | null;
  prNumber: number | null;
  prUrl: string | null;
  startedAt: Date;
  finishedAt: Date;
  actionVersion: string;
}

/** One autofix pull request's fate, as a row of `autofix_prs`. */
export interface PullRequestRow {
  repository: string;
  number: number;
  url: string;
  branch: string;
  title: string;
  runId: number | null;
  category: string | null;
  signature: string | null;
  state: 'open' | 'merged' | 'closed';
  createdAt: string;
  mergedAt: string | null;
  closedAt: string | null;
  reviewComments: number;
}

/** Any key: the migrations of every ci-autofix running against one database take turns on it. */
const MIGRATION_LOCK = 0x61757466; // "autf"
const COMPONENT = 'ci-autofix';

/** The connection string, with its password (if any) replaced: safe for a message. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

/**
 * A client on `url`, as node-postgres reads it (TLS through `sslmode`, `sslrootcert`, …), with
 * bounded waits: the metrics never hold a job up for long.
 */
export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 10_000,
    query_timeout: 30_000,
    statement_timeout: 30_000,
    application_name: 'ci-autofix',
  });
  // A server that goes away between queries emits 'error' on the client: the pending query
  // rejects with it too, and an unhandled 'error' would end the process.
  client.on('error', () => {});
  await client.connect();
  return client;
}

/**
 * Brings the schema to the latest version. Safe when several jobs start at once: the whole
 * migration runs in one transaction holding an advisory lock, so the second waits, then finds
 * nothing to do. Returns the versions it applied.
 */
export async function migrate(client: pg.Client, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const applied: number[] = [];
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_version (
      component  text        NOT NULL,
      version    integer     NOT NULL,
      name       text        NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (component, version))`);
    const done = await client.query<{ version: number }>('SELECT version FROM schema_version WHERE component = $1', [COMPONENT]);
    const have = new Set(done.rows.map((r) => r.version));
    const newest = Math.max(0, ...have);
    const latest = Math.max(0, ...migrations.map((m) => m.version));
    if (newest > latest)
      throw new Error(`the database's metrics schema is at version ${newest}, newer than this ci-autofix knows (${latest}): upgrade the action`);
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (have.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_version (component, version, name) VALUES ($1, $2, $3)', [COMPONENT, m.version, m.name]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
  return applied;
}

const RUN_COLUMNS = [
  'repository',
  'run_id',
  'run_attempt',
  'workflow',
  'event',
  'head_branch',
  'head_sha',
  'status',
  'reason',
  'category',
  'signature',
  'fixer',
  'attempts',
  'tokens',
  'cost_usd',
  'model',
  'time_to_fix_ms',
  'pr_number',
  'pr_url',
  'started_at',
  'finished_at',
  'action_version',
] as const;

/** `INSERT … ON CONFLICT (key) DO UPDATE` every other column: the row's latest word wins. */
function upsertSql(table: string, columns: readonly string[], key: readonly string[], touch = ''): string {
  const updates = columns.filter((c) => !key.includes(c)).map((c) => `${c} = EXCLUDED.${c}`);
  if (touch) updates.push(touch);
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})
    ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${updates.join(', ')}`;
}

/** Writes the run's row; a re-run of the same attempt replaces it. */
export async function insertRun(client: pg.Client, row: RunRow): Promise<void> {
  const values = [
    row.repository,
    row.runId,
    row.runAttempt,
    row.workflow,
    row.event,
    row.headBranch,
    row.headSha,
    row.status,
    row.reason.slice(0, 4000),
    row.category,
    row.signature,
    row.fixer,
    row.attempts,
    row.tokens,
    row.costUsd,
    row.model,
    row.timeToFixMs,
    row.prNumber,
    row.prUrl,
    row.startedAt,
    row.finishedAt,
    row.actionVersion,
  ];
  await client.query(upsertSql('autofix_runs', RUN_COLUMNS, ['repository', 'run_id', 'run_attempt'], 'recorded_at = now()'), values);
}

const PR_COLUMNS = [
  'repository',
  'number',
  'url',
  'branch',
  'title',
  'run_id',
  'category',
  'signature',
  'state',
  'created_at',
  'merged_at',
  'closed_at',
  'review_comments',
] as const;

/** Writes each pull request's fate in one transaction. */
export async function upsertPullRequests(client: pg.Client, rows: readonly PullRequestRow[]): Promise<void> {
  const sql = upsertSql('autofix_prs', PR_COLUMNS, ['repository', 'number'], 'updated_at = now()');
  await client.query('BEGIN');
  try {
    for (const r of rows)
      await client.query(sql, [
        r.repository,
        r.number,
        r.url,
        r.branch,
        r.title.slice(0, 500),
        r.runId,
        r.category,
        r.signature,
        r.state,
        r.createdAt,
        r.mergedAt,
        r.closedAt,
        r.reviewComments,
      ]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/** Opens, migrates, runs `work`, closes: the shape of every use of the metrics database. */
export async function withDatabase<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(url);
  try {
    await migrate(client);
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The action's write: never throws. Returns null when the row is in, else a sentence for the
 * log and the summary saying what failed and where (the password left out).
 */
export async function recordRun(url: string, row: RunRow): Promise<string | null> {
  try {
    await withDatabase(url, (client) => insertRun(client, row));
    return null;
  } catch (error) {
    return `Metrics not recorded in ${redactUrl(url)}: ${(error as Error).message || String(error)}. The autofix outcome is unaffected.`;
  }
}
