import type { ErrorLocation } from '../types.js';
import { type Extractor, isRepoPath, loc, withFrames } from './location.js';

const TB_FILE = /^\s*File "([^"]+)", line (\d+)(?:, in (.+))?/;
const EXCEPTION = /^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Failure|Warning|Interrupt|NotFound)|AssertionError|KeyError|StopIteration)(?::\s*(.*))?$/;
const UNITTEST_HEAD = /(?:^|: )(FAIL|ERROR): (\S+) \(([\w.]+?)\)/;
// Python prints a chain of exceptions as tracebacks joined by one of these.
const CHAIN = /^(?:During handling of the above exception, another exception occurred:|The above exception was the direct cause of the following exception:)$/;

/**
 * An Odoo source file's path within odoo/odoo, for a frame of an Odoo installation
 * (`/opt/odoo/odoo/models.py` -> `odoo/models.py`, `/odoo/odoo-8.0/addons/website/x.py` ->
 * `addons/website/x.py`): where no frame is in the repository, the failing code is Odoo's.
 */
export function odooSourcePath(path: string): string | null {
  const installed = /\/(?:odoo|openerp)(?:-[\d.]+)?\/((?:addons|odoo|openerp)\/.+\.py)$/.exec(path)?.[1];
  if (installed) return installed;
  // A checkout of Odoo under another name (OpenUpgrade, a fork): its odoo/ package's known folders.
  return (
    /\/((?:odoo|openerp)\/(?:addons|modules|tools|service|osv|tests|cli|models\.py|fields\.py|api\.py|sql_db\.py|http\.py)\b.*\.py)$/.exec(path)?.[1] ?? null
  );
}

// What cannot continue an exception's message: separators, the next traceback or report, a log record.
const CONTINUATION_ENDS =
  /^(?:[-=_*]{5,}|Traceback \(most recent call last\)|During handling|The above exception|(?:FAIL|ERROR|FAILED|OK)\b|Ran \d+ tests?|\d{4}-\d\d-\d\d[ T]|\[\w+\]|>>>|\$ |(?:DEBUG|INFO|WARNING|CRITICAL) [\w.]+: )/;

interface Block {
  frames: { file: string; line: string }[];
  exception: string | null;
  /** The index of the block's last line. */
  end: number;
}

/** One traceback, from the line after its `Traceback (most recent call last):`. */
function readBlock(lines: readonly string[], from: number): Block {
  const frames: { file: string; line: string }[] = [];
  let j = from;
  for (; j < lines.length && j < from + 400; j++) {
    const raw = lines[j] ?? '';
    const content = raw.replace(/^.*?(?=\s*File ")/, '');
    const f = TB_FILE.exec(content);
    if (f?.[1] && f[2]) {
      frames.push({ file: f[1], line: f[2] });
      continue;
    }
    const bare = raw.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ \w+ \S+ \S+: |^(?:DEBUG|INFO|WARNING|ERROR|CRITICAL) [\w.]+: /, '');
    const e = EXCEPTION.exec(bare.trim());
    if (e && !/^\s/.test(bare)) {
      // A message over several lines goes on until a blank line, a separator or the next report.
      let message = bare.trim();
      let k = j + 1;
      for (; k < lines.length && k <= j + 3; k++) {
        const next = (lines[k] ?? '').trim();
        if (!next || CONTINUATION_ENDS.test(next) || TB_FILE.test(next)) break;
        message += `\n${next}`;
      }
      return { frames, exception: message, end: k - 1 };
    }
    if (/Traceback \(most recent call last\):/.test(raw) || CHAIN.test(raw.trim())) return { frames, exception: null, end: j - 1 };
  }
  return { frames, exception: null, end: j };
}

/**
 * Plain Python tracebacks (unittest, Django, Odoo's test runner, scripts): the deepest frame in
 * the repository and the exception line that closes the traceback. A chain of exceptions
 * ("During handling of the above exception…") is one error: located at the deepest repository
 * frame of the chain, with the first exception (the cause) as its message.
 */
export const extractPythonTracebacks: Extractor = (lines) => {
  const out: ErrorLocation[] = [];
  let test: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    const head = UNITTEST_HEAD.exec(l);
    if (head) test = `${head[3]}.${head[2]}`.replace(/\.(\w+)\.\1$/, '.$1');
    const headed = /Traceback \(most recent call last\):/.test(l);
    // A traceback whose header was cut off (a log excerpt, a runner that starts mid-record) starts at its first frame.
    if (!headed && !TB_FILE.test(l)) continue;
    const chain: Block[] = [readBlock(lines, headed ? i + 1 : i)];
    for (;;) {
      const last = chain.at(-1) as Block;
      // The chain goes on past blank lines to its marker and the next traceback.
      let k = last.end + 1;
      while (k < lines.length && !(lines[k] ?? '').trim()) k++;
      if (!CHAIN.test((lines[k] ?? '').trim())) break;
      k++;
      while (k < lines.length && !/Traceback \(most recent call last\):/.test(lines[k] ?? '') && k < last.end + 10) k++;
      if (!/Traceback \(most recent call last\):/.test(lines[k] ?? '')) break;
      chain.push(readBlock(lines, k + 1));
    }
    const frames = chain.flatMap((b) => b.frames);
    if (frames.length === 0 || (!headed && !chain.some((b) => b.exception))) continue;
    const where = [...chain].reverse().flatMap((b) => b.frames.filter((f) => isRepoPath(f.file)).slice(-1))[0] ?? null;
    const exceptions = chain.map((b) => b.exception).filter((e): e is string => Boolean(e));
    const message = exceptions.length > 1 && exceptions[0] !== exceptions.at(-1) ? `${exceptions[0]}\n(then) ${exceptions.at(-1)}` : exceptions[0];
    // No frame in the repository: Odoo's own code failed, named as in odoo/odoo (its test, if one is in the stack).
    const core = where ? [] : frames.map((f) => ({ file: odooSourcePath(f.file), line: f.line })).filter((f) => f.file);
    const odoo = core.filter((f) => /\/tests\/test_[^/]*\.py$/.test(f.file ?? '')).at(-1) ?? core.at(-1);
    const file = where?.file ?? odoo?.file ?? (test ? testIdToFile(test) : null);
    // Without its exception line (the log was cut), the failed test's own header says what failed.
    const headLine = test ? lines.slice(Math.max(0, i - 3), i).find((x) => UNITTEST_HEAD.test(x)) : undefined;
    const said = message ?? (headLine ? (/(?:FAIL|ERROR): .*/.exec(headLine)?.[0] ?? null) : null);
    if (!said && !where) {
      // A cut traceback with neither its exception nor a frame of the repository says nothing.
      i = (chain.at(-1) as Block).end;
      continue;
    }
    out.push(withFrames(loc('python', said ?? 'Python traceback', file, where?.line ?? odoo?.line, null, test), frames));
    test = undefined;
    i = (chain.at(-1) as Block).end;
  }
  return out;
};

/** Maps an Odoo or unittest dotted test id to the file that holds it. */
export function testIdToFile(id: string): string | null {
  const odoo = /^(?:odoo|openerp)\.addons\.(\w+)\.(.+?)\.(Test\w*|\w+Case)\b/.exec(id);
  if (odoo?.[1] && odoo[2]) return `addons/${odoo[1]}/${odoo[2].replace(/\./g, '/')}.py`;
  const parts = id.split('.');
  const cls = parts.findIndex((p) => /^[A-Z]/.test(p));
  if (cls > 0) return `${parts.slice(0, cls).join('/')}.py`;
  return null;
}
