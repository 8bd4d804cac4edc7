/**
 * The metrics schema, as versioned migrations applied in order by `migrate` (database.ts).
 * A migration is never edited once released: a change is a new one with the next version.
 * Views are replaced whole (CREATE OR REPLACE keeps their grants and dependants).
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The statuses where the action tried a fix: the denominator of the success rate. */
export const ACTED_ON = ['fixed', 'patch_rejected', 'verification_failed', 'over_budget'] as const;

/** The design's targets (../shared/SEED.md): success ≥ 70 %, false positives ≤ 10 %, time to fix ≤ 5 min. */
export const TARGETS = { successRate: 0.7, falsePositiveRate: 0.1, timeToFixSeconds: 300 } as const;

const acted = ACTED_ON.map((s) => `'${s}'`).join(', ');

/**
 * Grouped per category and, as category 'all', per repository: a rate or median over all
 * categories cannot be derived from the per-category rows.
 */
const byCategory = (category: string, rest: string) => `GROUP BY GROUPING SETS ((${rest}, ${category}), (${rest}))`;
const categoryColumn = (category: string) => `CASE WHEN GROUPING(${category}) = 1 THEN 'all' ELSE coalesce(${category}, 'unknown') END AS category`;

/** Each run's week and month (UTC): the periods every view is grouped by. */
const periods = (column: string) =>
  `CROSS JOIN LATERAL (VALUES ('week', date_trunc('week', ${column} AT TIME ZONE 'UTC')::date),
                              ('month', date_trunc('month', ${column} AT TIME ZONE 'UTC')::date)) AS p(period, period_start)`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'runs and pull requests',
    sql: `
CREATE TABLE autofix_runs (
  repository     text        NOT NULL,
  run_id         bigint      NOT NULL,
  run_attempt    integer     NOT NULL DEFAULT 1,
  workflow       text,
  event          text,
  head_branch    text,
  head_sha       text,
  status         text        NOT NULL,
  reason         text,
  category       text,
  signature      text,
  fixer          text,
  attempts       integer     NOT NULL DEFAULT 0,
  tokens         integer     NOT NULL DEFAULT 0,
  cost_usd       numeric(12, 6) NOT NULL DEFAULT 0,
  model          text,
  time_to_fix_ms bigint,
  pr_number      integer,
  pr_url         text,
  started_at     timestamptz NOT NULL,
  finished_at    timestamptz NOT NULL,
  action_version text,
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (repository, run_id, run_attempt)
);
CREATE INDEX autofix_runs_started_at ON autofix_runs (started_at);
CREATE INDEX autofix_runs_signature ON autofix_runs (repository, signature);

CREATE TABLE autofix_prs (
  repository      text        NOT NULL,
  number          integer     NOT NULL,
  url             text,
  branch          text,
  title           text,
  run_id          bigint,
  category        text,
  signature       text,
  state           text        NOT NULL CHECK (state IN ('open', 'merged', 'closed')),
  created_at      timestamptz NOT NULL,
  merged_at       timestamptz,
  closed_at       timestamptz,
  review_comments integer     NOT NULL DEFAULT 0,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (repository, number)
);
CREATE INDEX autofix_prs_created_at ON autofix_prs (created_at);
`,
  },
  {
    version: 2,
    name: 'the four design metrics and the recurring failures',
    sql: `
CREATE OR REPLACE VIEW autofix_success_rate AS
SELECT r.repository, ${categoryColumn('r.category')}, p.period, p.period_start,
       count(*) AS runs,
       count(*) FILTER (WHERE r.status IN (${acted})) AS acted_on,
       count(*) FILTER (WHERE r.status = 'fixed') AS fixed,
       round(count(*) FILTER (WHERE r.status = 'fixed')::numeric
             / nullif(count(*) FILTER (WHERE r.status IN (${acted})), 0), 4) AS success_rate,
       ${TARGETS.successRate}::numeric AS target
FROM autofix_runs r ${periods('r.started_at')}
${byCategory('r.category', 'r.repository, p.period, p.period_start')};

CREATE OR REPLACE VIEW autofix_false_positive_rate AS
SELECT pr.repository, ${categoryColumn('pr.category')}, p.period, p.period_start,
       count(*) AS opened,
       count(*) FILTER (WHERE pr.state = 'merged') AS merged,
       count(*) FILTER (WHERE pr.state = 'closed') AS closed_unmerged,
       count(*) FILTER (WHERE pr.state = 'open') AS still_open,
       round(count(*) FILTER (WHERE pr.state = 'closed')::numeric
             / nullif(count(*) FILTER (WHERE pr.state IN ('merged', 'closed')), 0), 4) AS false_positive_rate,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM pr.merged_at - pr.created_at))
              FILTER (WHERE pr.state = 'merged') / 3600)::numeric, 2) AS median_hours_to_merge,
       sum(pr.review_comments) AS review_comments,
       ${TARGETS.falsePositiveRate}::numeric AS target
FROM autofix_prs pr ${periods('pr.created_at')}
${byCategory('pr.category', 'pr.repository, p.period, p.period_start')};

CREATE OR REPLACE VIEW autofix_time_to_fix AS
SELECT r.repository, ${categoryColumn('r.category')}, p.period, p.period_start,
       count(*) AS fixes,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY r.time_to_fix_ms) / 1000)::numeric, 1) AS median_seconds,
       round((percentile_cont(0.9) WITHIN GROUP (ORDER BY r.time_to_fix_ms) / 1000)::numeric, 1) AS p90_seconds,
       round(avg((r.time_to_fix_ms <= ${TARGETS.timeToFixSeconds * 1000})::int)::numeric, 4) AS within_target,
       ${TARGETS.timeToFixSeconds} AS target_seconds
FROM autofix_runs r ${periods('r.started_at')}
WHERE r.status = 'fixed' AND r.time_to_fix_ms IS NOT NULL
${byCategory('r.category', 'r.repository, p.period, p.period_start')};

CREATE OR REPLACE VIEW autofix_cost AS
SELECT r.repository, ${categoryColumn('r.category')}, p.period, p.period_start,
       count(*) AS runs,
       count(*) FILTER (WHERE r.status = 'fixed') AS fixes,
       count(*) FILTER (WHERE r.fixer IS NOT NULL AND r.tokens = 0 AND r.status = 'fixed') AS zero_token_fixes,
       sum(r.tokens) AS tokens,
       sum(r.cost_usd) AS cost_usd,
       round(sum(r.cost_usd) / nullif(count(*) FILTER (WHERE r.status = 'fixed'), 0), 6) AS cost_per_fix_usd
FROM autofix_runs r ${periods('r.started_at')}
${byCategory('r.category', 'r.repository, p.period, p.period_start')};

CREATE OR REPLACE VIEW autofix_top_signatures AS
SELECT r.repository, r.signature,
       mode() WITHIN GROUP (ORDER BY r.category) AS category,
       count(*) AS runs,
       count(*) FILTER (WHERE r.status = 'fixed') AS fixed,
       count(*) FILTER (WHERE r.status = 'duplicate') AS duplicates,
       count(DISTINCT r.pr_number) AS pull_requests,
       min(r.started_at) AS first_seen,
       max(r.started_at) AS last_seen,
       (array_agg(r.reason ORDER BY r.started_at DESC))[1] AS last_reason
FROM autofix_runs r
WHERE r.signature IS NOT NULL
GROUP BY 1, 2;
`,
  },
];
