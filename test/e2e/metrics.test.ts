import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import { CHARTS } from '../../src/metrics/dashboard.js';
import { connect, insertRun, withDatabase } from '../../src/metrics/database.js';
import { categoryMarker, signatureMarker } from '../../src/publish/render-pr.js';
import { runProcess } from '../../src/sandbox/process.js';
import type { PullRecord } from '../../src/sandbox/shapes.js';
import { createWorld, SANDBOX_TOKEN, type World } from '../../src/sandbox/world.js';
import { CHROMIUM, countColour, renderedDom, screenshot } from '../chromium.js';
import { cleanTemps, itWith, ROOT, tempDir } from '../helpers.js';
import { SEED_RUNS } from '../metrics/seed.js';
import { POSTGRES, type PostgresServer, startPostgres } from '../postgres.js';
import { runAction } from './run-action.js';

pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);
const withPg = itWith(POSTGRES);
const withPgAndChromium = POSTGRES.present() ? itWith(CHROMIUM) : withPg;
const CASE = join(ROOT, 'evals/cases/node-sum-off-by-one');
const GOOD_ANSWER = readFileSync(join(CASE, 'answers', '1.md'), 'utf8');

let server: PostgresServer | null = null;
beforeAll(async () => {
  if (POSTGRES.present()) server = await startPostgres();
});
afterAll(() => server?.stop());
const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.stop();
  cleanTemps();
});

async function rows(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const c = await connect(url);
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

async function world(): Promise<World> {
  const w = await createWorld({ project: join(CASE, 'project'), command: 'npm test', script: [{ content: GOOD_ANSWER }] });
  worlds.push(w);
  return w;
}

describe('the bundled action writes its run to PostgreSQL', () => {
  withPg('one row per run, with the outcome’s figures, keyed by the failed run', async () => {
    const url = await (server as PostgresServer).newDatabase();
    const w = await world();
    const before = Date.now();
    const run = await runAction(w, { 'metrics-database-url': url });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs.status).toBe('fixed');
    expect(run.stdout).toContain('::group::Metrics database');
    expect(run.stdout).toContain('Recorded run 4242 (attempt 1) of acme/widgets in autofix_runs.');
    const [row, ...more] = await rows(url, 'SELECT * FROM autofix_runs');
    expect(more).toHaveLength(0);
    expect(row).toMatchObject({
      repository: 'acme/widgets',
      run_id: '4242',
      run_attempt: 1,
      head_sha: w.headSha,
      head_branch: 'main',
      status: 'fixed',
      category: 'test',
      signature: run.outputs.signature,
      fixer: null,
      attempts: 1,
      tokens: Number(run.outputs.tokens),
      cost_usd: run.outputs['cost-usd'],
      pr_number: 1,
      pr_url: 'https://github.com/acme/widgets/pull/1',
      action_version: JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
    });
    expect(row?.workflow).toBeTruthy();
    const metrics = JSON.parse(run.outputs.metrics as string);
    expect(Number(row?.time_to_fix_ms)).toBe(metrics.timeToFixMs);
    const started = ((row as Record<string, unknown>).started_at as Date).getTime();
    const finished = ((row as Record<string, unknown>).finished_at as Date).getTime();
    expect(started).toBeGreaterThanOrEqual(before - 1000);
    expect(finished).toBeGreaterThanOrEqual(started + metrics.timeToFixMs);

    // The same run again (a re-run of the follow-up job, on a new checkout of the failed commit)
    // finds the open PR: the row is replaced.
    execFileSync('git', ['checkout', '--quiet', '--detach', w.headSha], { cwd: w.workspace });
    const again = await runAction(w, { 'metrics-database-url': url });
    expect(again.outputs.status, again.stdout.slice(-3000)).toBe('duplicate');
    expect(await rows(url, 'SELECT status, pr_number FROM autofix_runs')).toEqual([{ status: 'duplicate', pr_number: 1 }]);
  });

  withPg('a server killed mid-run is a warning: outputs, PR and exit status are as without a database', async () => {
    const url = await (server as PostgresServer).newDatabase();
    const w = await world();
    w.model.onRequest = () => server?.kill();
    try {
      const run = await runAction(w, { 'metrics-database-url': url });
      expect(run.exitCode, run.stdout).toBe(0);
      expect(run.outputs).toMatchObject({ status: 'fixed', 'pr-number': '1', attempts: '1' });
      expect(w.emulator.pulls).toHaveLength(1);
      const warning = run.stdout.split('\n').find((l) => l.startsWith('::warning::Metrics not recorded'));
      expect(warning).toMatch(/Metrics not recorded in postgresql:\/\/autofix@127\.0\.0\.1:\d+\/t\d+: .*ECONNREFUSED.*The autofix outcome is unaffected\./);
      expect(run.summary).toContain('> [!WARNING]\n> Metrics not recorded in');
      expect(run.summary).toContain('## ✅ ci-autofix: `fixed`');
    } finally {
      server?.start();
    }
    // Nothing reached the database, not even the schema.
    expect(await rows(url, "SELECT to_regclass('autofix_runs') AS t")).toEqual([{ t: null }]);
  });

  withPg('TLS as node-postgres takes it: verify-full with the server’s CA writes the row; an unknown CA or no TLS is a warning', async () => {
    const tls = await startPostgres({ tls: true });
    try {
      const url = await tls.newDatabase();
      const secure = `${url}?sslmode=verify-full&sslrootcert=${encodeURIComponent(tls.ca as string)}`;
      const w = await world();
      const run = await runAction(w, { 'metrics-database-url': secure });
      expect(run.outputs.status).toBe('fixed');
      expect(run.stdout).toContain('Recorded run 4242 (attempt 1) of acme/widgets in autofix_runs.');
      const c = await connect(secure);
      expect((await c.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).rows).toEqual([{ ssl: true }]);
      expect((await c.query('SELECT status FROM autofix_runs')).rows).toEqual([{ status: 'fixed' }]);
      await c.end();

      const again = async (u: string) => {
        execFileSync('git', ['checkout', '--quiet', '--detach', w.headSha], { cwd: w.workspace });
        return runAction(w, { 'metrics-database-url': u });
      };
      // A certificate no trusted CA signed: refused by the client.
      const untrusted = await again(`${url}?sslmode=verify-full`);
      expect(untrusted.outputs.status).toBe('duplicate');
      expect(untrusted.stdout).toMatch(/::warning::Metrics not recorded in .*: (self[- ]signed certificate|unable to (get local issuer|verify))/);
      // No TLS at all: refused by the server.
      const plain = await again(url);
      expect(plain.stdout).toMatch(/::warning::Metrics not recorded in .*no encryption/);
      expect(plain.exitCode).toBe(0);
    } finally {
      tls.stop();
    }
  });

  withPg('a connection string’s password never reaches the log', async () => {
    const w = await world();
    const url = `postgresql://autofix:hunter2-secret@127.0.0.1:${server?.port}/nosuchdb`;
    const run = await runAction(w, { 'metrics-database-url': url });
    expect(run.outputs.status).toBe('fixed');
    expect(run.stdout).toMatch(
      /::warning::Metrics not recorded in postgresql:\/\/autofix:\*\*\*@127\.0\.0\.1:\d+\/nosuchdb: database "nosuchdb" does not exist/,
    );
    const leaked = run.stdout.split('\n').filter((l) => l.includes('hunter2-secret') && !l.startsWith('::add-mask::'));
    expect(leaked).toEqual([]);
    // The password is masked on its own as well, should a message ever quote it apart from the URL.
    expect(run.stdout.split('\n')).toContain('::add-mask::hunter2-secret');
  });
});

