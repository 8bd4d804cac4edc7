// npm run bench: log extraction throughput and peak memory on a generated job log of realistic
// noise with real failures inside, beside `grep -E` over the same file as the floor.
// Sizes: BENCH_MB (default 100). Figures are printed, never asserted.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  closeSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { corpusCases, variants } from './patch-corpus.mjs';
import { postgresBin, startPostgres } from './postgres-server.mjs';

const mb = Number(process.env.BENCH_MB ?? 100);
const dir = join('bench', 'out');
mkdirSync(dir, { recursive: true });
const file = join(dir, `job-${mb}mb.log`);

const noise = [
  'npm warn deprecated inflight@1.0.6: This module is not supported, and leaks memory.',
  '\u001b[32m✓\u001b[39m src/components/Button.test.tsx (12 tests) 48ms',
  'Collecting numpy>=1.24 (from -r requirements.txt (line 3))',
  '  Downloading numpy-2.1.3-cp312-cp312-manylinux_2_17_x86_64.whl.metadata (62 kB)',
  'tests/test_models.py::TestOrder::test_total PASSED                       [ 42%]',
  '[INFO] --- maven-surefire-plugin:3.2.5:test (default-test) @ core ---',
  'ok  \tgithub.com/acme/widgets/internal/store\t0.213s',
  '   Compiling serde v1.0.210',
];
const failure = [
  '=================================== FAILURES ===================================',
  '_______________________________ test_consolidate _______________________________',
  'tests/test_consolidation.py:6: in test_consolidate',
  '    assert result == 5, f"Expected 5, got {result}"',
  'E   AssertionError: Expected 5, got 3',
  '=========================== short test summary info ============================',
  'FAILED tests/test_consolidation.py::test_consolidate - AssertionError: Expected 5, got 3',
];

/** A job log of `mb` MB of noise; with `failing`, real failures inside and the exit-code error at the end. */
async function generate(path = file, failing = true) {
  const out = createWriteStream(path);
  let bytes = 0;
  let i = 0;
  const target = mb * 1024 * 1024;
  const write = (line) => {
    const stamped = `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}.1234567Z ${line}\n`;
    bytes += stamped.length;
    return out.write(stamped);
  };
  write('##[group]Run python -m pytest -q');
  write('python -m pytest -q');
  write('shell: /usr/bin/bash -e {0}');
  write('##[endgroup]');
  while (bytes < target) {
    i++;
    if (!write(noise[i % noise.length])) await new Promise((r) => out.once('drain', r));
    if (failing && i % 500_000 === 0) for (const l of failure) write(l);
  }
  if (failing) {
    for (const l of failure) write(l);
    write('##[error]Process completed with exit code 1.');
  }
  await new Promise((r) => out.end(r));
}

