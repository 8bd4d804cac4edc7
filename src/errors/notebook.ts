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
  out.push(...extractNbclient(lines));
  return out;
};

/**
 * nbclient's `CellExecutionError` (a notebook run by `NotebookClient(...).execute()`, often in a
 * pytest test parametrized over the notebooks): the cell's traceback follows, as IPython prints it
 * (`Cell In [2], line 2, in f`), and ends with the exception. The notebook is the test's parameter
 * id when it names an .ipynb file.
 */
function extractNbclient(lines: readonly string[]): ErrorLocation[] {
  const out: ErrorLocation[] = [];
  const strip = (l: string) => l.replace(/^E {2,}/, '').trim();
  for (let i = 0; i < lines.length; i++) {
    if (!/CellExecutionError: An error occurred while executing the following cell/.test(lines[i] ?? '')) continue;
    let cell: { n: string; line: string } | null = null;
    let exception: string | null = null;
    let j = i + 1;
    for (; j < lines.length && j < i + 400; j++) {
      const l = strip(lines[j] ?? '');
      if (/CellExecutionError/.test(l) || /^_{3,} .* _{3,}$/.test(l) || /^[=]{3,}/.test(l)) break;
      const c = /^Cell In ?\[(\d+)\], line (\d+)/.exec(l);
      if (c?.[1] && c[2]) cell = { n: c[1], line: c[2] };
      if (EXCEPTION_LINE.test(l)) exception = l;
    }
    let notebook: string | null = null;
    for (let k = i; k >= 0 && k > i - 400 && !notebook; k--) notebook = /\[([^\]\s]+\.ipynb)\]/.exec(lines[k] ?? '')?.[1] ?? null;
    if (!notebook) notebook = lines.map((l) => /\[([^\]\s]+\.ipynb)\]/.exec(l)?.[1]).find(Boolean) ?? null;
    const where = cell ? `Cell In [${cell.n}], line ${cell.line}: ` : '';
    out.push(loc('nbclient', `${where}${exception ?? 'a notebook cell raised'}`, notebook && isRepoPath(notebook) ? notebook : null, null, null));
    i = j - 1;
  }
  return out;
}
