import { describe, expect, it } from 'vitest';
import { repairPatch } from '../../src/patch/repair-patch.js';

/**
 * Indentation drift, per indent style: a model's hunk whose lines are shifted, dedented or
 * re-tabbed must still land each added line where it stands relative to the lines it was
 * written against: the fixed file, exactly; never a line off its neighbours.
 */
interface Fixture {
  path: string;
  before: string;
  /** The file after the correct fix. */
  after: string;
}

const T = '\t';
const FIXTURES: Record<string, Fixture> = {
  'spaces-4 (Python)': {
    path: 'app/total.py',
    before: 'def total(items):\n    result = 0\n    for item in items:\n        if item.price > 0:\n            result += item.price\n    return result\n',
    after:
      'def total(items):\n    result = 0\n    for item in items:\n        if item.price > 0:\n            result += item.price\n            result += item.tax\n    return result\n',
  },
  'spaces-2 (JavaScript)': {
    path: 'src/total.js',
    before:
      'function total(items) {\n  let result = 0;\n  for (const item of items) {\n    if (item.price > 0) {\n      result += item.price;\n    }\n  }\n  return result;\n}\n',
    after:
      'function total(items) {\n  let result = 0;\n  for (const item of items) {\n    if (item.price > 0) {\n      result += item.price;\n      result += item.tax;\n    }\n  }\n  return result;\n}\n',
  },
  'tabs (Go)': {
    path: 'total.go',
    before: `func Total(items []Item) int {\n${T}result := 0\n${T}for _, item := range items {\n${T}${T}if item.Price > 0 {\n${T}${T}${T}result += item.Price\n${T}${T}}\n${T}}\n${T}return result\n}\n`,
    after: `func Total(items []Item) int {\n${T}result := 0\n${T}for _, item := range items {\n${T}${T}if item.Price > 0 {\n${T}${T}${T}result += item.Price\n${T}${T}${T}result += item.Tax\n${T}${T}}\n${T}}\n${T}return result\n}\n`,
  },
  'mixed within a file (tabs, then spaces)': {
    path: 'src/mixed.c',
    before: `int total(int *p, int n) {\n${T}int r = 0;\n${T}for (int i = 0; i < n; i++)\n${T}${T}r += p[i];\n${T}return r;\n}\n\nint count(int *p, int n) {\n    int c = 0;\n    for (int i = 0; i < n; i++)\n        if (p[i] > 0)\n            c++;\n    return c;\n}\n`,
    after: `int total(int *p, int n) {\n${T}int r = 0;\n${T}for (int i = 0; i < n; i++)\n${T}${T}r += p[i];\n${T}return r;\n}\n\nint count(int *p, int n) {\n    int c = 0;\n    for (int i = 0; i < n; i++)\n        if (p[i] > 0 && p[i] < 100)\n            c++;\n    return c;\n}\n`,
  },
};

/** The correct diff, with 3 lines of context, as `diff -u` writes it. */
function correctDiff(f: Fixture): string {
  const a = f.before.split('\n').slice(0, -1);
  const b = f.after.split('\n').slice(0, -1);
  let start = 0;
  while (a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const from = Math.max(0, start - 3);
  const toA = Math.min(a.length, endA + 3);
  const toB = toA - a.length + b.length;
  const lines = [
    ...a.slice(from, start).map((l) => ` ${l}`),
    ...a.slice(start, endA).map((l) => `-${l}`),
    ...b.slice(start, endB).map((l) => `+${l}`),
    ...a.slice(endA, toA).map((l) => ` ${l}`),
  ];
  return `--- a/${f.path}\n+++ b/${f.path}\n@@ -${from + 1},${toA - from} +${from + 1},${toB - from} @@\n${lines.join('\n')}\n`;
}

type Kind = ' ' | '-' | '+';
/** Rewrites the indentation of the hunk's lines of the given kinds. */
function mapIndent(diff: string, kinds: Kind[], fn: (indent: string) => string): string {
  return diff
    .split('\n')
    .map((l) => {
      if (l.startsWith('---') || l.startsWith('+++') || l.startsWith('@@') || l === '' || !kinds.includes(l[0] as Kind)) return l;
      const body = l.slice(1);
      const indent = /^[ \t]*/.exec(body)?.[0] ?? '';
      return l[0] + fn(indent) + body.slice(indent.length);
    })
    .join('\n');
}
const widthOf = (indent: string) => indent.replace(/\t/g, '    ').length;
function minIndent(diff: string): number {
  const bodies = diff.split('\n').filter((l) => /^[ +-]/.test(l) && !/^(---|\+\+\+)/.test(l) && l.slice(1).trim());
  return Math.min(...bodies.map((l) => widthOf(/^[ \t]*/.exec(l.slice(1))?.[0] ?? '')));
}

const ALL: Kind[] = [' ', '-', '+'];
const VARIANTS: [string, (d: string) => string][] = [
  ['every line two spaces deeper', (d) => mapIndent(d, ALL, (i) => `  ${i}`)],
  ['every line one tab deeper', (d) => mapIndent(d, ALL, (i) => `\t${i}`)],
  ['every line dedented to the hunk’s margin', (d) => mapIndent(d, ALL, (i) => ' '.repeat(Math.max(0, widthOf(i) - minIndent(d))))],
  ['tabs written as four spaces', (d) => mapIndent(d, ALL, (i) => i.replace(/\t/g, '    '))],
  ['four spaces written as tabs', (d) => mapIndent(d, ALL, (i) => i.replace(/ {4}/g, '\t'))],
  ['only the unchanged lines two spaces deeper', (d) => mapIndent(d, [' '], (i) => `  ${i}`)],
  ['only the unchanged lines dedented by two', (d) => mapIndent(d, [' '], (i) => ' '.repeat(Math.max(0, widthOf(i) - 2)))],
];

describe('indentation drift, per indent style', () => {
  const table = Object.entries(FIXTURES).flatMap(([style, f]) => VARIANTS.map(([name, variant]) => [style, name, f, variant] as const));
  it.each(table)('%s: %s', async (_style, _name, f, variant) => {
    const patch = variant(correctDiff(f));
    const r = await repairPatch(patch, async (p) => (p === f.path ? f.before : null));
    expect(r.ok ? r.files[0]?.after : r.reason).toBe(f.after);
  });

  it('the correct diffs apply as they are', async () => {
    for (const f of Object.values(FIXTURES)) {
      const r = await repairPatch(correctDiff(f), async (p) => (p === f.path ? f.before : null));
      expect(r.ok && r.files[0]?.after).toBe(f.after);
    }
  });
});
