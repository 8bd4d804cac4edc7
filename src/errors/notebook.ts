import type { ErrorLocation } from '../types.js';
import { type Extractor, isRepoPath, loc } from './location.js';

const EXCEPTION_LINE = /^([A-Za-z_][\w.]*(?:Error|Exception)): ?(.*)$/;

/**
 * Notebook tests. nbval (a pytest plugin): `____ path.ipynb::Cell N ____` sections. papermill:
 * `PapermillExecutionError` with `Exception encountered at "In [N]"` and the cell's exception;
 * the notebook is named by papermill's "Input Notebook:" line.
 */
export const extractNotebooks: Extractor = (lines) => {
  const out: ErrorLocation[] = [];
  for (let i = 0; i < lines.length; i++) {
    const nb = /^_{3,} (\S+\.ipynb)::(Cell \d+) _{3,}$/.exec(lines[i] ?? '');
    if (!nb?.[1]) continue;
    const body: string[] = [];
    for (let j = i + 1; j < lines.length && !/^_{3,} |^={3,}/.test(lines[j] ?? ''); j++) body.push((lines[j] ?? '').trim());
    const message = body.find((l) => EXCEPTION_LINE.test(l)) ?? body.find((l) => /differ|failed|Error/.test(l)) ?? 'notebook cell failed';
    out.push(loc('nbval', `${nb[2]}: ${message}`, nb[1], null, null, `${nb[1]}::${nb[2]}`));
  }
  const papermill = lines.findIndex((l) => /PapermillExecutionError/.test(l));
  if (papermill >= 0) {
    const input = lines.map((l) => /Input Notebook:\s+(\S+\.ipynb)/.exec(l)?.[1]).find(Boolean) ?? null;
    const cell = lines
      .slice(papermill)
      .map((l) => /Exception encountered at "In \[(\d+)\]"/.exec(l)?.[1])
      .find(Boolean);
    const exception = lines
      .slice(papermill)
      .map((l) => l.trim())
      .filter((l) => EXCEPTION_LINE.test(l) && !/PapermillExecutionError/.test(l))
      .at(-1);
    out.push(
      loc(
        'papermill',
        `${cell ? `Cell In[${cell}]: ` : ''}${exception ?? 'notebook execution failed'}`,
        input && isRepoPath(input) ? input : null,
        null,
        null,
        cell ? `In [${cell}]` : undefined,
      ),
    );
  }
  return out;
};
