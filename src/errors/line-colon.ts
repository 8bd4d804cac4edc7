import type { ErrorLocation } from '../types.js';
import { type Extractor, isRepoPath, loc } from './location.js';

/**
 * The `path:line[:col]: message` family: ruff, flake8, mypy, pylint, go vet and build, gcc,
 * and most linters. The tool is named from the message's shape.
 */
export const extractLineColon: Extractor = (lines) => {
  const out: ErrorLocation[] = [];
  for (const l of lines) {
    // sbt's and others' `[warn]`/`[info]` tags: a warning is no failure's cause.
    if (/^\s*\[(?:warn|warning|info|debug)\]/i.test(l)) continue;
    const m = /^\s*(?:\[\w+\]\s+)?((?:\.{0,2}\/)?[\w.@/+-]*[\w-]\.[A-Za-z]{1,6}):(\d+):(?:(\d+):)?\s*(.+)$/.exec(l);
    if (!m?.[1] || !m[4]) continue;
    const file = m[1].replace(/^\.\//, '');
    const message = m[4];
    if (!isRepoPath(file) || /^\d+$/.test(message) || /^(note|warning|info):|\bwarning: /i.test(message)) continue;
    let tool = 'generic';
    if (file.endsWith('.py')) {
      if (/^error: /.test(message)) tool = 'mypy';
      else if (/^[CRWEFI]\d{4}: /.test(message)) tool = 'pylint';
      else if (/^[A-Z]\d{3,4}\b/.test(message)) tool = /^[EWFCN]\d{3}\b/.test(message) ? 'flake8' : 'ruff';
      else if (/^in \S+$|^\w+Error$/.test(message)) continue; // pytest frames, handled by its extractor
    } else if (file.endsWith('.go')) tool = 'go';
    else if (/\.(c|cc|cpp|h|hpp)$/.test(file)) tool = 'cc';
    out.push(loc(tool, message.replace(/^error: /, ''), file, m[2], m[3]));
  }
  return out;
};
