import type { ErrorLocation } from '../types.js';
import { cleanPath, type Extractor, firstRepoJsFrame, loc } from './location.js';

const STACK = /^\s*at /;

/** The message of a JS failure: its first line, plus the next one when the first ends in `:`. */
function messageOf(lines: readonly string[]): string {
  const text = lines.map((l) => l.trim()).filter((l) => l && !STACK.test(l) && !/^[{}]$/.test(l));
  const first = text[0] ?? '';
  return first.endsWith(':') && text[1] ? `${first} ${text[1]}` : first;
}

/** node --test, spec reporter: the `✖ failing tests:` recap, one `test at file:line:col` block each. */
const nodeSpec: Extractor = (lines) => {
  const start = lines.findIndex((l) => /^✖ failing tests:/.test(l.trim()));
  if (start < 0) return [];
  const out: ErrorLocation[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const at = /^test at (.+?):(\d+):(\d+)$/.exec(lines[i]?.trim() ?? '');
    if (!at?.[1]) continue;
    const name = /^✖ (.+?)(?: \([\d.]+m?s\))?$/.exec(lines[i + 1]?.trim() ?? '')?.[1];
    const body: string[] = [];
    let j = i + 2;
    for (; j < lines.length && !/^test at /.test(lines[j]?.trim() ?? ''); j++) body.push(lines[j] ?? '');
    const frame = firstRepoJsFrame(body);
    const file = frame?.file ?? cleanPath(at[1]);
    out.push(loc('node-test', messageOf(body) || name || 'test failed', file, frame?.line ?? at[2], frame?.column ?? at[3], name));
    i = j - 1;
  }
  return out;
};

/** node --test, TAP reporter: `not ok` with a YAML block carrying `location`, `error` and `stack`. */
const nodeTap: Extractor = (lines) => {
  const out: ErrorLocation[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)not ok \d+ - (.+?)(?: # .*)?$/.exec(lines[i] ?? '');
    if (!m) continue;
    const indent = (m[1] ?? '').length;
    const block: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const l = lines[j] ?? '';
      if (l.trim() === '...' || /^\s*(not )?ok \d+/.test(l)) break;
      block.push(l);
    }
    // A parent suite repeats its child's failure with "N subtests failed": skip it.
    const yaml = block.join('\n');
    if (/failureType: 'subtestsFailed'/.test(yaml)) continue;
    const location = /location: '(.+?):(\d+):(\d+)'/.exec(yaml);
    const errorIdx = block.findIndex((l) => /^\s*error: /.test(l));
    let message = '';
    if (errorIdx >= 0) {
      const inline = /error: (?:\|-)?\s*'?(.*?)'?$/.exec(block[errorIdx] ?? '')?.[1] ?? '';
      message = inline || messageOf(block.slice(errorIdx + 1, errorIdx + 4));
    }
    const frame = firstRepoJsFrame(block.slice(block.findIndex((l) => /^\s*stack: /.test(l)) + 1));
    const file = frame?.file ?? (location?.[1] ? cleanPath(location[1]) : null);
    if (indent > 0 && !file) continue;
    out.push(loc('node-test', message || m[2] || 'test failed', file, frame?.line ?? location?.[2], frame?.column ?? location?.[3], m[2]));
    i = j;
  }
  return out;
};

/** jest: `● Suite › test` blocks; the first stack frame in the repository is the location. */
const jest: Extractor = (lines) => {
  const out: ErrorLocation[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*● (.+)$/.exec(lines[i] ?? '');
    if (!m?.[1] || /^Console$/.test(m[1].trim())) continue;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const l = lines[j] ?? '';
      if (/^\s*● /.test(l) || /^(Test Suites|Tests|Snapshots):/.test(l.trim()) || /^(PASS|FAIL) /.test(l.trim())) break;
      body.push(l);
    }
    const frame = firstRepoJsFrame(body);
    out.push(loc('jest', messageOf(body.filter((l) => !/^\s*>?\s*\d+ \|/.test(l))) || m[1], frame?.file ?? null, frame?.line, frame?.column, m[1].trim()));
    i = j - 1;
  }
  return out;
};

/** vitest: ` FAIL  file > suite > test`, the error line, then `❯ file:line:col`. */
const vitest: Extractor = (lines) => {
  const out: ErrorLocation[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*FAIL\s+(\S+\.[cm]?[jt]sx?) > (.+)$/.exec(lines[i] ?? '');
    if (!m?.[1] || !m[2]) continue;
    const body: string[] = [];
    for (let j = i + 1; j < lines.length && j < i + 60; j++) {
      const l = lines[j] ?? '';
      if (/^\s*FAIL\s/.test(l) || /⎯{3,}\[\d+\/\d+\]⎯/.test(l)) break;
      body.push(l);
    }
    const frame = firstRepoJsFrame(body);
    const key = `${m[1]} > ${m[2]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const message = body.map((l) => l.trim()).find((l) => l && !/^❯|^at /.test(l)) ?? m[2];
    out.push(loc('vitest', message, frame?.file ?? m[1], frame?.line, frame?.column, `${m[1]} > ${m[2]}`));
  }
  return out;
};

/** mocha: the `N failing` recap, then `1) suite name:` blocks with a stack. */
const mocha: Extractor = (lines) => {
  const start = lines.findIndex((l) => /^\s*\d+ failing\b/.test(l));
  if (start < 0) return [];
  const out: ErrorLocation[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const m = /^\s*(\d+)\) (.+)$/.exec(lines[i] ?? '');
    if (!m?.[2]) continue;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*\d+\) /.test(lines[j] ?? ''); j++) body.push(lines[j] ?? '');
    const frame = firstRepoJsFrame(body);
    const msgLines = body.filter((l) => !/:\s*$/.test(l.trim()) || /Error/.test(l));
    out.push(loc('mocha', messageOf(msgLines) || m[2], frame?.file ?? null, frame?.line, frame?.column, m[2].replace(/:$/, '')));
    i = j - 1;
  }
  return out;
};

export const extractJsTests: Extractor = (lines) => {
  for (const ex of [nodeSpec, vitest, jest, mocha, nodeTap]) {
    const found = ex(lines);
    if (found.length > 0) return found;
  }
  return [];
};
