import type { ErrorLocation } from '../types.js';
import { type Extractor, loc } from './location.js';

/** eslint's stylish format: a file path line, then `  12:5  error  message  rule`. */
export const extractEslint: Extractor = (lines) => {
  const out: ErrorLocation[] = [];
  let file: string | null = null;
  for (const l of lines) {
    const path = /^(?:\S+:\s+)?((?:[\w.@-]+\/)*[\w.@-]+\.(?:[cm]?[jt]sx?|vue|svelte))$/.exec(l.trim());
    if (path?.[1]) {
      file = path[1];
      continue;
    }
    const m = /^\s+(\d+):(\d+)\s+error\s+(.+?)(?:\s{2,}(\S+))?$/.exec(l);
    if (m && file) out.push(loc('eslint', m[4] ? `${m[3]} (${m[4]})` : (m[3] ?? ''), file, m[1], m[2]));
    else if (!l.trim()) file = null;
  }
  return out;
};
