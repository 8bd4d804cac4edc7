import type { ErrorLocation } from '../types.js';
import { type Extractor, isRepoPath, loc } from './location.js';

/** tsc: `src/a.ts(12,5): error TS2322: …` and the pretty `src/a.ts:12:5 - error TS2322: …`. */
export const extractTsc: Extractor = (lines) => {
  const out: ErrorLocation[] = [];
  for (const l of lines) {
    const m = /(\S+?\.(?:[cm]?tsx?|vue))\((\d+),(\d+)\): error (TS\d+: .*)$/.exec(l) ?? /(\S+?\.(?:[cm]?tsx?|vue)):(\d+):(\d+) - error (TS\d+: .*)$/.exec(l);
    if (m?.[1] && isRepoPath(m[1].replace(/^.*?:/, ''))) out.push(loc('tsc', m[4] ?? '', m[1].replace(/^[\w@/-]+:\s*/, ''), m[2], m[3]));
  }
  return out;
};

/** eslint's stylish format: a file path line, then `  12:5  error  message  rule`. */
export const extractEslint: Extractor = (lines) => {
  const out: ErrorLocation[] = [];
  let file: string | null = null;
  for (const l of lines) {
    const path = /^(?:\S+:\s+)?((?:[\w.@-]+\/)*[\w.@-]+\.(?:[cm]?[jt]sx?|vue|svelte))$/.exec(l.trim());
    if (path?.[1]) {
      file = path[1];
      continue;
    }
    const m = /^\s+(\d+):(\d+)\s+error\s+(.+?)(?:\s{2,}(\S+))?$/.exec(l);
    if (m && file) out.push(loc('eslint', m[4] ? `${m[3]} (${m[4]})` : (m[3] ?? ''), file, m[1], m[2]));
    else if (!l.trim()) file = null;
  }
  return out;
};

/**
 * The `path:line[:col]: message` family: ruff, flake8, mypy, pylint, go vet and build, gcc,
 * and most linters. The tool is named from the message's shape.
 */
export const extractLineColon: Extractor = (lines) => {
  const out: ErrorLocation[] = [];
  for (const l of lines) {
    const m = /^\s*(?:\[\w+\]\s+)?((?:\.{0,2}\/)?[\w.@/+-]*[\w-]\.[A-Za-z]{1,6}):(\d+):(?:(\d+):)?\s*(.+)$/.exec(l);
    if (!m?.[1] || !m[4]) continue;
    const file = m[1].replace(/^\.\//, '');
    const message = m[4];
    if (!isRepoPath(file) || /^\d+$/.test(message) || /^(note|warning|info):/i.test(message)) continue;
    let tool = 'generic';
    if (file.endsWith('.py')) {
      if (/^error: /.test(message)) tool = 'mypy';
      else if (/^[A-Z]\d{3,4}\b/.test(message)) tool = /^[EWFCN]\d{3}\b/.test(message) ? 'flake8' : 'ruff';
      else if (/^[CRWEF]\d{4}: /.test(message)) tool = 'pylint';
      else if (/^in \S+$|^\w+Error$/.test(message)) continue; // pytest frames, handled by its extractor
    } else if (file.endsWith('.go')) tool = 'go';
    else if (/\.(c|cc|cpp|h|hpp)$/.test(file)) tool = 'cc';
    out.push(loc(tool, message.replace(/^error: /, ''), file, m[2], m[3]));
  }
  return out;
};

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

/** Maven (compiler and Surefire) and Gradle's JUnit summaries. */
export const extractJvm: Extractor = (lines) => {
  const out: ErrorLocation[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    const c = /^\[ERROR\] (?:\/.*?\/)?((?:src|[\w-]+\/src)\/\S+?\.(?:java|kt|scala)):\[(\d+),(\d+)\] (.+)$/.exec(l);
    if (c?.[1]) {
      out.push(loc('maven', c[4] ?? '', c[1], c[2], c[3]));
      continue;
    }
    const kt = /^e: (?:file:\/\/)?(?:\/.*?\/)?((?:src|[\w-]+\/src)\/\S+?\.kts?):(\d+):(\d+) (.+)$/.exec(l);
    if (kt?.[1]) {
      out.push(loc('kotlin', kt[4] ?? '', kt[1], kt[2], kt[3]));
      continue;
    }
    const s = /^\[ERROR\]\s+([\w$]+)\.(\w+):(\d+) (.+)$/.exec(l);
    if (s?.[1]) {
      out.push(loc('surefire', s[4] ?? '', `${s[1]}.java`, s[3], null, `${s[1]}.${s[2]}`));
      continue;
    }
    const g = /^([\w.$]+) > (\w+)(?:\(\))? FAILED$/.exec(l.trim());
    if (g?.[1]) {
      const next = (lines[i + 1] ?? '').trim();
      const at = /at ([\w.$]+)\.\w+\((\w+\.(?:java|kt)):(\d+)\)/.exec(lines.slice(i + 1, i + 8).join('\n'));
      out.push(loc('gradle', next || 'test failed', at?.[2] ?? null, at?.[3], null, `${g[1]}.${g[2]}`));
    }
  }
  return out;
};

/** `##[error]` annotations the runner or a problem matcher printed, minus the exit-code notice. */
export const extractAnnotations: Extractor = (lines) => {
  const out: ErrorLocation[] = [];
  for (const l of lines) {
    if (!l.startsWith('##[error]')) continue;
    const message = l.slice('##[error]'.length);
    if (/^Process completed with exit code \d+\.?$/.test(message)) continue;
    const m = /^([\w./-]+\.\w+):(\d+)(?::(\d+))?:?\s*(.*)$/.exec(message);
    if (m?.[1] && isRepoPath(m[1])) out.push(loc('annotation', m[4] || message, m[1], m[2], m[3]));
    else out.push(loc('annotation', message, null));
  }
  return out;
};
