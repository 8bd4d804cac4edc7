import type { ErrorLocation } from '../types.js';
import { type Extractor, isRepoPath, loc } from './location.js';

/** dotnet test: `Failed Name [12 ms]`, "Error Message:", and `in path:line N` in the stack trace. */
export const extractDotnet: Extractor = (lines) => {
  const out: ErrorLocation[] = [];
  for (let i = 0; i < lines.length; i++) {
    const head = /^\s*Failed (\S+) \[[^\]]+\]$/.exec(lines[i] ?? '');
    if (!head?.[1]) continue;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && j < i + 60 && !/^\s*(Failed|Passed|Skipped) \S+ \[/.test(lines[j] ?? ''); j++) body.push(lines[j] ?? '');
    const msgAt = body.findIndex((l) => /^\s*Error Message:/.test(l));
    const message =
      msgAt >= 0
        ? body
            .slice(msgAt + 1, msgAt + 4)
            .map((l) => l.trim())
            .filter(Boolean)
            .join(' ')
        : head[1];
    const frame = body.map((l) => / in (.+?\.(?:cs|fs|vb)):line (\d+)/.exec(l)).find((m) => m?.[1] && isRepoPath(m[1].replace(/\\/g, '/')));
    out.push(loc('dotnet', message, frame?.[1]?.replace(/\\/g, '/') ?? null, frame?.[2], null, head[1]));
    i = j - 1;
  }
  return out;
};