function measure(cmd, args) {
  const started = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = /maxrss=(\d+)/.exec(r.stderr ?? '')?.[1];
  return { seconds, rssMb: rss ? Number(rss) / 1024 : null, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const preload = 'data:text/javascript,process.on("exit",()=>process.stderr.write("maxrss="+process.resourceUsage().maxRSS+"\\n"))';

/** `ci-autofix extract` over `path` as a user runs it, beside `grep -E` over the same file. */
function benchLog(label, path, passPath) {
  const size = statSync(path).size / (1024 * 1024);
  const pass = passPath ? ['--pass-log', passPath] : [];
  const ours = measure(process.execPath, ['--import', preload, 'dist/cli/index.js', 'extract', '--json', '--log', path, ...pass]);
  const grep = measure('grep', ['-E', '-c', 'Error|FAILED|error', path]);
  const found = ours.status === 0 ? JSON.parse(ours.stdout).errors.length : `exit ${ours.status}: ${ours.stderr.slice(0, 300)}`;
  const passMb = passPath ? statSync(passPath).size / (1024 * 1024) : 0;
  console.log(`${label}: ${size.toFixed(1)} MB (${path})${passPath ? `, passing log ${passMb.toFixed(1)} MB (${passPath})` : ''}`);
  console.log(
    `ci-autofix extract: ${ours.seconds.toFixed(2)} s, ${(size / ours.seconds).toFixed(1)} MB/s of failed log${passPath ? ` (${((size + passMb) / ours.seconds).toFixed(1)} MB/s of both)` : ''}, peak RSS ${ours.rssMb?.toFixed(0) ?? '?'} MB, errors found: ${found}`,
  );
  console.log(`grep -E (floor):    ${grep.seconds.toFixed(2)} s, ${(size / grep.seconds).toFixed(1)} MB/s`);
}

// A stress case beside the realistic one: the labelled real logs of ../shared/logs repeated to
// the same size, one "job" of thousands of steps (failed ones by the hundred, gh run view rows).
function sharedLogs() {
  const root = resolve('..', 'shared', 'logs');
  if (!existsSync(root)) return null;
  const texts = readdirSync(root)
    .sort()
    .map((name) => join(root, name, 'log.txt'))
    .filter((p) => existsSync(p))
    .map((p) => readFileSync(p));
  if (texts.length === 0) return null;
  const out = join(dir, `shared-${mb}mb.log`);
  const target = mb * 1024 * 1024;
  const fd = openSync(out, 'w');
  for (let bytes = 0; bytes < target; ) for (const t of texts) bytes += writeSync(fd, t);
  closeSync(fd);
  return out;
}

const only = process.env.BENCH_ONLY;
if (!only || only === 'logs') {
  await generate();
  benchLog('log', file);
  // The same job's passing log beside it: read as a set of line hashes, never held.
  const passFile = join(dir, `pass-${mb}mb.log`);
  await generate(passFile, false);
  benchLog('\nlog with its passing log (--pass-log)', file, passFile);
  const shared = sharedLogs();
  if (shared) benchLog('\n../shared/logs repeated', shared);
}

// Patch repair: the corpus of malformed variants, through `ci-autofix apply`, plain `git apply`
// and `git apply --recount`, each on a fresh checkout; the result compared with the known fix.
function benchPatches() {
  const cli = resolve('dist/cli/index.js');
  const env = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    HOME: tmpdir(),
    GIT_AUTHOR_NAME: 'b',
    GIT_AUTHOR_EMAIL: 'b@b',
    GIT_COMMITTER_NAME: 'b',
    GIT_COMMITTER_EMAIL: 'b@b',
  };
  const tally = {
    ours: { exact: 0, refused: 0, wrong: 0 },
    'git apply': { exact: 0, refused: 0, wrong: 0 },
    'git apply --recount': { exact: 0, refused: 0, wrong: 0 },
  };
  const wrongOnes = [];
  let total = 0;
  let applicable = 0;
  const started = process.hrtime.bigint();
  for (const c of corpusCases()) {
    const repo = mkdtempSync(join(tmpdir(), 'bench-patch-'));
    mkdirSync(join(repo, dirname(c.path)), { recursive: true });
    writeFileSync(join(repo, c.path), c.before);
    execFileSync('git', ['init', '-q'], { cwd: repo, env });
    execFileSync('git', ['add', '-A'], { cwd: repo, env });
    execFileSync('git', ['commit', '-qm', 'x'], { cwd: repo, env });
    for (const v of variants(c)) {
      total++;
      if (v.expect === 'apply') applicable++;
      const patchFile = join(repo, '..', `${c.name}.patch`.replace(/\//g, '_'));
      writeFileSync(patchFile, v.patch);
      const runs = {
        ours: [process.execPath, [cli, 'apply', '--patch', patchFile, '--repo', repo]],
        'git apply': ['git', ['apply', patchFile]],
        'git apply --recount': ['git', ['apply', '--recount', patchFile]],
      };
      for (const [name, [cmd, args]] of Object.entries(runs)) {
        execFileSync('git', ['checkout', '-q', '--', '.'], { cwd: repo, env });
        execFileSync('git', ['clean', '-qfd'], { cwd: repo, env });
        const r = spawnSync(cmd, args, { cwd: repo, env, encoding: 'utf8' });
        let now = null;
        try {
          now = readFileSync(join(repo, c.path), 'utf8');
        } catch {}
        const changed = now !== c.before;
        if (r.status !== 0 && !changed) tally[name].refused++;
        else if (now === c.after && v.expect === 'apply') tally[name].exact++;
        else {
          tally[name].wrong++;
          if (name === 'ours') wrongOnes.push(`${c.name} / ${v.name}`);
        }
      }
      rmSync(patchFile, { force: true });
    }
    rmSync(repo, { recursive: true, force: true });
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(
    `\npatch corpus: ${total} variants of ${corpusCases().length} fixes (${applicable} applicable, ${total - applicable} that must be refused), ${seconds.toFixed(0)} s`,
  );
  console.log('| applier | applied exactly | refused | applied wrongly |');
  console.log('|---|---|---|---|');
  const pct = (n, d) => `${((100 * n) / d).toFixed(1)}%`;
  for (const [name, t] of Object.entries(tally)) {
    console.log(`| ${name} | ${t.exact} (${pct(t.exact, applicable)} of applicable) | ${t.refused} | ${t.wrong} (${pct(t.wrong, total)}) |`);
  }
  if (wrongOnes.length) console.log(`ours applied wrongly: ${wrongOnes.join(', ')}`);
}

if (!only || only === 'patches') benchPatches();

// Context on a repository the size of Odoo's (30,000 files, about 3 million lines of Python, XML
// and JavaScript in 600 addons), generated once into bench/out: `ci-autofix context` for a
// failing test that calls a function defined in another addon and reaches a model by name.
function odooSizedRepo() {
  const repo = join(dir, 'odoo-sized-repo');
  if (existsSync(join(repo, '.git'))) return repo;
  rmSync(repo, { recursive: true, force: true });
  const pad = (n, f) => Array.from({ length: n }, (_, i) => f(i)).join('\n');
  for (let a = 0; a < 600; a++) {
    const addon = join(repo, `addon_${a}`);
    for (const sub of ['models', 'views', 'static/src/js', 'tests']) mkdirSync(join(addon, sub), { recursive: true });
    writeFileSync(join(addon, '__manifest__.py'), `{'name': 'Addon ${a}', 'depends': ['base'], 'data': ['views/view_0.xml']}\n`);
    for (let m = 0; m < 20; m++) {
      const body = pad(28, (k) => `    def method_${a}_${m}_${k}(self, value):\n        total = value + ${k}\n        return total * 2\n`);
      writeFileSync(
        join(addon, 'models', `model_${m}.py`),
        `from odoo import fields, models\n\n\nclass Model${m}(models.Model):\n    _name = 'addon_${a}.model_${m}'\n\n${body}\n`,
      );
    }
    for (let v = 0; v < 15; v++) {
      writeFileSync(
        join(addon, 'views', `view_${v}.xml`),
        `<odoo>\n${pad(24, (k) => `  <record id="view_${v}_${k}" model="ir.ui.view">\n    <field name="model">addon_${a}.model_${k % 20}</field>\n    <field name="arch" type="xml"><form><field name="name"/></form></field>\n  </record>`)}\n</odoo>\n`,
      );
    }
    for (let j = 0; j < 14; j++) {
      writeFileSync(
        join(addon, 'static/src/js', `widget_${j}.js`),
        pad(40, (k) => `export function widget_${a}_${j}_${k}(el) {\n  return el.value + ${k};\n}\n`),
      );
    }
  }
  writeFileSync(
    join(repo, 'addon_7', 'tests', 'test_total.py'),
    "from odoo.tests import TransactionCase\nfrom odoo.addons.addon_3.models.model_5 import Model5\n\n\nclass TestTotal(TransactionCase):\n    def test_total(self):\n        record = self.env['addon_7.model_2'].create({})\n        self.assertEqual(record.method_3_5_12(1), 28)\n",
  );
  const git = (args) =>
    execFileSync('git', args, {
      cwd: repo,
      stdio: 'ignore',
      env: { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' },
    });
  git(['init', '--quiet']);
  git(['add', '-A']);
  git(['commit', '--quiet', '-m', 'odoo-sized']);
  return repo;
}

if (!only || only === 'context') {
  const repo = odooSizedRepo();
  const files = execFileSync('git', ['ls-files'], { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 26 })
    .split('\n')
    .filter(Boolean).length;
  const lines = execFileSync('git', ['grep', '-c', '', '--', '.'], { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 26 })
    .split('\n')
    .reduce((a, l) => a + Number(l.split(':').pop() || 0), 0);
  const logFile = join(dir, 'odoo-sized-failure.log');
  writeFileSync(
    logFile,
    [
      '2026-01-01 10:00:00,123 42 ERROR odoo odoo.addons.addon_7.tests.test_total: FAIL: TestTotal.test_total',
      'Traceback (most recent call last):',
      `  File "/__w/repo/repo/addon_7/tests/test_total.py", line 8, in test_total`,
      '    self.assertEqual(record.method_3_5_12(1), 28)',
      'AssertionError: 26 != 28',
      '',
    ].join('\n'),
  );
  const r = measure(process.execPath, ['--import', preload, 'dist/cli/index.js', 'context', '--json', '--log', logFile, '--repo', repo]);
  const out = r.status === 0 ? JSON.parse(r.stdout) : null;
  console.log(
    `\ncontext on a generated repository of ${files} files, ${(lines / 1e6).toFixed(1)} M lines (600 addons: Python models, XML views, JS), a failing Odoo test:`,
  );
  console.log(
    `ci-autofix context: ${r.seconds.toFixed(2)} s, peak RSS ${r.rssMb?.toFixed(0) ?? '?'} MB, ${out ? `${out.sections.length} sections, ${out.tokens} tokens: ${out.sections.map((x) => `${x.file}:${x.startLine}-${x.endLine}`).join(', ')}` : `exit ${r.status}: ${r.stderr.slice(0, 300)}`}`,
  );
}

// Metrics: what the database adds to a run (connect and migrate, cold and warm), and the HTML
// report over a year of runs of 20 repositories, both through the bundled CLI on a throwaway
// PostgreSQL server.
async function benchMetrics() {
  if (!postgresBin()) {
    console.log('\nmetrics: skipped, no PostgreSQL server here (Debian: apt-get install -y postgresql)');
    return;
  }
  const server = await startPostgres();
  try {
    const url = await server.newDatabase();
    const html = join(dir, 'metrics-report.html');
    const report = () => measure(process.execPath, ['--import', preload, 'dist/cli/index.js', 'report', '--database-url', url, '--html', html]);
    const start = measure(process.execPath, ['dist/cli/index.js', 'help']);
    const cold = report();
    const warm = report();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const seeded = process.hrtime.bigint();
    await c.query(`INSERT INTO autofix_runs (repository, run_id, run_attempt, workflow, status, reason, category, signature, attempts, tokens,
        cost_usd, model, time_to_fix_ms, pr_number, started_at, finished_at, action_version)
      SELECT 'acme/repo-' || (g % 20), g, 1, 'tests',
        (ARRAY['fixed', 'fixed', 'fixed', 'verification_failed', 'patch_rejected', 'flaky', 'duplicate', 'not_a_test_failure'])[1 + g % 8],
        'reason', (ARRAY['test', 'test', 'lint', 'typecheck'])[1 + g % 4], md5((g % 500)::text), 1, 1000 + g % 5000,
        (1000 + g % 5000) * 0.0000008, 'm', CASE WHEN g % 8 < 3 THEN 60000 + (g * 7919) % 400000 END, CASE WHEN g % 8 < 3 THEN g END,
        timestamptz '2026-01-01' + (g % 365) * interval '1 day' + (g % 86400) * interval '1 second',
        timestamptz '2026-01-01' + (g % 365) * interval '1 day' + (g % 86400) * interval '1 second' + interval '3 minutes', '1.0.0'
      FROM generate_series(1, 100000) AS g`);
    await c.query(`INSERT INTO autofix_prs (repository, number, state, created_at, merged_at, closed_at, category)
      SELECT repository, pr_number, (ARRAY['merged', 'merged', 'closed', 'open'])[1 + pr_number % 4], started_at,
        CASE WHEN pr_number % 4 < 2 THEN started_at + interval '5 hours' END, CASE WHEN pr_number % 4 < 3 THEN started_at + interval '5 hours' END, category
      FROM autofix_runs WHERE pr_number IS NOT NULL`);
    await c.query('ANALYZE');
    const seedSeconds = Number(process.hrtime.bigint() - seeded) / 1e9;
    const prs = (await c.query('SELECT count(*)::int AS n FROM autofix_prs')).rows[0].n;
    await c.end();
    const big = report();
    const ms = (r) => `${(r.seconds * 1000).toFixed(0)} ms`;
    console.log('\nmetrics database (throwaway PostgreSQL on loopback, through dist/cli):');
    console.log(`CLI start alone: ${ms(start)}`);
    console.log(`report --html on an empty database, creating the schema (cold): ${ms(cold)}, peak RSS ${cold.rssMb?.toFixed(0) ?? '?'} MB`);
    console.log(`the same, schema in place (warm): ${ms(warm)}`);
    console.log(
      `report --html over 100,000 runs and ${prs.toLocaleString('en-US')} PRs of 20 repositories (seeded in ${seedSeconds.toFixed(1)} s): ${ms(big)}, peak RSS ${big.rssMb?.toFixed(0) ?? '?'} MB, page ${(statSync(html).size / 1024).toFixed(0)} KB${big.status === 0 ? '' : `, exit ${big.status}: ${big.stderr.slice(0, 300)}`}`,
    );
  } finally {
    server.stop();
  }
}

if (!only || only === 'metrics') await benchMetrics();
