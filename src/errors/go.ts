import type { ErrorLocation } from '../types.js';
import { type Extractor, loc } from './location.js';

/** go test: `--- FAIL: TestX` followed by `    file_test.go:12: message`. */
export const extractGoTest: Extractor = (lines) => {
  const out: ErrorLocation[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*--- FAIL: (\S+)/.exec(lines[i] ?? '');
    if (!m?.[1]) continue;
    for (let j = i + 1; j < lines.length && j < i + 40; j++) {
      const f = /^\s+([\w./-]+\.go):(\d+): (.+)$/.exec(lines[j] ?? '');
      if (f?.[1]) {
        out.push(loc('go', f[3] ?? '', f[1], f[2], null, m[1]));
        break;
      }
      if (/^\s*--- (FAIL|PASS)/.test(lines[j] ?? '')) break;
    }
  }
  for (const l of lines) {
    const p = /panic: (.+)$/.exec(l);
    if (p?.[1] && !/^\s/.test(l)) out.push(loc('go', `panic: ${p[1]}`, null));
  }
  return out;
};
