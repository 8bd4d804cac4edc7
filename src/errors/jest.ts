import type { ErrorLocation } from '../types.js';
import { type Extractor, firstRepoJsFrame, jsMessage, loc, repoJsFrames, withFrames } from './location.js';

/** jest: `● Suite › test` blocks; the first stack frame in the repository is the location. */
export const extractJest: Extractor = (lines) => {
  const out: ErrorLocation[] = [];
  // Other CLIs print `●` bullets too (Storybook, listr): jest's blocks come with its FAIL lines or summary.
  if (!lines.some((l) => /^(FAIL|PASS) \S|^Tests:\s+\d+ failed/.test(l.trim()))) return out;
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*● (.+)$/.exec(lines[i] ?? '');
    if (!m?.[1] || /^Console$/.test(m[1].trim())) continue;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const l = lines[j] ?? '';
      if (/^\s*● /.test(l) || /^(Test Suites|Tests|Snapshots):/.test(l.trim()) || /^(PASS|FAIL) /.test(l.trim())) break;
      body.push(l);
    }
    const frame = firstRepoJsFrame(body);
    const name = m[1].trim();
    const matcher = jsMessage(body.filter((l) => !/^\s*>?\s*\d+ \|/.test(l)));
    // expect()'s values are on their own lines under the matcher: they are the message.
    const values = body
      .map((l) => l.trim())
      .filter((l) => /^(Expected|Received)(?: [\w ]+)?: /.test(l))
      .slice(0, 4);
    const what = [matcher, ...values].filter(Boolean).join(' ').slice(0, 400);
    out.push(withFrames(loc('jest', what ? `${name}: ${what}` : name, frame?.file ?? null, frame?.line, frame?.column, name), repoJsFrames(body)));
    i = j - 1;
  }
  return out;
};
