import type { Context, ContextSection, Failure } from '../types.js';

export const CONTEXT_RADIUS_LINES = 20;
export const MAX_CONTEXT_FILES = 8;

/** Rough count until the tokenizer lands (#5): about four characters a token for code. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * Failure → Context: ±20 lines around each error location in the checked-out repository,
 * merged where they overlap, packed until `maxTokens`. `readFile` returns null for a missing file.
 */
export async function selectContext(
  failure: Failure,
  readFile: (path: string) => Promise<string | null>,
  maxTokens = 6000,
): Promise<Context> {
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
  return { sections, tokens, omitted };
}
