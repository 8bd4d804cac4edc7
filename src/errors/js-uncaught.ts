import type { ErrorLocation } from '../types.js';
import { type Extractor, firstRepoJsFrame, loc, repoJsFrames, withFrames } from './location.js';

// `ReferenceError: x is not defined`, `PrismaClientValidationError:`, `TypeError [ERR_X]: …`,
// also after a prefix (`❌ Seeding failed: …Error:`).
const ERROR_LINE = /(?:^|\s)((?:[A-Z][\w$]*)?Error(?: \[[\w-]+\])?):(?: (.*))?$/;
// Some CLIs draw a box around their output: its gutter is not part of the line.
const GUTTER = /^\s*[│┃|]\s?/;
const FRAME = /^\s*at\s/;
const STACK_WITHIN = 80;

/**
 * An uncaught JavaScript error outside a test runner (a config file that does not load, a build
 * or seed script that throws): `XError: message`, then its stack, whose first frame in the
 * repository is the place. When the error line carries no message, the message is the last line
 * printed before the stack. A fallback: test runners' own extractors come first.
 */
export const extractJsUncaught: Extractor = (lines) => {
  const out: ErrorLocation[] = [];
  const text = (i: number) => (lines[i] ?? '').replace(GUTTER, '').trim();
  for (let i = 0; i < lines.length; i++) {
    const m = ERROR_LINE.exec(text(i));
    if (!m?.[1]) continue;
    let first = -1;
    for (let j = i + 1; j < Math.min(lines.length, i + STACK_WITHIN); j++) {
      if (FRAME.test(text(j))) {
        first = j;
        break;
      }
      if (ERROR_LINE.test(text(j))) break; // the stack below belongs to that error
    }
    if (first < 0) continue;
    let end = first;
    // The stack: `at` lines, and the lines a narrow box wrapped them onto.
    while (end < lines.length && end < first + 40 && (FRAME.test(text(end)) || /^\(.*\)$/.test(text(end)))) end++;
    const stack = Array.from({ length: end - first }, (_, k) => text(first + k));
    const frame = firstRepoJsFrame(stack);
    if (!frame) continue;
    let message = (m[2] ?? '').trim();
    if (!message)
      for (let j = first - 1; j > i; j--)
        if (text(j)) {
          message = text(j);
          break;
        }
    out.push(withFrames(loc('node', message ? `${m[1]}: ${message}` : m[1], frame.file, frame.line, frame.column), repoJsFrames(stack)));
    i = end - 1;
  }
  return out;
};
