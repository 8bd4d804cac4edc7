import type { ErrorLocation } from '../types.js';
import { type Extractor, isRepoPath, loc, withFrames } from './location.js';

const BANNER = /^={3,}.*={3,}$|^!{3,}/;
const PY_FRAME = /^(\S+?\.py):(\d+): (.*)$/;
const E_LINE = /^E\s{1,7}(.*)$/;
const SUMMARY = /^(FAILED|ERROR) (\S+?(?:\[[^\]]*\])?)(?: - (.*))?$/;
const TB_FILE = /^\s*File "([^"]+)", line (\d+)(?:, in (.+))?/;
// pytest section header: `____ test_name ____` or `____ ERROR collecting tests/x.py ____`.
const SECTION = /^_{3,} (.+?) _{3,}$/;

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
      out.push(withFrames(loc('pytest', message, where?.file ?? collecting[1], where?.line ?? null, null, collecting[1]), repoFrames));
    } else if (where || messages.length > 0) {
      // `TestCls.test_x` titles match the summary's last `::` part; parameter ids may hold dots.
      const testId = summaries.get(title) ?? summaries.get(title.split('.').pop() ?? title) ?? title;
      out.push(withFrames(loc('pytest', message, where?.file ?? testId.split('::')[0] ?? null, where?.line, null, testId), repoFrames));
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
