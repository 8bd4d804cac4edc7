/**
 * The function or class around a line, as 1-based inclusive line numbers, or null at module
 * level. Python (and other indentation languages) by indentation; C-like languages by braces,
 * ignoring braces inside strings and line comments. A heuristic for choosing context, not a parser.
 */
export function enclosingBlock(lines: readonly string[], line: number, file: string): { start: number; end: number } | null {
  if (/\.(py|pyi)$/.test(file)) return pythonBlock(lines, line);
  if (/\.([cm]?[jt]sx?|java|kt|go|rs|cs|c|cc|cpp|h|hpp|php|swift|scala|dart)$/.test(file)) return braceBlock(lines, line);
  return null;
}

const indentOf = (l: string) => /^[ \t]*/.exec(l)?.[0].replace(/\t/g, '    ').length ?? 0;

function pythonBlock(lines: readonly string[], line: number): { start: number; end: number } | null {
  const at = line - 1;
  let indent = indentOf(lines[at] ?? '');
  if (!(lines[at] ?? '').trim()) indent = Number.POSITIVE_INFINITY;
  // The nearest def/class above with less indentation (or the line itself when it is one).
  let start = -1;
  for (let i = at; i >= 0; i--) {
    const l = lines[i] ?? '';
    if (!l.trim()) continue;
    const own = indentOf(l);
    if (/^\s*(async\s+def|def|class)\s/.test(l) && (own < indent || i === at)) {
      start = i;
      break;
    }
    if (own < indent) indent = own;
    if (own === 0 && i !== at) return null;
  }
  if (start < 0) return null;
  const headIndent = indentOf(lines[start] ?? '');
  let end = start;
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (!l.trim()) continue;
    if (indentOf(l) <= headIndent && !/^\s*[)\]}]/.test(l)) break;
    end = i;
  }
  // Decorators belong to it.
  while (start > 0 && /^\s*@/.test(lines[start - 1] ?? '')) start--;
  return { start: start + 1, end: end + 1 };
}

/** Braces of a line outside strings and `//` comments. */
function braces(l: string): string {
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < l.length; i++) {
    const c = l[i] as string;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '/' && l[i + 1] === '/') break;
    else if (c === '{' || c === '}') out += c;
  }
  return out;
}

function braceBlock(lines: readonly string[], line: number): { start: number; end: number } | null {
  // Walk up to the innermost unmatched `{` whose line reads like a function, method or class.
  let depth = 0;
  for (let i = line - 1; i >= 0; i--) {
    const b = braces(lines[i] ?? '');
    for (let k = b.length - 1; k >= 0; k--) {
      if (b[k] === '}') depth++;
      else if (depth > 0) depth--;
      else {
        const head = lines[i] ?? '';
        if (/^\s*(\}\s*)?(if|else|for|while|switch|try|catch|finally|do)\b/.test(head)) continue;
        const isDeclaration =
          /\b(function|class|interface|func|fn|def|impl)\b|=>\s*\{|\)\s*(:\s*[^={]+)?\{\s*$|^\s*(public|private|protected|static|async|export)\b/.test(head);
        if (!isDeclaration) continue;
        // Its closing brace.
        let d = 0;
        for (let j = i; j < lines.length; j++) {
          for (const c of braces(lines[j] ?? '')) d += c === '{' ? 1 : -1;
          if (d <= 0 && j > i) return { start: i + 1, end: j + 1 };
        }
        return null;
      }
    }
  }
  return null;
}
