// The patch corpus: correct fixes (test/fixtures/patch-corpus/cases.json, plus this project's own
// history) and the malformed variants models write, each with its known correct result.
// Used by test/stages/repair-patch.test.ts and by npm run bench.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A unified diff of before → after for `path`, made by real git. */
export function makeDiff(path, before, after, context = 3) {
  const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
  try {
    mkdirSync(join(dir, 'a', dirname(path)), { recursive: true });
    mkdirSync(join(dir, 'b', dirname(path)), { recursive: true });
    writeFileSync(join(dir, 'a', path), before);
    writeFileSync(join(dir, 'b', path), after);
    const r = spawnSync('git', ['diff', '--no-index', '--no-color', '--no-prefix', `-U${context}`, `a/${path}`, `b/${path}`], { cwd: dir, encoding: 'utf8' });
    return r.stdout.replace(/^index .*\n/m, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Fixes from this repository's own history: files that a commit modified, before and after. */
export function historyCases(limit = 12) {
  const out = [];
  let log;
  try {
    log = execFileSync('git', ['log', '--format=%H', '--no-merges', '-n', '40'], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n');
  } catch {
    return out;
  }
  for (const commit of log) {
    if (out.length >= limit) break;
    let names;
    try {
      names = execFileSync('git', ['diff-tree', '--no-commit-id', '-r', '--diff-filter=M', '--name-only', commit, '--', 'src/*.ts', 'src/**/*.ts'], {
        cwd: ROOT,
        encoding: 'utf8',
      })
        .trim()
        .split('\n')
        .filter(Boolean);
    } catch {
      continue;
    }
    for (const path of names) {
      if (out.length >= limit) break;
      const before = execFileSync('git', ['show', `${commit}^:${path}`], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
      const after = execFileSync('git', ['show', `${commit}:${path}`], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
      const changed = makeDiff(path, before, after)
        .split('\n')
        .filter((l) => /^[+-](?![+-]{2})/.test(l)).length;
      if (changed > 0 && changed <= 60) out.push({ name: `history-${commit.slice(0, 7)}-${path.split('/').pop()}`, path, before, after });
    }
  }
  return out;
}

export function corpusCases() {
  const cases = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'patch-corpus', 'cases.json'), 'utf8'));
  return [...cases, ...historyCases()];
}

const isHunkLine = (l) => /^[ +-]/.test(l) && !/^(---|\+\+\+) /.test(l);

function mapHunkLines(diff, fn) {
  let inHunk = false;
  return diff
    .split('\n')
    .map((l) => {
      if (l.startsWith('@@')) inHunk = true;
      else if (/^(diff|---|\+\+\+) /.test(l)) inHunk = false;
      else if (inHunk && isHunkLine(l)) return fn(l);
      return l;
    })
    .join('\n');
}

function hunks(diff) {
  const lines = diff.split('\n');
  const head = [];
  const out = [];
  for (const l of lines) {
    if (l.startsWith('@@')) out.push([l]);
    else if (out.length === 0) head.push(l);
    else out.at(-1).push(l);
  }
  return { head, hunks: out };
}

function comment(path) {
  return /\.(py|cfg|toml|txt|yml|yaml|sh)$/.test(path) ? '#' : '//';
}

/** The malformed variants of a correct diff, each expected to apply exactly or, when marked, to be refused. */
export function variants(c) {
  const diff = makeDiff(c.path, c.before, c.after);
  const out = [{ name: 'control', patch: diff, expect: 'apply' }];
  out.push({
    name: 'wrong-line-numbers',
    patch: diff.replace(/^@@ -(\d+)(,\d+)? \+(\d+)/gm, (_m, a, b, d) => `@@ -${Number(a) + 7}${b ?? ''} +${Number(d) + 7}`),
    expect: 'apply',
  });
  out.push({
    name: 'wrong-counts',
    patch: diff.replace(/^@@ -(\d+),?(\d*) \+(\d+),?(\d*) @@/gm, (_m, a, b, d, e) => `@@ -${a},${Number(b || 1) + 3} +${d},${Number(e || 1) + 2} @@`),
    expect: 'apply',
  });
  out.push({ name: 'no-line-numbers', patch: diff.replace(/^@@ .* @@.*$/gm, '@@ @@'), expect: 'apply' });
  out.push({
    name: 'no-prefixes',
    patch: diff
      .replace(/^diff --git .*\n/m, '')
      .replace(/^--- a\//m, '--- ')
      .replace(/^\+\+\+ b\//m, '+++ '),
    expect: 'apply',
  });
  out.push({ name: 'prose-and-fences', patch: `The fix is below.\n\n\`\`\`diff\n${diff}\`\`\`\n\nThis keeps the behaviour otherwise.\n`, expect: 'apply' });
  out.push({ name: 'crlf-patch', patch: diff.replace(/\r?\n/g, '\r\n'), expect: 'apply' });
  out.push({ name: 'indent-drift', patch: mapHunkLines(diff, (l) => (l.length > 1 ? `${l[0]}  ${l.slice(1)}` : l)), expect: 'apply' });
  if (/^\t/m.test(c.before))
    out.push({ name: 'spaces-for-tabs', patch: mapHunkLines(diff, (l) => l[0] + l.slice(1).replace(/^\t+/, (t) => '    '.repeat(t.length))), expect: 'apply' });
  else if (/^ {4}/m.test(c.before))
    out.push({
      name: 'tabs-for-spaces',
      patch: mapHunkLines(diff, (l) => l[0] + l.slice(1).replace(/^( {4})+/, (s) => '\t'.repeat(s.length / 4))),
      expect: 'apply',
    });
  {
    const { head, hunks: hs } = hunks(diff);
    const trimmed = hs.map((h) => {
      const body = h.slice(1);
      const firstChange = body.findIndex((l) => /^[+-]/.test(l));
      return firstChange >= 2 ? [h[0], ...body.slice(1)] : h;
    });
    out.push({ name: 'missing-context', patch: [...head, ...trimmed.flat()].join('\n'), expect: 'apply' });
    out.push({ name: 'multi-block', patch: hs.map((h) => [...head.filter((l) => /^(---|\+\+\+) /.test(l)), ...h].join('\n')).join('\n\n'), expect: 'apply' });
    const last = hs.at(-1) ?? [];
    const firstChange = last.findIndex((l, i) => i > 0 && /^[+-]/.test(l));
    const hasMoreChange = last.slice(firstChange + 1).some((l) => /^[+-]/.test(l));
    if (firstChange > 0 && hasMoreChange) {
      out.push({ name: 'truncated-last-hunk', patch: [...head, ...hs.slice(0, -1).flat(), ...last.slice(0, firstChange + 1)].join('\n'), expect: 'refuse' });
    }
  }
  out.push({ name: 'extra-context', patch: makeDiff(c.path, c.before, c.after, 6), expect: 'apply' });
  {
    const wide = makeDiff(c.path, c.before, c.after, 8);
    const { head, hunks: hs } = hunks(wide);
    let elided = false;
    const changed = hs.map((h) => {
      const body = h.slice(1);
      const firstChange = body.findIndex((l) => /^[+-]/.test(l));
      if (firstChange < 5) return h;
      elided = true;
      return [h[0], body[0], ` ${comment(c.path)} ... existing code ...`, ...body.slice(firstChange - 2)];
    });
    if (elided) out.push({ name: 'elision', patch: [...head, ...changed.flat()].join('\n'), expect: 'apply' });
  }
  return out;
}
