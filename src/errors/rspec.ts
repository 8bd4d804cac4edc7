import type { ErrorLocation } from '../types.js';
import { type Extractor, isRepoPath, loc } from './location.js';

/** RSpec: numbered blocks under "Failures:", `Failure/Error:` and the first `# ./spec/…:N` frame. */
export const extractRspec: Extractor = (lines) => {
  const start = lines.findIndex((l) => l.trim() === 'Failures:');
  if (start < 0) return [];
  const out: ErrorLocation[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const head = /^\s+\d+\) (.+)$/.exec(lines[i] ?? '');
    if (!head?.[1]) continue;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s+\d+\) /.test(lines[j] ?? '') && !/^(Finished in|Failed examples:)/.test((lines[j] ?? '').trim()); j++)
      body.push(lines[j] ?? '');
    const error = body.map((l) => l.trim()).find((l) => l.startsWith('Failure/Error:'));
    const expected = body.map((l) => l.trim()).filter((l) => /^(expected|got):/.test(l));
    const frame = body.map((l) => /#\s+\.?\/?([\w./-]+\.rb):(\d+)/.exec(l)).find((m) => m?.[1] && isRepoPath(m[1]));
    const message = [error?.replace(/^Failure\/Error:\s*/, ''), ...expected].filter(Boolean).join(' ');
    out.push(loc('rspec', message || head[1], frame?.[1] ?? null, frame?.[2], null, head[1]));
    i = j - 1;
  }
  return out;
};
