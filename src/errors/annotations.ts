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
