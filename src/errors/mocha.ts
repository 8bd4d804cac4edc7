import type { ErrorLocation } from '../types.js';
import { type Extractor, firstRepoJsFrame, jsMessage, loc, repoJsFrames, withFrames } from './location.js';

/** mocha: the `N failing` recap, then `1) suite name:` blocks with a stack. */
export const extractMocha: Extractor = (lines) => {
  const start = lines.findIndex((l) => /^\s*\d+ failing\b/.test(l));
  if (start < 0) return [];
  const out: ErrorLocation[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const m = /^\s*(\d+)\) (.+)$/.exec(lines[i] ?? '');
    if (!m?.[2]) continue;
    // A nested suite's title goes on over deeper-indented lines, up to the one ending in ':'.
    const title = [m[2].trim()];
    let j = i + 1;
    while (!title.at(-1)?.endsWith(':') && j < lines.length && j <= i + 8 && (lines[j] ?? '').trim() && !/^\s*\d+\) /.test(lines[j] ?? '')) {
      title.push((lines[j] ?? '').trim());
      j++;
    }
    const body: string[] = [];
    for (; j < lines.length && !/^\s*\d+\) /.test(lines[j] ?? ''); j++) body.push(lines[j] ?? '');
    const frame = firstRepoJsFrame(body);
    const msgLines = body.filter((l) => !/:\s*$/.test(l.trim()) || /Error/.test(l));
    const name = title.join(' ').replace(/:$/, '');
    out.push(withFrames(loc('mocha', jsMessage(msgLines) || name, frame?.file ?? null, frame?.line, frame?.column, name), repoJsFrames(body)));
    i = j - 1;
  }
  return out;
};
