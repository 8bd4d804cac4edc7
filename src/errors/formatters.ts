import type { ErrorLocation } from '../types.js';
import { type Extractor, isRepoPath, loc } from './location.js';

/**
 * Formatter checks name files, not lines: prettier's `[warn] file` list, ruff/black's
 * "Would reformat: file", isort's "ERROR: file Imports are incorrectly sorted", and coverage gates that fail with no failing test.
 */
export const extractFormatters: Extractor = (lines) => {
  const out: ErrorLocation[] = [...preCommitRewrites(lines), ...biomeDiagnostics(lines)];
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
    // isort --check-only (5.x): `ERROR: <file> Imports are incorrectly sorted and/or formatted.`
    const i = /^ERROR: (\S+) (Imports are incorrectly sorted(?: and\/or formatted)?\.?)$/.exec(l.trim());
    if (i?.[1] && isRepoPath(i[1])) {
      out.push(loc('isort', i[2] ?? 'Imports are incorrectly sorted', i[1]));
      continue;
    }
    const c = /(?:FAIL )?(Required test coverage of [\d.]+% not reached\. Total coverage: [\d.]+%)/.exec(l);
    if (c?.[1]) out.push(loc('coverage', c[1], null));
  }
  return out;
};

/**
 * pre-commit's report of a hook that rewrote files (`- hook id: X`, `- files were modified by this
 * hook`): one error per file the hook's own output names (black's "reformatted f", isort's
 * "Fixing f"), else one for the hook. A hook that only failed is read by its tool's extractor.
 */
function preCommitRewrites(lines: readonly string[]): ErrorLocation[] {
  const out: ErrorLocation[] = [];
  let hook: string | null = null;
  let modified = false;
  let named = 0;
  const close = () => {
    if (hook && modified && named === 0) out.push(loc('pre-commit', `pre-commit hook \`${hook}\` modified files`, null));
  };
  for (const l of lines) {
    const t = l.trim();
    if (/\.{4,}(Failed|Passed|Skipped)$/.test(t) || /^pre-commit hook\(s\) made changes/.test(t)) {
      close();
      hook = null;
      modified = false;
      named = 0;
      continue;
    }
    const id = /^- hook id: (\S+)$/.exec(t);
    if (id?.[1]) hook = id[1];
    else if (hook && t === '- files were modified by this hook') modified = true;
    else if (hook && modified) {
      const f = /^(?:reformatted|Fixing|Fixed|fixed|Formatted|formatted)\s+(\S+)$/.exec(t);
      if (f?.[1] && isRepoPath(f[1])) {
        out.push(loc('pre-commit', `pre-commit hook \`${hook}\` rewrote this file`, f[1]));
        named++;
      }
    }
  }
  close();
  return out;
}

/**
 * Biome's diagnostics: a header `path[:line:col] category [FIXABLE] ━━━` (`format` for the
 * formatter, `lint/group/rule` for the linter), then `× message` (or `! message`, a warning).
 */
function biomeDiagnostics(lines: readonly string[]): ErrorLocation[] {
  const out: ErrorLocation[] = [];
  for (let i = 0; i < lines.length; i++) {
    const h = /^(\S+?)(?::(\d+):(\d+))? ((?:lint|assist)\/\S+|format|organizeImports)(?:\s+FIXABLE)?\s+━{3,}/.exec((lines[i] ?? '').trim());
    if (!h?.[1] || !isRepoPath(h[1])) continue;
    const said = lines
      .slice(i + 1, i + 6)
      .map((l) => /^[×!]\s+(.+)$/.exec(l.trim())?.[1])
      .find(Boolean);
    const message = `${said ?? (h[4] === 'format' ? 'The file is not formatted as Biome formats it.' : h[4])} (${h[4]})`;
    const e = loc('biome', message, h[1], h[2] ? Number(h[2]) : null);
    if (h[3]) e.column = Number(h[3]);
    out.push(e);
  }
  return out;
}
