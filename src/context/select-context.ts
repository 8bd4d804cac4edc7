import type { FindDefinitions, SearchFiles } from '../ports.js';
import type { Context, ContextSection, Failure, RecentChange } from '../types.js';
import { enclosingBlock } from './enclosing-block.js';
import { importedCandidates, type TsPaths } from './imports.js';
import { findRegistryPlaces, odooReach } from './odoo-registry.js';
import { countTokens } from './tokens.js';

export { importedCandidates } from './imports.js';

export const CONTEXT_RADIUS_LINES = 20;
/** Lines kept around an error inside its enclosing function, and the largest function shown whole. */
const NEAR_LINES = 5;
const MAX_BLOCK_LINES = 80;
export const MAX_CONTEXT_FILES = 8;
export const MAX_IMPORTED_LINES = 120;
const MAX_CHANGE_LINES = 60;

/** Missing modules and packages: the manifest that declares dependencies is part of the fix. */
const DEPENDENCY_ERROR =
  /ModuleNotFoundError|No module named|ImportError|Cannot find (?:module|package)|ERR_MODULE_NOT_FOUND|cannot find package|unresolved import|could not resolve dependencies|package .* is not in (?:GOROOT|std)/i;
const MANIFESTS = ['requirements.txt', 'requirements-dev.txt', 'requirements/base.txt', 'pyproject.toml', 'setup.cfg', 'package.json', 'go.mod', 'Cargo.toml'];

/** A piece of the repository the model may need, before packing. Lower priority goes first. */
interface Candidate {
  file: string;
  start: number;
  end: number;
  /** The line the piece is about: what a piece shrunk to fit keeps. */
  focus: number | null;
  reason: string;
  priority: number;
}

function lineRange(lines: readonly string[], line: number | null, file: string): { start: number; end: number } {
  const at = Math.min(Math.max(line ?? 1, 1), Math.max(lines.length, 1));
  const near = { start: Math.max(1, at - NEAR_LINES), end: Math.min(lines.length, at + NEAR_LINES) };
  const block = line ? enclosingBlock(lines, at, file) : null;
  if (block && block.end - block.start + 1 <= MAX_BLOCK_LINES) {
    return { start: Math.min(block.start, near.start), end: Math.max(block.end, near.end) };
  }
  return { start: Math.max(1, at - CONTEXT_RADIUS_LINES), end: Math.min(lines.length, at + CONTEXT_RADIUS_LINES) };
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** The odoo addon (the folder holding `__manifest__.py`) an error file belongs to. */
async function addonManifest(file: string, readFile: (p: string) => Promise<string | null>): Promise<string | null> {
  const parts = file.split('/');
  for (let n = parts.length - 1; n > 0; n--) {
    const candidate = [...parts.slice(0, n), '__manifest__.py'].join('/');
    if ((await readFile(candidate)) !== null) return candidate;
  }
  return null;
}

/** `compilerOptions.paths` of the repository's tsconfig.json, for `@/x`-style imports. */
async function tsPaths(readFile: (p: string) => Promise<string | null>): Promise<TsPaths | null> {
  const text = await readFile('tsconfig.json');
  if (!text) return null;
  try {
    // tsconfig allows comments and trailing commas.
    const json = JSON.parse(text.replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '').replace(/,(\s*[}\]])/g, '$1')) as {
      compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> };
    };
    const paths = json.compilerOptions?.paths;
    return paths ? { baseUrl: (json.compilerOptions?.baseUrl ?? '.').replace(/^\.\/?/, ''), paths } : null;
  } catch {
    return null;
  }
}

/** The hunks of a recent change, capped, as the prompt shows them. */
function cappedPatch(patch: string): string {
  const lines = patch.split('\n');
  return lines.length <= MAX_CHANGE_LINES ? patch : `${lines.slice(0, MAX_CHANGE_LINES).join('\n')}\n… (${lines.length - MAX_CHANGE_LINES} more lines)`;
}

