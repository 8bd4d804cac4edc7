import type { ErrorLocation } from '../types.js';
import { type Extractor, isRepoPath, loc } from './location.js';

/** tsc: `src/a.ts(12,5): error TS2322: …` and the pretty `src/a.ts:12:5 - error TS2322: …`. */
export const extractTsc: Extractor = (lines) => {
  const out: ErrorLocation[] = [];
  for (const l of lines) {
    const m =
      /(?:^|[\s\]:])([^\s(\]:]+?\.(?:[cm]?tsx?|vue))\((\d+),(\d+)\): (error TS\d+: .*)$/.exec(l) ??
      /(?:^|[\s\]:])([^\s(\]:]+?\.(?:[cm]?tsx?|vue)):(\d+):(\d+) - (error TS\d+: .*)$/.exec(l);
    if (m?.[1] && isRepoPath(m[1])) out.push(loc('tsc', m[4] ?? '', m[1], m[2], m[3]));
  }
  return out;
};
