import type { ErrorLocation } from '../types.js';
import { type Extractor, firstRepoJsFrame, loc, repoJsFrames, withFrames } from './location.js';

/** vitest: ` FAIL  file > suite > test`, the error line, then `❯ file:line:col`. */
export const extractVitest: Extractor = (lines) => {
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
    out.push(withFrames(loc('vitest', message, frame?.file ?? m[1], frame?.line, frame?.column, `${m[1]} > ${m[2]}`), repoJsFrames(body)));
  }
  return out;
};
