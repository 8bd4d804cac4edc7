import type { ErrorLocation } from '../types.js';
import { type Extractor, firstRepoJsFrame, jsMessage, loc } from './location.js';

/** mocha: the `N failing` recap, then `1) suite name:` blocks with a stack. */
export const extractMocha: Extractor = (lines) => {
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
    out.push(loc('mocha', jsMessage(msgLines) || m[2], frame?.file ?? null, frame?.line, frame?.column, m[2].replace(/:$/, '')));
    i = j - 1;
  }
  return out;
};
