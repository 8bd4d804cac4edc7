// npm run bench: log extraction throughput and peak memory on a generated job log of realistic
// noise with real failures inside, beside `grep -E` over the same file as the floor.
// Sizes: BENCH_MB (default 100). Figures are printed, never asserted.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

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

async function generate() {
  const out = createWriteStream(file);
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
    if (i % 500_000 === 0) for (const l of failure) write(l);
  }
  for (const l of failure) write(l);
  write('##[error]Process completed with exit code 1.');
  await new Promise((r) => out.end(r));
}

function measure(cmd, args) {
  const started = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = /maxrss=(\d+)/.exec(r.stderr ?? '')?.[1];
  return { seconds, rssMb: rss ? Number(rss) / 1024 : null, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

await generate();
const size = statSync(file).size / (1024 * 1024);
const preload = 'data:text/javascript,process.on("exit",()=>process.stderr.write("maxrss="+process.resourceUsage().maxRSS+"\\n"))';
const ours = measure(process.execPath, ['--import', preload, 'dist/cli/index.js', 'extract', '--json', '--log', file]);
const grep = measure('grep', ['-E', '-c', 'Error|FAILED|error', file]);
const found = ours.status === 0 ? JSON.parse(ours.stdout).errors.length : `exit ${ours.status}: ${ours.stderr.slice(0, 300)}`;
console.log(`log: ${size.toFixed(1)} MB (${file})`);
console.log(
  `ci-autofix extract: ${ours.seconds.toFixed(2)} s, ${(size / ours.seconds).toFixed(1)} MB/s, peak RSS ${ours.rssMb?.toFixed(0) ?? '?'} MB, errors found: ${found}`,
);
console.log(`grep -E (floor):    ${grep.seconds.toFixed(2)} s, ${(size / grep.seconds).toFixed(1)} MB/s`);
