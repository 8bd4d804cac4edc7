import type { ErrorLocation } from '../types.js';
import { type Extractor, isRepoPath, loc, withFrames } from './location.js';

const TB_FILE = /^\s*File "([^"]+)", line (\d+)(?:, in (.+))?/;
const EXCEPTION = /^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Failure|Warning|Interrupt|NotFound)|AssertionError|KeyError|StopIteration)(?::\s*(.*))?$/;
const UNITTEST_HEAD = /(?:^|: )(FAIL|ERROR): (\S+) \(([\w.]+?)\)/;

/**
 * Plain Python tracebacks (unittest, Django, Odoo's test runner, scripts): the deepest frame in
 * the repository and the exception line that closes the traceback.
 */
export const extractPythonTracebacks: Extractor = (lines) => {
  const out: ErrorLocation[] = [];
  let test: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    const head = UNITTEST_HEAD.exec(l);
    if (head) test = `${head[3]}.${head[2]}`.replace(/\.(\w+)\.\1$/, '.$1');
    if (!/Traceback \(most recent call last\):/.test(l)) continue;
    const frames: { file: string; line: string }[] = [];
    let j = i + 1;
    let exception: string | null = null;
    for (; j < lines.length && j < i + 400; j++) {
      const raw = lines[j] ?? '';
      const content = raw.replace(/^.*?(?=\s*File ")/, '');
      const f = TB_FILE.exec(content);
      if (f?.[1] && f[2]) {
        frames.push({ file: f[1], line: f[2] });
        continue;
      }
      const bare = raw.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ \w+ \S+ \S+: /, '');
      const e = EXCEPTION.exec(bare.trim());
      if (e && !/^\s/.test(bare)) {
        exception = bare.trim();
        break;
      }
    }
    if (frames.length === 0) continue;
    const where = frames.filter((f) => isRepoPath(f.file)).at(-1) ?? null;
    out.push(withFrames(loc('python', exception ?? 'Python traceback', where?.file ?? (test ? testIdToFile(test) : null), where?.line, null, test), frames));
    test = undefined;
    i = j;
  }
  return out;
};

/** Maps an Odoo or unittest dotted test id to the file that holds it. */
export function testIdToFile(id: string): string | null {
  const odoo = /^odoo\.addons\.(\w+)\.(.+?)\.(Test\w*|\w+Case)\b/.exec(id);
  if (odoo?.[1] && odoo[2]) return `addons/${odoo[1]}/${odoo[2].replace(/\./g, '/')}.py`;
  const parts = id.split('.');
  const cls = parts.findIndex((p) => /^[A-Z]/.test(p));
  if (cls > 0) return `${parts.slice(0, cls).join('/')}.py`;
  return null;
}
