import type { Context, ContextSection, Failure } from '../types.js';

export const CONTEXT_RADIUS_LINES = 20;
export const MAX_CONTEXT_FILES = 8;
export const MAX_IMPORTED_LINES = 120;

/** Relative module paths a source file imports, as repository paths to try in order. */
export function importedCandidates(file: string, text: string): string[][] {
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  const join = (base: string, rel: string) => {
    const parts = base ? base.split('/') : [];
    for (const seg of rel.split('/')) {
      if (seg === '..') parts.pop();
      else if (seg !== '.' && seg !== '') parts.push(seg);
    }
    return parts.join('/');
  };
  const out: string[][] = [];
  if (/\.[cm]?[jt]sx?$/.test(file)) {
    for (const m of text.matchAll(/(?:from\s+|require\(\s*|import\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const base = join(dir, m[1] ?? '');
      const stem = base.replace(/\.[cm]?js$/, '');
      out.push([base, `${stem}.ts`, `${stem}.tsx`, `${stem}.js`, `${stem}.mjs`, `${base}/index.ts`, `${base}/index.js`]);
    }
  } else if (file.endsWith('.py')) {
    for (const m of text.matchAll(/^\s*(?:from\s+(\.*[\w.]*)\s+import\s+([\w, ]+)|import\s+([\w.]+))/gm)) {
      const mod = m[1] ?? m[3] ?? '';
      const dots = /^\.*/.exec(mod)?.[0].length ?? 0;
      let base = mod.slice(dots).replace(/\./g, '/');
      if (dots > 0)
        base = join(
          dir
            .split('/')
            .slice(0, dir.split('/').length - (dots - 1))
            .join('/'),
          base,
        );
      if (!base) continue;
      out.push([`${base}.py`, `${base}/__init__.py`, `src/${base}.py`]);
    }
  }
  return out;
}

/** Rough count until the tokenizer lands (#5): about four characters a token for code. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * Failure → Context: ±20 lines around each error location in the checked-out repository,
 * merged where they overlap, packed until `maxTokens`. `readFile` returns null for a missing file.
 */
export async function selectContext(failure: Failure, readFile: (path: string) => Promise<string | null>, maxTokens = 6000): Promise<Context> {
  const wanted = new Map<string, { start: number; end: number; reason: string }[]>();
  for (const e of failure.errors) {
    if (!e.file) continue;
    const ranges = wanted.get(e.file) ?? [];
    const line = e.line ?? 1;
    ranges.push({
      start: Math.max(1, line - CONTEXT_RADIUS_LINES),
      end: line + CONTEXT_RADIUS_LINES,
      reason: `${e.tool} error at line ${e.line ?? '?'}: ${e.message.split('\n')[0]?.slice(0, 120)}`,
    });
    wanted.set(e.file, ranges);
  }
  const sections: ContextSection[] = [];
  const omitted: string[] = [];
  let tokens = 0;
  for (const [file, ranges] of [...wanted].slice(0, MAX_CONTEXT_FILES)) {
    const content = await readFile(file);
    if (content === null) {
      omitted.push(`${file}: not in the repository`);
      continue;
    }
    const lines = content.split('\n');
    if (lines.at(-1) === '') lines.pop();
    ranges.sort((a, b) => a.start - b.start);
    const merged: typeof ranges = [];
    for (const r of ranges) {
      const last = merged.at(-1);
      if (last && r.start <= last.end + 1) {
        last.end = Math.max(last.end, r.end);
        if (!last.reason.includes(r.reason)) last.reason += `; ${r.reason}`;
      } else merged.push({ ...r });
    }
    for (const r of merged) {
      const end = Math.min(r.end, lines.length);
      if (r.start > end) continue;
      const text = lines.slice(r.start - 1, end).join('\n');
      const cost = estimateTokens(text);
      if (tokens + cost > maxTokens) {
        omitted.push(`${file}:${r.start}-${end}: over the ${maxTokens}-token budget`);
        continue;
      }
      tokens += cost;
      sections.push({ file, startLine: r.start, endLine: end, reason: r.reason, text });
    }
  }
  for (const [file] of [...wanted].slice(MAX_CONTEXT_FILES)) omitted.push(`${file}: more than ${MAX_CONTEXT_FILES} files`);

  // The code under test: what the failing files import from the repository itself.
  const shown = new Set(sections.map((s) => s.file));
  for (const [file] of [...wanted].slice(0, MAX_CONTEXT_FILES)) {
    const text = await readFile(file);
    if (text === null) continue;
    for (const candidates of importedCandidates(file, text)) {
      for (const candidate of candidates) {
        if (shown.has(candidate)) break;
        const content = await readFile(candidate);
        if (content === null) continue;
        shown.add(candidate);
        const lines = content.split('\n');
        if (lines.at(-1) === '') lines.pop();
        const end = Math.min(lines.length, MAX_IMPORTED_LINES);
        const body = lines.slice(0, end).join('\n');
        const cost = estimateTokens(body);
        if (tokens + cost > maxTokens) omitted.push(`${candidate}:1-${end}: over the ${maxTokens}-token budget`);
        else {
          tokens += cost;
          sections.push({ file: candidate, startLine: 1, endLine: end, reason: `imported by ${file}`, text: body });
        }
        break;
      }
    }
  }
  return { sections, tokens, omitted };
}
