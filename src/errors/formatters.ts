import type { ErrorLocation } from '../types.js';
import { type Extractor, isRepoPath, loc } from './location.js';

/**
 * Formatter checks name files, not lines: prettier's `[warn] file` list, ruff/black's
 * "Would reformat: file", and coverage gates that fail with no failing test.
 */
export const extractFormatters: Extractor = (lines) => {
  const out: ErrorLocation[] = [];
  const prettier = lines.some((l) => /Code style issues found in (the above file|\d+ files)/.test(l));
  for (const l of lines) {
    const p = /^\[warn\] (\S+\.\w+)$/.exec(l.trim());
    if (prettier && p?.[1] && isRepoPath(p[1])) {
      out.push(loc('prettier', 'Code style issues found in the above file. Run Prettier with --write to fix.', p[1]));
      continue;
    }
    const r = /^(?:Would reformat|would reformat):? (\S+)$/.exec(l.trim());
    if (r?.[1] && isRepoPath(r[1])) {
      out.push(loc(/^Would/.test(l.trim()) ? 'ruff-format' : 'black', `Would reformat: ${r[1]}`, r[1]));
      continue;
    }
    const c = /(?:FAIL )?(Required test coverage of [\d.]+% not reached\. Total coverage: [\d.]+%)/.exec(l);
    if (c?.[1]) out.push(loc('coverage', c[1], null));
  }
  return out;
};
