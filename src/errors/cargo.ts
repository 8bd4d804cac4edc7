import type { ErrorLocation } from '../types.js';
import { type Extractor, loc } from './location.js';

/** cargo/rustc: `error[E0425]: message` then ` --> src/main.rs:12:5`; test panics name the place. */
export const extractCargo: Extractor = (lines) => {
  const out: ErrorLocation[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    const e = /^error(\[E\d+\])?: (.+)$/.exec(l);
    if (e?.[2]) {
      const arrow = /^\s*--> (.+?):(\d+):(\d+)/.exec(lines[i + 1] ?? '');
      if (arrow?.[1]) out.push(loc('cargo', e[2], arrow[1], arrow[2], arrow[3]));
      continue;
    }
    const p = /thread '(.+?)' panicked at (.+?):(\d+):(\d+):?(?: (.*))?$/.exec(l);
    if (p?.[2]) out.push(loc('cargo', p[5] || (lines[i + 1] ?? 'panicked').trim(), p[2], p[3], p[4], p[1]));
  }
  return out;
};
