import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusCases, variants } from '../../scripts/patch-corpus.mjs';
import { parseAnswer } from '../../src/llm/parse-answer.js';
import { normalizeDiffText, repairPatch } from '../../src/patch/repair-patch.js';
import { cleanTemps, gitRepo } from '../helpers.js';

afterAll(cleanTemps);

const files = (map: Record<string, string>) => async (path: string) => map[path] ?? null;

describe('repairPatch on the corpus: every variant ends exactly at the correct result, or refused', () => {
  const cases = corpusCases();
  const table = cases.flatMap((c) => variants(c).map((v) => [`${c.name} / ${v.name}`, c, v] as const));

  it('has a corpus of at least 20 fixes and 250 variants', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
    expect(table.length).toBeGreaterThanOrEqual(250);
  });

  it.each(table)('%s', async (_name, c, v) => {
    const r = await repairPatch(v.patch, files({ [c.path]: c.before }));
    if (r.ok) {
      expect(v.expect, 'a variant that must be refused was applied').toBe('apply');
      expect(r.files.map((f) => f.after)).toEqual([c.after]);
    } else {
      expect(r.reason.length).toBeGreaterThan(10);
    }
  });

  it('applies at least 95% of the variants that can be applied', async () => {
    let applicable = 0;
    let exact = 0;
    for (const c of cases) {
      for (const v of variants(c)) {
        if (v.expect !== 'apply') continue;
        applicable++;
        const r = await repairPatch(v.patch, files({ [c.path]: c.before }));
        if (r.ok && r.files[0]?.after === c.after) exact++;
      }
    }
    expect(exact / applicable).toBeGreaterThanOrEqual(0.95);
  });
});

describe('repairPatch refuses what it cannot place', () => {
  const file = 'a\nb\nx = 1\nc\nd\nx = 1\ne\n';
  it('a hunk whose context matches in two places the header cannot separate', async () => {
    const r = await repairPatch('--- a/f.py\n+++ b/f.py\n@@ -30,1 +30,1 @@\n-x = 1\n+x = 2\n', files({ 'f.py': file }));
    expect(r).toEqual({ ok: false, reason: '`f.py`: hunk 1 matches 2 places (lines 3, 6) and its header (line 30) does not tell which' });
  });
  it('but the header breaks the tie when it points at one of them', async () => {
    const r = await repairPatch('--- a/f.py\n+++ b/f.py\n@@ -6,1 +6,1 @@\n-x = 1\n+x = 2\n', files({ 'f.py': file }));
    expect(r.ok && r.files[0]?.after).toBe('a\nb\nx = 1\nc\nd\nx = 2\ne\n');
  });
  it('a hunk that matches nowhere, naming it, and nothing of the patch is applied', async () => {
    const r = await repairPatch('--- a/f.py\n+++ b/f.py\n@@ -1 +1 @@\n-a\n+A\n@@ -9 +9 @@\n-zzz\n+yyy\n', files({ 'f.py': file }));
    expect(r).toEqual({ ok: false, reason: '`f.py`: hunk 2 matches nowhere in the file (its first line: `zzz`)' });
  });
  it('a file that does not exist', async () => {
    const r = await repairPatch('--- a/nope.py\n+++ b/nope.py\n@@ -1 +1 @@\n-a\n+b\n', files({}));
    expect(r.ok ? '' : r.reason).toBe('the diff changes `nope.py`, which is not in the repository');
  });
});

