import type { ErrorLocation } from '../types.js';
import { cleanPath, type Extractor, firstRepoJsFrame, jsMessage, loc, repoJsFrames, withFrames } from './location.js';

/**
 * A test file that does not even load (a bad import, a syntax error): node prints the error
 * before its report (`file:///…/x.test.js:3`, the source line, a caret, then `SyntaxError: …`),
 * and the report says only 'test failed'. Finds that error for the given file.
 */
function loadError(lines: readonly string[], file: string | null): { message: string; file: string; line: string } | null {
  for (let i = 0; i < lines.length; i++) {
    const at = /^(?:# )?(?:file:\/\/)?(\S+?\.[cm]?[jt]sx?):(\d+)$/.exec(lines[i]?.trim() ?? '');
    if (!at?.[1] || !at[2] || (file && cleanPath(at[1]) !== file)) continue;
    for (let j = i + 1; j < Math.min(lines.length, i + 6); j++) {
      const err = /^(?:# )?((?:\w+)?Error(?: \[\w+\])?: .+)$/.exec(lines[j]?.trim() ?? '');
      if (err?.[1]) return { message: err[1], file: cleanPath(at[1]), line: at[2] };
    }
  }
  return null;
}

const NO_MESSAGE = /^'?test failed'?$/;

/** node --test, spec reporter: the `✖ failing tests:` recap, one `test at file:line:col` block each. */
export const extractNodeSpec: Extractor = (lines) => {
  const start = lines.findIndex((l) => /^✖ failing tests:/.test(l.trim()));
  if (start < 0) return [];
  const out: ErrorLocation[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const at = /^test at (.+?):(\d+):(\d+)$/.exec(lines[i]?.trim() ?? '');
    if (!at?.[1]) continue;
    const name = /^✖ (.+?)(?: \([\d.]+m?s\))?$/.exec(lines[i + 1]?.trim() ?? '')?.[1];
    const body: string[] = [];
    let j = i + 2;
    for (; j < lines.length && !/^test at /.test(lines[j]?.trim() ?? ''); j++) body.push(lines[j] ?? '');
    const frame = firstRepoJsFrame(body);
    const file = frame?.file ?? cleanPath(at[1]);
    const message = jsMessage(body) || name || 'test failed';
    const load = NO_MESSAGE.test(message) ? loadError(lines, file) : null;
    if (load) out.push(loc('node-test', load.message, load.file, load.line, null, name));
    else
      out.push(
        withFrames(loc('node-test', message, file, frame?.line ?? at[2], frame?.column ?? at[3], name), [
          ...repoJsFrames(body),
          { file: at[1], line: at[2] ?? '' },
        ]),
      );
    i = j - 1;
  }
  return out;
};

/** node --test, TAP reporter: `not ok` with a YAML block carrying `location`, `error` and `stack`. */
export const extractNodeTap: Extractor = (lines) => {
  const out: ErrorLocation[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)not ok \d+ - (.+?)(?: # .*)?$/.exec(lines[i] ?? '');
    if (!m) continue;
    const indent = (m[1] ?? '').length;
    const block: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const l = lines[j] ?? '';
      if (l.trim() === '...' || /^\s*(not )?ok \d+/.test(l)) break;
      block.push(l);
    }
    // A parent suite repeats its child's failure with "N subtests failed": skip it.
    const yaml = block.join('\n');
    if (/failureType: 'subtestsFailed'/.test(yaml)) continue;
    const location = /location: '(.+?):(\d+):(\d+)'/.exec(yaml);
    const errorIdx = block.findIndex((l) => /^\s*error: /.test(l));
    let message = '';
    if (errorIdx >= 0) {
      const inline = /error: (?:\|-)?\s*'?(.*?)'?$/.exec(block[errorIdx] ?? '')?.[1] ?? '';
      message = inline || jsMessage(block.slice(errorIdx + 1, errorIdx + 4));
    }
    const frame = firstRepoJsFrame(block.slice(block.findIndex((l) => /^\s*stack: /.test(l)) + 1));
    const file = frame?.file ?? (location?.[1] ? cleanPath(location[1]) : null);
    if (indent > 0 && !file) continue;
    const load = !message || NO_MESSAGE.test(message) ? loadError(lines, file) : null;
    if (load) out.push(loc('node-test', load.message, load.file, load.line, null, m[2]));
    else out.push(loc('node-test', message || m[2] || 'test failed', file, frame?.line ?? location?.[2], frame?.column ?? location?.[3], m[2]));
    i = j;
  }
  return out;
};
