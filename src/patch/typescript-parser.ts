import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** TypeScript's compiler, as the build copies it into dist/ (one copy, for the action and the CLI). */
export const TYPESCRIPT_FILE = 'typescript.cjs';

type Ts = typeof import('typescript');
let ts: Ts | null | undefined;

/**
 * TypeScript's own parser, loaded on first use: 9 MB that a run touching no TypeScript or JSX
 * never compiles. Beside the bundle in dist/ (or one folder up, for dist/cli/), else the package
 * (tests run the sources). Module loading only: no file of the repository is read here.
 */
function loadTypeScript(): Ts | null {
  if (ts !== undefined) return ts;
  const req = createRequire(import.meta.url);
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, TYPESCRIPT_FILE), join(here, '..', TYPESCRIPT_FILE), ['typescript'].join('')]) {
    try {
      ts = req(req.resolve(candidate)) as Ts;
      return ts;
    } catch {
      // next candidate
    }
  }
  ts = null;
  return ts;
}

/**
 * The first syntax error TypeScript's parser finds in `text` ("line N: message"), null when it
 * parses, or undefined when the parser is not available. `.tsx` and `.jsx` are parsed with JSX;
 * `.ts`, `.mts` and `.cts` without. Syntax only: no types, no imports followed.
 */
export function typeScriptSyntaxError(file: string, text: string): string | null | undefined {
  const t = loadTypeScript();
  if (!t) return undefined;
  const kind = /\.tsx$/.test(file) ? t.ScriptKind.TSX : /\.jsx$/.test(file) ? t.ScriptKind.JSX : t.ScriptKind.TS;
  const source = t.createSourceFile(file, text, t.ScriptTarget.Latest, false, kind);
  const first = (source as unknown as { parseDiagnostics?: import('typescript').Diagnostic[] }).parseDiagnostics?.[0];
  if (!first) return null;
  const { line } = source.getLineAndCharacterOfPosition(first.start ?? 0);
  return `line ${line + 1}: ${t.flattenDiagnosticMessageText(first.messageText, ' ')}`;
}