// Names that are called everywhere and defined by the language or its test tools, not the repository.
const NOT_DEFINITIONS = new Set(
  'if for while switch catch return function def class print len range str int float bool dict list set tuple isinstance super self this typeof require import expect describe it test beforeEach afterEach beforeAll afterAll console log map filter reduce forEach push join split keys values items get append format open main'.split(
    ' ',
  ),
);

/** The functions, methods and classes a piece of code calls or constructs, in order, once each. */
export function calledNames(code: string): string[] {
  const names: string[] = [];
  const definedHere = new Set([...code.matchAll(/\b(?:def|function|class)\s+([A-Za-z_$][\w$]*)/g)].map((m) => m[1]));
  for (const m of code.matchAll(/(?:\bnew\s+([A-Z][\w$]*)|([A-Za-z_$][\w$]*)\s*\()/g)) {
    const name = m[1] ?? m[2] ?? '';
    if (name.length < 3 || NOT_DEFINITIONS.has(name) || definedHere.has(name) || /^(?:assert|to[A-Z])/.test(name) || names.includes(name)) continue;
    names.push(name);
  }
  return names;
}

/** A path-looking token of a command or test id: `tests/test_a.py::test_b`, `test/sum.test.js`. */
const TEST_PATH = /(?:^|[\s'"=])((?:\.\/)?[\w@.+-]+(?:\/[\w@.+-]+)*\.(?:py|[cm]?[jt]sx?|go|rb|php|java|kt|rs|ipynb))(?:::[^\s'"]*)?(?=$|[\s'"])/g;

/** Files the failing command and the failed tests' ids name: the tests, when no error names them. */
export function testFilesOf(failure: Failure): string[] {
  const out: string[] = [];
  const texts = [failure.testCommand ?? '', failure.narrowCommand ?? '', ...failure.errors.map((e) => e.test ?? '')];
  for (const text of texts) {
    for (const m of text.matchAll(TEST_PATH)) {
      const file = (m[1] ?? '').replace(/^\.\//, '');
      if (file && !out.includes(file)) out.push(file);
    }
  }
  return out;
}

/** Packages that `Cannot find module 'x'` (or `@scope/x`) names: not relative paths, not Node's own. */
function missingJsPackages(failure: Failure): string[] {
  const names = new Set<string>();
  for (const e of failure.errors) {
    for (const m of e.message.matchAll(/Cannot find (?:module|package) ['"]((?:@[\w.-]+\/)?[\w.-]+)(?:\/[^'"]*)?['"]/g)) {
      if (m[1] && !m[1].startsWith('.') && !m[1].startsWith('node:')) names.add(m[1]);
    }
  }
  return [...names];
}

/** Whether a lockfile line starts `name`'s entry: package-lock's `"node_modules/x": {`, yarn's `x@…:`, pnpm's `/x@…:` or `x@…:`. */
function lockfileEntry(line: string, name: string): boolean {
  const t = line.trim();
  return t.startsWith(`"node_modules/${name}"`) || new RegExp(`^"?/?${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}@`).test(t);
}

/**
 * Failure → Context. Candidates, by priority: the code around each error (widened to its
 * enclosing function or class), what changed since the last green run in the files involved,
 * the dependency manifest for missing-module errors, the other repository frames of each
 * traceback, then the modules the failing files import. They are packed into `maxTokens`
 * (counted with a real tokenizer) whole lines at a time: a piece that does not fit is shrunk
 * around its focus line, or left out and named in `omitted`. Overlapping pieces of a file merge.
 */
export async function selectContext(
  failure: Failure,
  readFile: (path: string) => Promise<string | null>,
  maxTokens = 6000,
  extras: { changes?: readonly RecentChange[]; findDefinitions?: FindDefinitions; searchFiles?: SearchFiles } = {},
): Promise<Context> {
  const omitted: string[] = [];
  const files = new Map<string, string[] | null>();
  const load = async (file: string) => {
    if (!files.has(file)) {
      const text = await readFile(file);
      files.set(file, text === null ? null : splitLines(text));
    }
    return files.get(file) ?? null;
  };
  const candidates: Candidate[] = [];
  /** Adds the definitions the `callers`' lines call (at most 3 places a name); returns the new candidates. */
  const addDefinitions = async (callers: readonly Candidate[], priority: number, find: FindDefinitions): Promise<Candidate[]> => {
    const wanted = new Map<string, string>();
    for (const c of callers) {
      const lines = files.get(c.file)?.slice(c.start - 1, c.end) ?? [];
      for (const name of calledNames(lines.join('\n'))) if (!wanted.has(name) && wanted.size < 40) wanted.set(name, c.file);
    }
    if (wanted.size === 0) return [];
    const found = await find([...wanted.keys()]);
    const added: Candidate[] = [];
    for (const [name, caller] of wanted) {
      const places = found.filter((d) => d.name === name);
      // A name defined in many places (`get`, `run`) says nothing about which one runs.
      if (places.length === 0 || places.length > 3) continue;
      for (const d of places) {
        const shown = candidates.some((c) => c.file === d.file && d.line >= c.start && d.line <= c.end);
        if (shown) continue;
        const before = candidates.length;
        await add(d.file, d.line, `definition of \`${name}\`, called from ${caller}`, priority + added.length);
        const c = candidates[before];
        if (c) added.push(c);
      }
    }
    return added;
  };
  const add = async (file: string, line: number | null, reason: string, priority: number, whole = false) => {
    const lines = await load(file);
    if (!lines) return false;
    if (lines.length === 0) return true;
    // A file named without a line (a notebook, a manifest, a module) is shown whole, up to a cap.
    const range = whole || line === null ? { start: 1, end: Math.min(lines.length, MAX_IMPORTED_LINES) } : lineRange(lines, line, file);
    candidates.push({ file, ...range, focus: line, reason, priority });
    return true;
  };

  // 1. Each error, in the order the extractor ranked them.
  const errorFiles: string[] = [];
  for (const [i, e] of failure.errors.entries()) {
    if (!e.file) continue;
    if (!errorFiles.includes(e.file)) {
      if (errorFiles.length >= MAX_CONTEXT_FILES) {
        omitted.push(`${e.file}: more than ${MAX_CONTEXT_FILES} files`);
        continue;
      }
      errorFiles.push(e.file);
    }
    const found = await add(e.file, e.line, `${e.tool} error at line ${e.line ?? '?'}: ${e.message.split('\n')[0]?.slice(0, 120)}`, i);
    if (!found) omitted.push(`${e.file}: not in the repository`);
  }

  // 1b. Never empty: the failing tests' files, from the test ids and the failing command, and the
  //     code they import (step 6) are candidates even when no error carried a repository file.
  for (const file of testFilesOf(failure)) {
    if (errorFiles.includes(file) || errorFiles.length >= MAX_CONTEXT_FILES) continue;
    if (await add(file, null, 'the failing test file (named by the failing command or test id)', 50, true)) errorFiles.push(file);
  }

  // 1c. Symbols: the definitions the failing code calls, wherever they are in the repository
  //     (a whole function, not an imported file's first lines), then, further down the budget,
  //     what those call in turn.
  if (extras.findDefinitions) {
    const find = extras.findDefinitions;
    const callers = candidates.filter((c) => c.priority < 100);
    const hop1 = await addDefinitions(callers, 60, find);
    await addDefinitions(hop1, 320, find);
  }

  // 1d. Odoo: what the failing code reaches through the registry, not an import: the model
  //     classes (and the addons that extend them), the XML records, an access error's rows.
  if (extras.searchFiles) {
    const code = candidates.filter((c) => c.priority < 100).map((c) => (files.get(c.file) ?? []).slice(c.start - 1, c.end).join('\n'));
    const reach = odooReach(failure, code);
    if (reach.models.length + reach.xmlIds.length + reach.access.length > 0) {
      for (const place of await findRegistryPlaces(reach, extras.searchFiles)) {
        if (candidates.some((c) => c.file === place.file && place.line >= c.start && place.line <= c.end)) continue;
        await add(place.file, place.line, place.reason, place.kind === 'model' ? 70 : place.kind === 'record' ? 80 : 210);
        // An access error: the addon's manifest too, whose `data` loads (or forgets) the security file.
        const manifest = place.kind === 'access' ? await addonManifest(place.file, readFile) : null;
        if (manifest && !candidates.some((c) => c.file === manifest))
          await add(manifest, null, "the addon's manifest (its `data` loads the access rights)", 215, true);
      }
    }
  }

  // 2. What changed since the last green run, in the files involved first.
  const changes: Context['changes'] = [];
  const involved = new Set([...errorFiles, ...failure.errors.flatMap((e) => (e.frames ?? []).map((f) => f.file))]);
  const changed = [...(extras.changes ?? [])].filter((c) => c.patch).sort((a, b) => Number(involved.has(b.file)) - Number(involved.has(a.file)));

  // 3. The manifest, for a missing module or package.
  const manifests: string[] = [];
  if (failure.errors.some((e) => DEPENDENCY_ERROR.test(e.message))) {
    for (const m of MANIFESTS) if ((await load(m)) !== null) manifests.push(m);
    for (const f of errorFiles) {
      const addon = await addonManifest(f, readFile);
      if (addon && !manifests.includes(addon)) manifests.push(addon);
    }
    for (const m of manifests) await add(m, null, 'declares the dependencies (a module is missing)', 200, true);
    // A JavaScript package that cannot be found: its lines in the lockfile too.
    for (const name of missingJsPackages(failure)) {
      for (const lockfile of ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml']) {
        const lines = await load(lockfile);
        const at = lines?.findIndex((l) => lockfileEntry(l, name)) ?? -1;
        if (lines && at >= 0) {
          candidates.push({
            file: lockfile,
            start: at + 1,
            end: Math.min(lines.length, at + 6),
            focus: at + 1,
            reason: `the lockfile's entry for \`${name}\``,
            priority: 210,
          });
          break;
        }
      }
    }
  }

  // 4. The rest of each traceback or stack, in the repository.
  for (const e of failure.errors) {
    for (const f of e.frames ?? []) await add(f.file, f.line, `in the traceback of ${e.file ?? 'the error'}:${e.line ?? '?'}`, 300);
  }

  // 5. pytest fixtures: the conftest.py files beside a failing Python test and above it.
  const conftests: string[] = [];
  for (const f of errorFiles.filter((x) => x.endsWith('.py'))) {
    const parts = f.split('/');
    for (let n = parts.length - 1; n >= 0; n--) {
      const candidate = [...parts.slice(0, n), 'conftest.py'].join('/');
      if (!conftests.includes(candidate) && (await load(candidate)) !== null) conftests.push(candidate);
    }
  }
  for (const c of conftests) await add(c, null, 'pytest fixtures of the failing test', 350, true);

  // 6. The code under test: what the failing files (and their frames, and fixtures) import from
  //    the repository, and what those import in turn (a bug is often one module further).
  const paths = await tsPaths(readFile);
  const shownWhole = new Set([...manifests, ...conftests]);
  let importers = [...new Set([...errorFiles, ...involved, ...conftests])];
  for (const [depth, priority] of [
    [1, 400],
    [2, 500],
  ] as const) {
    const next: string[] = [];
    for (const file of importers) {
      const lines = await load(file);
      if (!lines) continue;
      for (const choices of importedCandidates(file, lines.join('\n'), paths)) {
        for (const candidate of choices) {
          if (candidate === file || shownWhole.has(candidate) || importers.includes(candidate)) break;
          if (await add(candidate, null, depth === 1 ? `imported by ${file}` : `imported by ${file} (two imports away)`, priority, true)) {
            shownWhole.add(candidate);
            next.push(candidate);
            break;
          }
        }
      }
    }
    importers = next;
  }

  // Pack by priority. A file's pieces merge; each piece costs only its lines not yet taken.
  candidates.sort((a, b) => a.priority - b.priority);
  const taken = new Map<string, Set<number>>();
  const reasons = new Map<string, { line: number; reason: string }[]>();
  let tokens = 0;
  const newLines = (file: string, start: number, end: number) => {
    const have = taken.get(file) ?? new Set<number>();
    const out: number[] = [];
    for (let n = start; n <= end; n++) if (!have.has(n)) out.push(n);
    return out;
  };
  const cost = (file: string, numbers: number[]) => {
    const lines = files.get(file) ?? [];
    return countTokens(numbers.map((n) => lines[n - 1] ?? '').join('\n'));
  };
  const take = (file: string, numbers: number[], reason: string) => {
    const have = taken.get(file) ?? new Set<number>();
    for (const n of numbers) have.add(n);
    taken.set(file, have);
    const list = reasons.get(file) ?? [];
    list.push({ line: numbers[0] ?? 1, reason });
    reasons.set(file, list);
  };
  const packChange = (c: RecentChange) => {
    const text = cappedPatch(c.patch);
    const t = countTokens(text);
    if (tokens + t > maxTokens) omitted.push(`${c.file}: its change since the last green run, over the ${maxTokens}-token budget`);
    else {
      tokens += t;
      changes.push({
        file: c.file,
        text,
        reason: involved.has(c.file) ? 'changed since the last green run, and in the failure' : 'changed since the last green run',
      });
    }
  };
  let changesPacked = false;
  for (const c of candidates) {
    // The recent changes of involved files go right after the error windows.
    if (!changesPacked && c.priority >= 100) {
      for (const ch of changed.slice(0, MAX_CONTEXT_FILES)) packChange(ch);
      changesPacked = true;
    }
    let numbers = newLines(c.file, c.start, c.end);
    if (numbers.length === 0) continue;
    let t = cost(c.file, numbers);
    if (tokens + t > maxTokens && c.focus !== null) {
      // Shrink around the focus line: ±radius, then ±near.
      for (const radius of [CONTEXT_RADIUS_LINES, NEAR_LINES]) {
        numbers = newLines(c.file, Math.max(c.start, c.focus - radius), Math.min(c.end, c.focus + radius));
        t = cost(c.file, numbers);
        if (tokens + t <= maxTokens) break;
      }
    }
    if (numbers.length === 0) continue;
    if (tokens + t > maxTokens) {
      omitted.push(`${c.file}:${c.start}-${c.end} (${c.reason.split(':')[0]}): over the ${maxTokens}-token budget`);
      continue;
    }
    tokens += t;
    take(c.file, numbers, c.reason);
  }
  if (!changesPacked) for (const ch of changed.slice(0, MAX_CONTEXT_FILES)) packChange(ch);
  for (const ch of changed.slice(MAX_CONTEXT_FILES)) omitted.push(`${ch.file}: changed since the last green run, more than ${MAX_CONTEXT_FILES} files`);

  // Runs of taken lines become sections, files in the order they were first taken.
  const sections: ContextSection[] = [];
  for (const [file, have] of taken) {
    const lines = files.get(file) ?? [];
    const sorted = [...have].sort((a, b) => a - b);
    let start = sorted[0] ?? 1;
    for (let i = 0; i < sorted.length; i++) {
      const n = sorted[i] as number;
      const next = sorted[i + 1];
      if (next === n + 1) continue;
      const why = (reasons.get(file) ?? [])
        .filter((r) => r.line >= start && r.line <= n)
        .map((r) => r.reason)
        .filter((r, k, all) => all.indexOf(r) === k);
      sections.push({ file, startLine: start, endLine: n, reason: why.join('; ') || 'context', text: lines.slice(start - 1, n).join('\n') });
      if (next !== undefined) start = next;
    }
  }
  return { sections, changes, tokens, omitted };
}