describe('ci-autofix report with a database', () => {
  const pr = (w: World, number: number, o: Partial<PullRecord>): PullRecord => ({
    number,
    title: `fix ${number}`,
    body: `Draft\n${categoryMarker('test')}\n${signatureMarker(`${number}`.padStart(16, 'a'))}`,
    head: `ci/autofix-${900 + number}`,
    base: 'main',
    draft: true,
    state: 'open',
    merged: false,
    labels: ['ci/autofix'],
    headSha: w.headSha,
    createdAt: '2026-11-02T10:00:00Z',
    closedAt: null,
    mergedAt: null,
    ...o,
  });

  async function report(w: World, args: string[]) {
    return runProcess(process.execPath, [join(ROOT, 'dist/cli/index.js'), 'report', ...args], {
      env: { ...process.env, GITHUB_TOKEN: SANDBOX_TOKEN, GITHUB_API_URL: w.emulator.apiUrl },
    });
  }

  withPg('fills autofix_prs from the PRs, and updates a PR whose fate changed', async () => {
    const url = await (server as PostgresServer).newDatabase();
    const w = await world();
    w.emulator.pulls.push(
      pr(w, 1, { state: 'closed', merged: true, mergedAt: '2026-11-02T14:00:00Z', closedAt: '2026-11-02T14:00:00Z', reviewComments: 2, comments: 1 }),
      pr(w, 2, { state: 'closed', closedAt: '2026-11-03T10:00:00Z', body: `x\n${categoryMarker('lint')}` }),
      pr(w, 3, {}),
      pr(w, 4, { head: 'feature/by-hand', labels: [] }),
    );
    const r = await report(w, ['--repo', 'acme/widgets', '--database-url', url]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('3 autofix PRs of acme/widgets written to autofix_prs');
    const got = await rows(url, 'SELECT number, state, run_id, category, signature, review_comments, merged_at, branch FROM autofix_prs ORDER BY number');
    expect(got).toEqual([
      {
        number: 1,
        state: 'merged',
        run_id: '901',
        category: 'test',
        signature: 'aaaaaaaaaaaaaaa1',
        review_comments: 3,
        merged_at: new Date('2026-11-02T14:00:00Z'),
        branch: 'ci/autofix-901',
      },
      { number: 2, state: 'closed', run_id: '902', category: 'lint', signature: null, review_comments: 0, merged_at: null, branch: 'ci/autofix-902' },
      {
        number: 3,
        state: 'open',
        run_id: '903',
        category: 'test',
        signature: 'aaaaaaaaaaaaaaa3',
        review_comments: 0,
        merged_at: null,
        branch: 'ci/autofix-903',
      },
    ]);
    const third = w.emulator.pulls.find((p) => p.number === 3) as PullRecord;
    Object.assign(third, { state: 'closed', merged: true, mergedAt: '2026-11-04T10:00:00Z', closedAt: '2026-11-04T10:00:00Z' });
    expect((await report(w, ['--repo', 'acme/widgets', '--database-url', url])).code).toBe(0);
    expect(await rows(url, 'SELECT count(*)::int AS n, count(*) FILTER (WHERE state = $$merged$$)::int AS merged FROM autofix_prs')).toEqual([
      { n: 3, merged: 2 },
    ]);
    const fp = await rows(url, "SELECT false_positive_rate FROM autofix_false_positive_rate WHERE period = 'month' AND category = 'all'");
    expect(fp).toEqual([{ false_positive_rate: '0.3333' }]);
  });

  withPg('refuses --html without a database, and says which database failed', async () => {
    const w = await world();
    const bare = await report(w, ['--repo', 'acme/widgets', '--html', join(tempDir(), 'r.html')]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('--html reads the figures from the metrics database: pass --database-url');
    const down = await report(w, ['--repo', 'acme/widgets', '--database-url', 'postgresql://u:pw@127.0.0.1:1/x']);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('The metrics database postgresql://u:***@127.0.0.1:1/x failed');
    expect(down.stderr).not.toContain(':pw@');
  });

  withPgAndChromium('--html writes one self-contained page whose charts render in headless Chromium', async () => {
    const url = await (server as PostgresServer).newDatabase();
    const w = await world();
    await withDatabase(url, async (c) => {
      for (const r of SEED_RUNS)
        await insertRun(c, { ...r, repository: 'acme/widgets', reason: r.reason === 'latest <b>' ? '<script>alert(1)</script> <b>' : r.reason });
    });
    w.emulator.pulls.push(
      pr(w, 1, { state: 'closed', merged: true, mergedAt: '2026-11-02T14:00:00Z', closedAt: '2026-11-02T14:00:00Z' }),
      pr(w, 2, { createdAt: '2026-11-10T10:00:00Z', state: 'closed', closedAt: '2026-11-11T10:00:00Z' }),
    );
    const file = join(tempDir(), 'report.html');
    const r = await report(w, ['--repo', 'acme/widgets', '--database-url', url, '--html', file]);
    expect(r.code, r.stderr).toBe(0);
    const page = readFileSync(file, 'utf8');
    // Self-contained: no script, no stylesheet or image from elsewhere; the database's text escaped.
    expect(page).not.toMatch(/<script|<link|src=|https?:\/\/(?!www\.w3\.org)/i);
    expect(page).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');

    const dom = renderedDom(file);
    for (const c of CHARTS) expect(dom, c.key).toContain(`data-chart="${c.key}"`);
    expect(dom.match(/<polyline class="series"/g)?.length).toBe(3);
    expect(dom.match(/<polyline class="series target"/g)?.length).toBe(3);
    expect(dom.match(/<rect class="bar"/g)?.length).toBe(2 + 6 + 3);
    expect(dom).toMatch(/<div class="tile" data-chart="success-total"><span class="label">Success rate<\/span><span class="value">67 %<\/span>/);
    expect(dom).toMatch(/<div class="tile" data-chart="false-positive-total">.*<span class="value">50 %<\/span>/);

    const shot = screenshot(file);
    expect([shot.width, shot.height]).toEqual([1200, 1400]);
    // Drawn, not blank: the series' blue and the target's red are on screen, among many colours.
    expect(countColour(shot.pixels, '#2563eb')).toBeGreaterThan(500);
    expect(countColour(shot.pixels, '#dc2626')).toBeGreaterThan(100);
    const colours = new Set<number>();
    for (let i = 0; i < shot.pixels.length; i += 4)
      colours.add(((shot.pixels[i] as number) << 16) | ((shot.pixels[i + 1] as number) << 8) | (shot.pixels[i + 2] as number));
    expect(colours.size).toBeGreaterThan(50);
  });
});