describe('repairPatch output', () => {
  it('emits a canonical diff with recounted headers and the file’s own CRLF endings', async () => {
    const r = await repairPatch('```diff\n--- src/x.js\n+++ src/x.js\n@@ -99,7 +99,9 @@\n a\n-b\n+B\n c\n```', files({ 'src/x.js': 'a\r\nb\r\nc\r\n' }));
    expect(r.ok && r.patch).toBe('diff --git a/src/x.js b/src/x.js\n--- a/src/x.js\n+++ b/src/x.js\n@@ -1,3 +1,3 @@\n a\r\n-b\r\n+B\r\n c\r\n');
  });
  it('creates new files and keeps a missing final newline', async () => {
    const r = await repairPatch('--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1,2 @@\n+one\n+two\n\\ No newline at end of file\n', files({}));
    expect(r.ok && r.files[0]).toEqual({ oldPath: null, newPath: 'new.txt', before: null, after: 'one\ntwo' });
  });
  it('renames a file with a change in it, and deletes a file whose content the diff names', async () => {
    const renamed = await repairPatch(
      'diff --git a/src/old.js b/src/new.js\nsimilarity index 90%\nrename from src/old.js\nrename to src/new.js\n--- a/src/old.js\n+++ b/src/new.js\n@@ -1,2 +1,2 @@\n a\n-b\n+B\n',
      files({ 'src/old.js': 'a\nb\n' }),
    );
    expect(renamed.ok && renamed.files[0]).toEqual({ oldPath: 'src/old.js', newPath: 'src/new.js', before: 'a\nb\n', after: 'a\nB\n' });
    expect(renamed.ok && renamed.patch).toContain('rename from src/old.js\nrename to src/new.js\n');
    const deleted = await repairPatch('--- a/old.txt\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-one\n-two\n', files({ 'old.txt': 'one\ntwo\n' }));
    expect(deleted.ok && deleted.files[0]).toEqual({ oldPath: 'old.txt', newPath: null, before: 'one\ntwo\n', after: null });
    const wrong = await repairPatch('--- a/old.txt\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-one\n', files({ 'old.txt': 'one\ntwo\n' }));
    expect(wrong.ok ? '' : wrong.reason).toContain('its removed lines are not the file');
  });

  it('turns a "rest unchanged" elision into two hunks', () => {
    const { text } = normalizeDiffText(
      '--- a/f.py\n+++ b/f.py\n@@ -1,9 +1,9 @@\n def f():\n-    a = 1\n+    a = 2\n     # ... rest unchanged ...\n-    z = 1\n+    z = 2\n',
    );
    expect(text.match(/^@@ /gm)).toHaveLength(2);
  });
});

describe('the canonical patch is what git applies', () => {
  const gitApplies = (c: ReturnType<typeof corpusCases>[number], patch: string) => {
    const { dir } = gitRepo({ [c.path]: c.before });
    execFileSync('git', ['apply', '--check', '-'], { cwd: dir, input: patch });
    execFileSync('git', ['apply', '-'], { cwd: dir, input: patch });
    return readFileSync(join(dir, c.path), 'utf8');
  };
  it.each(corpusCases().map((c) => [c.name, c] as const))('%s: git apply --check accepts it and git apply produces the fix', async (_name, c) => {
    const [control, offset] = variants(c);
    const exact = await repairPatch(control?.patch ?? '', files({ [c.path]: c.before }));
    expect(exact.ok).toBe(true);
    if (exact.ok) expect(gitApplies(c, exact.patch)).toBe(c.after);
    // Headers 7 lines off: placed and rendered right, or refused only when the context matches
    // more than one place (the corpus takes cases from this repository's history, which may have one).
    const moved = await repairPatch(offset?.patch ?? '', files({ [c.path]: c.before }));
    if (moved.ok) expect(gitApplies(c, moved.patch)).toBe(c.after);
    else expect(moved.reason).toMatch(/matches \d+ places .* does not tell which/);
  });
});

describe('answers in other patch formats reach the same result', () => {
  const before = 'def total(values):\n    result = 0\n    for v in values[1:]:\n        result += v\n    return result\n';
  const after = 'def total(values):\n    result = 0\n    for v in values:\n        result += v\n    return result\n';
  it('OpenAI apply_patch envelope', async () => {
    const answer =
      'Start at the first value.\n\n*** Begin Patch\n*** Update File: app/calc.py\n@@ def total(values):\n     result = 0\n-    for v in values[1:]:\n+    for v in values:\n         result += v\n*** Add File: app/NOTES.md\n+fixed\n*** End Patch\n';
    const parsed = parseAnswer(answer);
    expect(parsed.explanation).toBe('Start at the first value.');
    const r = await repairPatch(parsed.patch ?? '', files({ 'app/calc.py': before }));
    expect(r.ok && r.files.map((f) => [f.newPath, f.after])).toEqual([
      ['app/calc.py', after],
      ['app/NOTES.md', 'fixed\n'],
    ]);
  });
  it('SEARCH/REPLACE blocks', async () => {
    const answer =
      'The loop skips the first value.\n\napp/calc.py\n```python\n<<<<<<< SEARCH\n    for v in values[1:]:\n=======\n    for v in values:\n>>>>>>> REPLACE\n```\n';
    const parsed = parseAnswer(answer);
    expect(parsed.explanation).toBe('The loop skips the first value.');
    const r = await repairPatch(parsed.patch ?? '', files({ 'app/calc.py': before }));
    expect(r.ok && r.files[0]?.after).toBe(after);
  });
  it('an envelope that deletes a file is not guessed at', () => {
    expect(parseAnswer('*** Begin Patch\n*** Delete File: a.py\n*** End Patch').patch).toBeNull();
  });
});
