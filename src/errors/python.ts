import type { ErrorLocation } from '../types.js';
import { type Extractor, isRepoPath, loc } from './location.js';

// pytest section header: `____ test_name ____` or `____ ERROR collecting tests/x.py ____`.
const SECTION = /^_{3,} (.+?) _{3,}$/;
const BANNER = /^={3,}.*={3,}$|^!{3,}/;
// Long traceback: `tests/x.py:6: AssertionError`; short: `tests/x.py:6: in test_x`.
const PY_FRAME = /^(\S+?\.py):(\d+): (.*)$/;
const E_LINE = /^E\s{1,7}(.*)$/;
const SUMMARY = /^(FAILED|ERROR) (\S+?)(?:\[[^\]]*\])?(?: - (.*))?$/;
const TB_FILE = /^\s*File "([^"]+)", line (\d+)(?:, in (.+))?/;
const EXCEPTION = /^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Failure|Warning|Interrupt|NotFound)|AssertionError|KeyError|StopIteration)(?::\s*(.*))?$/;
const UNITTEST_HEAD = /(?:^|: )(FAIL|ERROR): (\S+) \(([\w.]+?)\)/;

function pytestSections(lines: readonly string[]): ErrorLocation[] {
  const out: ErrorLocation[] = [];
  const summaries = new Map<string, string>();
  for (const l of lines) {
    const s = SUMMARY.exec(l);
    if (s?.[2]) summaries.set(s[2].split('::').pop() ?? s[2], s[2]);
  }
  let i = 0;
  while (i < lines.length) {
    const head = SECTION.exec(lines[i] ?? '');
    if (!head?.[1]) {
      i++;
      continue;
    }
    const title = head[1];
    let j = i + 1;
    const frames: { file: string; line: string; rest: string }[] = [];
    const messages: string[] = [];
    while (j < lines.length && !SECTION.test(lines[j] ?? '') && !BANNER.test(lines[j] ?? '')) {
      const l = lines[j] ?? '';
      const f = PY_FRAME.exec(l);
      if (f?.[1] && f[2]) frames.push({ file: f[1], line: f[2], rest: f[3] ?? '' });
      const tb = TB_FILE.exec(l);
      if (tb?.[1] && tb[2]) frames.push({ file: tb[1], line: tb[2], rest: '' });
      const e = E_LINE.exec(l);
      if (e?.[1]?.trim()) messages.push(e[1].trim());
      j++;
    }
    const collecting = /^ERROR collecting (.+)$/.exec(title);
    const repoFrames = frames.filter((f) => isRepoPath(f.file));
    const where = repoFrames.at(-1);
    const message = messages[0] ?? frames.at(-1)?.rest ?? title;
    if (collecting?.[1]) {
      out.push(loc('pytest', message, where?.file ?? collecting[1], where?.line ?? null, null, collecting[1]));
    } else if (where || messages.length > 0) {
      const testId = summaries.get(title.split('.').pop() ?? title) ?? title;
      out.push(loc('pytest', message, where?.file ?? testId.split('::')[0] ?? null, where?.line, null, testId));
    }
    i = j;
  }
  if (out.length === 0) {
    for (const l of lines) {
      const s = SUMMARY.exec(l);
      if (s?.[2]?.includes('.py')) out.push(loc('pytest', s[3] ?? `${s[1]} ${s[2]}`, s[2].split('::')[0] ?? null, null, null, s[2]));
    }
  }
  return out;
}

/** pytest: failure sections with their frames and `E` lines, the short summary as fallback. */
export const extractPytest: Extractor = (lines) => {
  if (!lines.some((l) => SUMMARY.test(l) || /^={3,} (FAILURES|ERRORS) ={3,}$/.test(l))) return [];
  return pytestSections(lines);
};

/**
 * Plain Python tracebacks (unittest, Django, Odoo's test runner, scripts): the deepest frame in
 * the repository and the exception line that closes the traceback.
 */
export const extractPythonTracebacks: Extractor = (lines) => {
  const out: ErrorLocation[] = [];
  let test: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    const head = UNITTEST_HEAD.exec(l);
    if (head) test = `${head[3]}.${head[2]}`.replace(/\.(\w+)\.\1$/, '.$1');
    if (!/Traceback \(most recent call last\):/.test(l)) continue;
    const frames: { file: string; line: string }[] = [];
    let j = i + 1;
    let exception: string | null = null;
    for (; j < lines.length && j < i + 400; j++) {
      const raw = lines[j] ?? '';
      const content = raw.replace(/^.*?(?=\s*File ")/, '');
      const f = TB_FILE.exec(content);
      if (f?.[1] && f[2]) {
        frames.push({ file: f[1], line: f[2] });
        continue;
      }
      const bare = raw.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ \w+ \S+ \S+: /, '');
      const e = EXCEPTION.exec(bare.trim());
      if (e && !/^\s/.test(bare)) {
        exception = bare.trim();
        break;
      }
    }
    if (frames.length === 0) continue;
    const where = frames.filter((f) => isRepoPath(f.file)).at(-1) ?? null;
    out.push(loc('python', exception ?? 'Python traceback', where?.file ?? null, where?.line, null, test));
    test = undefined;
    i = j;
  }
  return out;
};

/** Maps an Odoo or unittest dotted test id to the file that holds it. */
export function testIdToFile(id: string): string | null {
  const odoo = /^odoo\.addons\.(\w+)\.(.+?)\.(Test\w*|\w+Case)\b/.exec(id);
  if (odoo?.[1] && odoo[2]) return `${odoo[1]}/${odoo[2].replace(/\./g, '/')}.py`;
  const parts = id.split('.');
  const cls = parts.findIndex((p) => /^[A-Z]/.test(p));
  if (cls > 0) return `${parts.slice(0, cls).join('/')}.py`;
  return null;
}
