import { parse as parseToml } from 'smol-toml';
import { parseAllDocuments } from 'yaml';
import { typeScriptSyntaxError } from './typescript-parser.js';

export type SyntaxStatus = 'ok' | 'error' | 'not_checked';

export interface SyntaxResult {
  file: string;
  status: SyntaxStatus;
  /** The parser's message, or why the file was not checked. */
  detail: string;
}

/** A parser the checkout's toolchain provides (python3, node, the project's TypeScript). */
export type ExternalSyntaxCheck = (file: string, language: 'python' | 'javascript') => Promise<SyntaxResult>;

function inProcess(file: string, text: string): SyntaxResult | null {
  try {
    if (/\.json$/.test(file) && !/(^|\/)tsconfig[^/]*\.json$|\.jsonc$/.test(file)) {
      JSON.parse(text);
      return { file, status: 'ok', detail: 'JSON' };
    }
    if (/\.ya?ml$/.test(file)) {
      const bad = parseAllDocuments(text).flatMap((d) => ('errors' in d ? d.errors : []));
      if (bad[0]) return { file, status: 'error', detail: bad[0].message.split('\n')[0] ?? 'invalid YAML' };
      return { file, status: 'ok', detail: 'YAML' };
    }
    if (/\.toml$/.test(file)) {
      parseToml(text);
      return { file, status: 'ok', detail: 'TOML' };
    }
    if (/\.([cm]?ts|tsx|jsx)$/.test(file)) {
      // TypeScript's parser, bundled: a JSX file with two roots fails here whether or not the project installs TypeScript.
      const error = typeScriptSyntaxError(file, text);
      if (error === undefined) return { file, status: 'not_checked', detail: "TypeScript's parser is missing beside the bundle" };
      return error
        ? { file, status: 'error', detail: error }
        : { file, status: 'ok', detail: /x$/.test(file) ? 'TypeScript parser (JSX)' : 'TypeScript parser' };
    }
  } catch (error) {
    return { file, status: 'error', detail: (error as Error).message.split('\n')[0] ?? 'parse error' };
  }
  return null;
}

/**
 * Checks that each changed file still parses. JSON, YAML, TOML, TypeScript and JSX (.ts, .tsx,
 * .jsx, .mts, .cts, with TypeScript's bundled parser) are parsed here; Python and JavaScript by
 * the checkout's own tools. A missing tool is `not_checked`, never `ok`.
 */
export async function checkSyntax(files: { path: string; text: string | null }[], external: ExternalSyntaxCheck): Promise<SyntaxResult[]> {
  const out: SyntaxResult[] = [];
  for (const { path, text } of files) {
    if (text === null) continue; // deleted
    const own = inProcess(path, text);
    if (own) out.push(own);
    else if (/\.py$/.test(path)) out.push(await external(path, 'python'));
    else if (/\.[cm]?js$/.test(path)) out.push(await external(path, 'javascript'));
    else out.push({ file: path, status: 'not_checked', detail: 'no parser for this file type' });
  }
  return out;
}
