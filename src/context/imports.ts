/** `compilerOptions.paths` of a tsconfig.json, with its baseUrl relative to the repository root. */
export interface TsPaths {
  baseUrl: string;
  paths: Record<string, string[]>;
}

function joinPath(base: string, rel: string): string {
  const parts = base ? base.split('/') : [];
  for (const seg of rel.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

/** The files a JS/TS module specifier can name, in the order Node and TypeScript try them. */
function jsChoices(base: string): string[] {
  const stem = base.replace(/\.[cm]?js$/, '');
  return [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.js`, `${stem}.mjs`, `${base}/index.ts`, `${base}/index.js`];
}

/**
 * The repository modules a source file imports, each as the paths to try in order: relative
 * JS/TS imports and `tsconfig` path aliases (`@/lib/x`), Python absolute and relative imports.
 */
export function importedCandidates(file: string, text: string, tsPaths: TsPaths | null = null): string[][] {
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  const out: string[][] = [];
  if (/\.[cm]?[jt]sx?$/.test(file)) {
    for (const m of text.matchAll(/(?:from\s+|require\(\s*|import\(\s*|import\s+)['"]([^'"]+)['"]/g)) {
      const spec = m[1] ?? '';
      if (spec.startsWith('./') || spec.startsWith('../')) {
        out.push(jsChoices(joinPath(dir, spec)));
        continue;
      }
      for (const [pattern, targets] of Object.entries(tsPaths?.paths ?? {})) {
        const star = pattern.indexOf('*');
        const prefix = star >= 0 ? pattern.slice(0, star) : pattern;
        const suffix = star >= 0 ? pattern.slice(star + 1) : '';
        const matches = star >= 0 ? spec.startsWith(prefix) && spec.endsWith(suffix) && spec.length >= prefix.length + suffix.length : spec === pattern;
        if (!matches) continue;
        const middle = star >= 0 ? spec.slice(prefix.length, spec.length - suffix.length) : '';
        out.push(targets.flatMap((t) => jsChoices(joinPath(tsPaths?.baseUrl ?? '', t.replace('*', middle)))));
        break;
      }
    }
  } else if (file.endsWith('.py')) {
    for (const m of text.matchAll(/^\s*(?:from\s+(\.*[\w.]*)\s+import\s+([\w, ]+)|import\s+([\w.]+))/gm)) {
      const mod = m[1] ?? m[3] ?? '';
      const dots = /^\.*/.exec(mod)?.[0].length ?? 0;
      let base = mod.slice(dots).replace(/\./g, '/');
      if (dots > 0)
        base = joinPath(
          dir
            .split('/')
            .slice(0, dir.split('/').length - (dots - 1))
            .join('/'),
          base,
        );
      if (!base) continue;
      out.push([`${base}.py`, `${base}/__init__.py`, `src/${base}.py`]);
    }
  }
  return out;
}
