import type { ErrorLocation } from '../types.js';
import { type Extractor, isRepoPath, loc } from './location.js';

/** The tool behind a problem-matcher annotation, from the file's language and the message. */
function annotationTool(file: string, message: string): string {
  if (file.endsWith('.go')) return 'go';
  if (file.endsWith('.rs')) return 'cargo';
  if (/\.(java|kt)$/.test(file)) return 'maven';
  if (/\.[cm]?tsx?$/.test(file) && /\bTS\d+\b/.test(message)) return 'tsc';
  return 'annotation';
}

/** `##[error]` annotations the runner or a problem matcher printed, minus the exit-code notice. */
export const extractAnnotations: Extractor = (lines) => {
  const out: ErrorLocation[] = [];
  for (const l of lines) {
    if (!l.startsWith('##[error]')) continue;
    const message = l.slice('##[error]'.length);
    if (/^Process completed with exit code \d+\.?$/.test(message)) continue;
    const m = /^([\w./-]+\.\w+):(\d+)(?::(\d+))?:?\s*(.*)$/.exec(message);
    if (m?.[1] && isRepoPath(m[1])) out.push(loc(annotationTool(m[1], m[4] ?? ''), m[4] || message, m[1], m[2], m[3]));
    else out.push(loc('annotation', message, null));
  }
  return out;
};

// pip names the requirements file a package came from: `Collecting x==1 (from -r requirements.lock (line 7))`.
const PIP_FROM = /\(from -r ([^\s()]+) \(line (\d+)\)\)/;

/**
 * pip's install errors (`ERROR: …` after pip's `Collecting` lines), placed in the requirements
 * file: the one the error names, else the only one the step installed from. A fallback, before
 * the generic error lines.
 */
export const extractPip: Extractor = (lines) => {
  if (!lines.some((l) => /^Collecting \S/.test(l))) return [];
  const files = new Set<string>();
  for (const l of lines) {
    const m = PIP_FROM.exec(l);
    if (m?.[1]) files.add(m[1]);
  }
  const only = files.size === 1 ? [...files][0] : undefined;
  const out: ErrorLocation[] = [];
  for (const l of lines) {
    const e = /^ERROR: (.{8,})$/.exec(l.trim());
    if (!e?.[1]) continue;
    const at = PIP_FROM.exec(e[1]);
    const file = at?.[1] ?? only ?? null;
    if (file && !isRepoPath(file)) continue;
    out.push(loc('pip', l.trim(), file, at?.[2]));
    if (out.length === 3) break;
  }
  return out;
};
