import type { ErrorLocation } from '../types.js';

/** An extractor reads one failed step's normalized lines and returns what it recognizes. */
export type Extractor = (lines: readonly string[]) => ErrorLocation[];

// Node's built-in modules (node:module's builtinModules of Node 8 to 24), as their bare file names.
const NODE_CORE_FILE =
  /^(?:internal\/.+|_(?:stream|tls|http)_\w+|assert|async_hooks|buffer|child_process|cluster|console|constants|crypto|dgram|dns|domain|events|fs|http|http2|https|inspector|module|net|os|path|perf_hooks|process|punycode|querystring|readline|repl|stream|string_decoder|timers|tls|trace_events|tty|url|util|v8|vm|wasi|worker_threads|zlib|bootstrap_node|node)\.js$/;

/**
 * Whether a path (after runner prefixes were stripped) can be a repository file: relative,
 * and not a dependency, the standard library or a runtime internal.
 */
export function isRepoPath(path: string): boolean {
  if (!path || path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path)) return false;
  // Node's own modules, as stacks of Node before 16 name them: `events.js:313`, `internal/modules/cjs/loader.js:1`.
  if (NODE_CORE_FILE.test(path)) return false;
  if (/^(node|internal|file|https?):/.test(path)) return false;
  return !/(^|\/)(node_modules|site-packages|dist-packages|\.venv|venv|\.tox|\.pnpm|\.yarn|vendor\/bundle)\//.test(path);
}

export function cleanPath(path: string): string {
  return path.replace(/^file:\/\//, '').replace(/^\.\//, '');
}

export function loc(
  tool: string,
  message: string,
  file: string | null,
  line?: number | string | null,
  column?: number | string | null,
  test?: string,
): ErrorLocation {
  const n = (v: number | string | null | undefined) => {
    if (v === null || v === undefined || v === '') return null;
    const x = typeof v === 'number' ? v : Number.parseInt(v, 10);
    return Number.isFinite(x) && x > 0 ? x : null;
  };
  const out: ErrorLocation = {
    file: file ? cleanPath(file) : null,
    line: n(line),
    column: n(column),
    message: message.trim().slice(0, 2000),
    tool,
  };
  if (test) out.test = test;
  return out;
}

/** A stack frame `(path:line:col)` or `at path:line:col` in JS stacks. */
export const JS_FRAME = /(?:\(|at |❯ |→ )((?:file:\/\/)?[^\s()]+?\.(?:[cm]?[jt]sx?|vue|svelte)):(\d+)(?::(\d+))?\)?/;

export function firstRepoJsFrame(lines: readonly string[]): { file: string; line: number; column: number | null } | null {
  for (const l of lines) {
    const m = JS_FRAME.exec(l);
    if (m?.[1] && isRepoPath(cleanPath(m[1]))) {
      return { file: cleanPath(m[1]), line: Number(m[2]), column: m[3] ? Number(m[3]) : null };
    }
  }
  return null;
}

/** Every stack frame in the repository, in the order printed (innermost first for JS). */
export function repoJsFrames(lines: readonly string[]): { file: string; line: number }[] {
  const out: { file: string; line: number }[] = [];
  for (const l of lines) {
    const m = JS_FRAME.exec(l);
    if (m?.[1] && isRepoPath(cleanPath(m[1]))) out.push({ file: cleanPath(m[1]), line: Number(m[2]) });
  }
  return out;
}

/** Attaches the frames other than the error's own place (deduplicated, at most 8). */
export function withFrames(e: ErrorLocation, frames: readonly { file: string; line: number | string }[]): ErrorLocation {
  const seen = new Set([`${e.file}:${e.line}`]);
  const kept: { file: string; line: number }[] = [];
  for (const f of frames) {
    const line = typeof f.line === 'number' ? f.line : Number.parseInt(f.line, 10);
    const file = cleanPath(f.file);
    const key = `${file}:${line}`;
    if (!Number.isFinite(line) || seen.has(key) || !isRepoPath(file)) continue;
    seen.add(key);
    kept.push({ file, line });
  }
  if (kept.length) e.frames = kept.slice(0, 8);
  return e;
}

const JS_STACK_LINE = /^\s*at /;

/** The message of a JS failure: its first line, plus the next one when the first ends in `:`. */
export function jsMessage(lines: readonly string[]): string {
  const text = lines.map((l) => l.trim()).filter((l) => l && !/^[{}]$/.test(l));
  const start = text.findIndex((l) => !JS_STACK_LINE.test(l));
  const first = text[start] ?? '';
  if (!first.endsWith(':')) return first;
  // "Expected values to be strictly equal:" says nothing without the values under it (node's
  // assert diff, `+ actual - expected`): keep them, up to the stack.
  const more: string[] = [];
  for (const l of text.slice(start + 1)) {
    if (JS_STACK_LINE.test(l) || more.length >= 6) break;
    more.push(l);
  }
  return [first, ...more].join(' ').slice(0, 400);
}
