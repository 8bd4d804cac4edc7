import parseDiff from 'parse-diff';
import { diffPath } from './check-policy.js';

/**
 * Patch repair: apply what the model meant, exactly, or refuse with a reason.
 *
 * Models write diffs with wrong hunk headers, drifted indentation, tabs for spaces, CRLF,
 * missing prefixes, prose around them and "rest unchanged" elisions. Each hunk is located by
 * its context and removed lines in the real file (exact, then ignoring trailing whitespace,
 * then ignoring indentation); the header's line number only breaks ties. Anything ambiguous or
 * unmatched refuses the whole patch. The result is a canonical unified diff of the real lines.
 */

export interface RepairedFile {
  oldPath: string | null;
  newPath: string | null;
  before: string | null;
  after: string | null;
}

export type RepairResult = { ok: true; patch: string; files: RepairedFile[]; notes: string[] } | { ok: false; reason: string };

type ReadFile = (path: string) => Promise<string | null>;

const TAB_WIDTH = 4;
const TIE_WINDOW_LINES = 3;
// "// ... rest unchanged", "# ... existing code ...", "...": a model's elision, never real context.
const ELISION =
  /^\s*(?:(?:\/\/|#|\/\*|<!--|--|;)\s*)?(?:\.\.\.|…)\s*(?:(?:rest|existing|remaining|unchanged|other|more|code|of|the|file|function|class|method|omitted|lines|here|as|before|same|\(|\)|,)\s*)*(?:\.\.\.|…)?\s*(?:\*\/|-->)?\s*$/i;

/**
 * Keeps only diff text: drops prose, fences and separators; splits hunks at elisions; recounts
 * headers. `truncated` names the last hunk when the answer was cut inside it: its header
 * promised more lines than it has, and it ends on a change rather than on context.
 */
export function normalizeDiffText(raw: string): { text: string; truncated: string | null } {
  const lines = raw.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let inHunk = false;
  let body: string[] = [];
  let header = '';
  let truncated: string | null = null;
  let hunkCount = 0;
  const flushHunk = () => {
    if (!header) return;
    while (body.length > 0 && body.at(-1) === '') body.pop();
    hunkCount++;
    const counts = /^@@ -\d+,(\d+) \+\d+,(\d+) @@/.exec(header);
    const oldHave = body.filter((l) => l[0] !== '+' && l[0] !== '\\').length;
    const newHave = body.filter((l) => l[0] !== '-' && l[0] !== '\\').length;
    const endsOnChange = /^[+-]/.test(body.at(-1) ?? '');
    truncated = counts && endsOnChange && (oldHave < Number(counts[1]) || newHave < Number(counts[2])) ? `hunk ${hunkCount}` : null;
    // Split at elisions: each piece becomes a hunk of its own.
    const pieces: string[][] = [[]];
    for (const l of body) {
      if (l.length > 0 && (l[0] === ' ' || !/^[+\-\\]/.test(l)) && ELISION.test(l.slice(l[0] === ' ' ? 1 : 0)) && !/^\s*$/.test(l)) pieces.push([]);
      else pieces.at(-1)?.push(l === '' ? ' ' : l);
    }
    for (const piece of pieces) {
      if (!piece.some((l) => l[0] === '+' || l[0] === '-')) continue;
      const oldCount = piece.filter((l) => l[0] === ' ' || l[0] === '-').length;
      const newCount = piece.filter((l) => l[0] === ' ' || l[0] === '+').length;
      const start = /^@@ -(\d+)/.exec(header)?.[1] ?? '1';
      out.push(`@@ -${start},${oldCount} +${start},${newCount} @@`, ...piece);
    }
    header = '';
    body = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    const isFileHeader = (l.startsWith('--- ') && (lines[i + 1] ?? '').startsWith('+++ ')) || l.startsWith('diff --git ');
    if (isFileHeader) {
      flushHunk();
      inHunk = false;
      if (l.startsWith('--- ')) {
        out.push(fixPrefix(l, '--- ', 'a/'), fixPrefix(lines[i + 1] ?? '', '+++ ', 'b/'));
        i++;
      } else out.push(l);
      continue;
    }
    if (/^@@ /.test(l) || l === '@@') {
      flushHunk();
      inHunk = true;
      header = l;
      continue;
    }
    if (inHunk) {
      if (/^```|^~~~/.test(l)) {
        flushHunk();
        inHunk = false;
      } else body.push(l);
      continue;
    }
    if (/^(new|deleted) file mode \d+$|^(rename|copy) (from|to) |^similarity index |^index [0-9a-f]+\.\.[0-9a-f]+/.test(l) && out.length > 0) out.push(l);
  }
  flushHunk();
  return { text: out.length > 0 ? `${out.join('\n')}\n` : '', truncated };
}

function fixPrefix(line: string, marker: string, prefix: string): string {
  const path = line.slice(marker.length).replace(/\t.*$/, '').trim();
  if (path === '/dev/null' || path.startsWith(prefix)) return `${marker}${path}`;
  return `${marker}${prefix}${path}`;
}

interface FileText {
  lines: string[];
  eol: '\n' | '\r\n';
  finalNewline: boolean;
  usesTabs: boolean;
  hasTabIndent: boolean;
  hasSpaceIndent: boolean;
}

function splitFile(text: string): FileText {
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const finalNewline = text.endsWith('\n');
  const lines = text.length === 0 ? [] : text.split(/\r?\n/);
  if (finalNewline) lines.pop();
  const tabbed = lines.filter((l) => l.startsWith('\t')).length;
  const spaced = lines.filter((l) => l.startsWith('  ')).length;
  return { lines, eol, finalNewline, usesTabs: tabbed > spaced, hasTabIndent: tabbed > 0, hasSpaceIndent: lines.some((l) => /^ {2,}\S/.test(l)) };
}

function indentWidth(line: string): number {
  let w = 0;
  for (const ch of line) {
    if (ch === ' ') w++;
    else if (ch === '\t') w += TAB_WIDTH - (w % TAB_WIDTH);
    else break;
  }
  return w;
}

function renderIndent(width: number, usesTabs: boolean): string {
  if (width <= 0) return '';
  return usesTabs ? '\t'.repeat(Math.floor(width / TAB_WIDTH)) + ' '.repeat(width % TAB_WIDTH) : ' '.repeat(width);
}

type Level = 'exact' | 'trailing-whitespace' | 'indentation';
const LEVELS: { level: Level; same: (a: string, b: string) => boolean }[] = [
  { level: 'exact', same: (a, b) => a === b },
  { level: 'trailing-whitespace', same: (a, b) => a.trimEnd() === b.trimEnd() },
  { level: 'indentation', same: (a, b) => a.trim() === b.trim() },
];

interface Hunk {
  index: number;
  headerStart: number;
  kinds: ('ctx' | 'del' | 'add')[];
  texts: string[];
  addNoNewline: boolean;
  delNoNewline: boolean;
}

interface Located {
  hunk: Hunk;
  pos: number;
  level: Level;
}

function locate(hunk: Hunk, file: FileText): Located | string {
  const old = hunk.texts.filter((_, i) => hunk.kinds[i] !== 'add');
  if (old.length === 0) {
    if (file.lines.length === 0) return { hunk, pos: 0, level: 'exact' };
    return `hunk ${hunk.index} adds lines with no context or removed lines to place them by`;
  }
  for (const { level, same } of LEVELS) {
    const found: number[] = [];
    for (let p = 0; p + old.length <= file.lines.length; p++) {
      let ok = true;
      for (let k = 0; k < old.length && ok; k++) ok = same(file.lines[p + k] ?? '', old[k] ?? '');
      // Blank-only context matches anywhere: it cannot place a hunk on its own.
      if (ok) found.push(p);
    }
    if (found.length === 0) continue;
    if (old.every((l) => l.trim() === '')) return `hunk ${hunk.index} has only blank context and removed lines, which match ${found.length} places`;
    if (found.length === 1) return { hunk, pos: found[0] ?? 0, level };
    const distance = (p: number) => Math.abs(p + 1 - hunk.headerStart);
    const near = found.filter((p) => distance(p) <= TIE_WINDOW_LINES).sort((a, b) => distance(a) - distance(b));
    if (near.length === 1 || (near.length > 1 && distance(near[0] ?? 0) < distance(near[1] ?? 0))) return { hunk, pos: near[0] ?? 0, level };
    return `hunk ${hunk.index} matches ${found.length} places (lines ${found
      .slice(0, 5)
      .map((p) => p + 1)
      .join(', ')}) and its header (line ${hunk.headerStart}) does not tell which`;
  }
  const first = old.find((l) => l.trim()) ?? old[0] ?? '';
  return `hunk ${hunk.index} matches nowhere in the file (its first line: \`${first.trim().slice(0, 80)}\`)`;
}

function leadingWhitespace(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

/** Indentation in the file's style: tabs where the file indents with tabs, four spaces a tab where it does not. */
function inFileStyle(indent: string, usesTabs: boolean): string {
  return usesTabs ? indent.replace(/ {4}/g, '\t') : indent.replace(/\t/g, '    ');
}

/**
 * The hunk's new lines: unchanged lines as the file has them, added lines re-indented. Where
 * the hunk matched only ignoring indentation, the model drifted some of its lines, and an added
 * line can have been written against the drifted context (keep its place relative to the
 * nearest unchanged line: `relative`) or at its true depth while only the context drifted
 * (keep its own indentation: `absolute`). Both are built; the one whose added lines sit more
 * plausibly among their neighbours wins, `relative` on a tie.
 */
function newLinesFor(loc: Located, file: FileText): string[] {
  if (loc.level !== 'indentation') return placeLines(loc, file, 'as-written');
  // Removed lines are written with the added ones: drifted like the context, the whole hunk
  // drifted; not drifted while the context is, only the context did.
  // A drift is what the patch put before the file's own indentation (compared as text: a tab
  // after two spaces is no wider than a tab).
  const drifts = { ctx: new Set<string>(), del: new Set<string>() };
  let oldIndex = 0;
  loc.hunk.kinds.forEach((kind, i) => {
    if (kind === 'add') return;
    const patch = leadingWhitespace(loc.hunk.texts[i] ?? '');
    const real = leadingWhitespace(file.lines[loc.pos + oldIndex] ?? '');
    const blank = !(loc.hunk.texts[i] ?? '').trim();
    oldIndex++;
    if (!blank) drifts[kind].add(patch.endsWith(real) ? patch.slice(0, patch.length - real.length) : `~${patch}|${real}`);
  });
  const ctx = drifts.ctx.size === 1 ? [...drifts.ctx][0] : undefined;
  const del = drifts.del.size === 1 ? [...drifts.del][0] : undefined;
  if (ctx && del !== undefined && !ctx.startsWith('~')) {
    if (del === ctx) return placeLines(loc, file, 'relative');
    if (del === '') return placeLines(loc, file, 'absolute');
  }
  const relative = placeLines(loc, file, 'relative');
  const absolute = placeLines(loc, file, 'absolute');
  const added = loc.hunk.kinds.filter((k) => k !== 'del').map((k) => k === 'add');
  return plausibility(absolute, added, file) > plausibility(relative, added, file) ? absolute : relative;
}

type Placement = 'as-written' | 'relative' | 'absolute';

function placeLines(loc: Located, file: FileText, placement: Placement): string[] {
  const { hunk, pos } = loc;
  // For each hunk line, the (patch indentation, file indentation) of the nearest non-blank old line.
  const refs: ({ patch: string; real: string } | null)[] = [];
  let oldIndex = 0;
  let last: { patch: string; real: string } | null = null;
  for (let i = 0; i < hunk.kinds.length; i++) {
    const text = hunk.texts[i] ?? '';
    if (hunk.kinds[i] !== 'add') {
      if (text.trim() !== '') last = { patch: leadingWhitespace(text), real: leadingWhitespace(file.lines[pos + oldIndex] ?? '') };
      oldIndex++;
    }
    refs.push(last);
  }
  const firstRef = refs.find((r) => r !== null) ?? null;
  const out: string[] = [];
  oldIndex = 0;
  for (let i = 0; i < hunk.kinds.length; i++) {
    const kind = hunk.kinds[i];
    const text = hunk.texts[i] ?? '';
    if (kind !== 'add') {
      if (kind === 'ctx') out.push(file.lines[pos + oldIndex] ?? '');
      oldIndex++;
      continue;
    }
    const indent = leadingWhitespace(text);
    if (placement === 'as-written') {
      // Tabs in a file that never indents with tabs (or the reverse) are the patch's, not the file's.
      const foreign = file.usesTabs ? indent.includes(' ') && !file.hasSpaceIndent : indent.includes('\t') && !file.hasTabIndent;
      out.push(foreign ? inFileStyle(indent, file.usesTabs) + text.slice(indent.length) : text);
      continue;
    }
    if (text.trim() === '') {
      out.push('');
      continue;
    }
    const ref = refs[i] ?? firstRef;
    let next: string;
    if (placement === 'absolute' || !ref) next = inFileStyle(indent, file.usesTabs);
    else if (indent.startsWith(ref.patch)) next = ref.real + inFileStyle(indent.slice(ref.patch.length), file.usesTabs);
    else next = renderIndent(Math.max(0, indentWidth(indent) + indentWidth(ref.real) - indentWidth(ref.patch)), file.usesTabs);
    out.push(next + text.trimStart());
  }
  return out;
}

/**
 * The file's indentation step: the commonest change of indentation between consecutive lines of
 * code (a block comment's ` * ` lines left out), a tab counting TAB_WIDTH.
 */
function indentUnit(file: FileText): number {
  const counts = new Map<number, number>();
  let prev: number | null = null;
  for (const l of file.lines) {
    const text = l.trim();
    if (!text || text.startsWith('*')) continue;
    const w = indentWidth(l);
    if (prev !== null && w !== prev) {
      const step = Math.abs(w - prev);
      counts.set(step, (counts.get(step) ?? 0) + 1);
    }
    prev = w;
  }
  let unit = TAB_WIDTH;
  let best = 0;
  for (const [step, n] of [...counts].sort((a, b) => a[0] - b[0])) {
    if (n > best) {
      unit = step;
      best = n;
    }
  }
  return unit;
}

const OPENS_BLOCK = /[{([:=]\s*$|=>\s*$|\b(do|then|begin)\s*$/;
const CLOSES_BLOCK = /^\s*([})\]]|(end|else|elif|elsif|except|finally|catch|rescue|fi|done|esac)\b)/;

/**
 * How plausibly each added line sits below the line before it, as code is indented: deeper by
 * one step after a line that opens a block, shallower by one when it closes one, level
 * otherwise (two points); any whole step (one point); off the file's grid (none).
 */
function plausibility(lines: string[], added: boolean[], file: FileText): number {
  const unit = indentUnit(file);
  let score = 0;
  let prev: string | null = null;
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    if (added[i] && prev !== null) {
      const delta = indentWidth(line) - indentWidth(prev);
      const expected = OPENS_BLOCK.test(prev) ? unit : CLOSES_BLOCK.test(line) ? -unit : 0;
      if (delta === expected) score += 2;
      else if (delta % unit === 0) score += 1;
    }
    prev = line;
  });
  return score;
}

function hunksOf(chunks: ReturnType<typeof parseDiff>[number]['chunks']): Hunk[] {
  return chunks.map((chunk, n) => {
    const hunk: Hunk = { index: n + 1, headerStart: chunk.oldStart, kinds: [], texts: [], addNoNewline: false, delNoNewline: false };
    let last: 'ctx' | 'del' | 'add' = 'ctx';
    for (const change of chunk.changes) {
      if (change.content.startsWith('\\')) {
        if (last === 'add') hunk.addNoNewline = true;
        else if (last === 'del') hunk.delNoNewline = true;
        else hunk.addNoNewline = hunk.delNoNewline = true;
        continue;
      }
      last = change.type === 'add' ? 'add' : change.type === 'del' ? 'del' : 'ctx';
      hunk.kinds.push(last);
      hunk.texts.push(change.content.slice(1));
    }
    return hunk;
  });
}

function diffLine(prefix: string, text: string, eol: string): string {
  return `${prefix}${text}${eol === '\r\n' ? '\r' : ''}`;
}

const NO_NEWLINE = '\u0000no-newline';

/** Line operations turning `a` into `b` (longest common subsequence): ' ' keep, '-' remove, '+' add. */
function lineOps(a: string[], b: string[]): { op: ' ' | '-' | '+'; text: string }[] {
  const m = a.length;
  const n = b.length;
  const w = n + 1;
  const lcs = new Int32Array((m + 1) * w);
  const at = (i: number, j: number) => lcs[i * w + j] ?? 0;
  for (let i = m - 1; i >= 0; i--) {
    for (let j = n - 1; j >= 0; j--) lcs[i * w + j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
  }
  const ops: { op: ' ' | '-' | '+'; text: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < m || j < n) {
    if (i < m && j < n && a[i] === b[j]) {
      ops.push({ op: ' ', text: a[i] ?? '' });
      i++;
      j++;
    } else if (j < n && (i >= m || at(i, j + 1) >= at(i + 1, j))) {
      ops.push({ op: '+', text: b[j] ?? '' });
      j++;
    } else {
      ops.push({ op: '-', text: a[i] ?? '' });
      i++;
    }
  }
  // Removals before additions within a change, as diff tools print them.
  for (let k = 1; k < ops.length; k++) {
    if (ops[k]?.op === '-' && ops[k - 1]?.op === '+') {
      let s = k - 1;
      while (s > 0 && ops[s - 1]?.op === '+') s--;
      const moved = ops.splice(k, 1)[0];
      if (moved) ops.splice(s, 0, moved);
    }
  }
  return ops;
}

export const CONTEXT_LINES = 3;

/**
 * The canonical hunks: the whole file as keep/remove/add operations (each edit's region diffed
 * line by line), grouped with three lines of context on both sides, as git writes them. git
 * apply reads less context on one side as "this hunk sits at the file's start or end".
 */
function unifiedHunks(before: FileText, afterFinalNewline: boolean, edits: { pos: number; oldLen: number; lines: string[] }[]): string[] {
  const lastOld = before.lines.length - 1;
  const ops: { op: ' ' | '-' | '+'; text: string }[] = [];
  let cursor = 0;
  const mark = (l: string, isLast: boolean, finalNewline: boolean) => (isLast && !finalNewline ? l + NO_NEWLINE : l);
  for (const e of edits) {
    for (let i = cursor; i < e.pos; i++) ops.push({ op: ' ', text: mark(before.lines[i] ?? '', i === lastOld, before.finalNewline && afterFinalNewline) });
    const touchesEnd = e.pos + e.oldLen === before.lines.length;
    const old = before.lines.slice(e.pos, e.pos + e.oldLen).map((l, i, all) => mark(l, touchesEnd && i === all.length - 1, before.finalNewline));
    const next = e.lines.map((l, i, all) => mark(l, touchesEnd && i === all.length - 1, afterFinalNewline));
    ops.push(...lineOps(old, next));
    cursor = e.pos + e.oldLen;
  }
  for (let i = cursor; i < before.lines.length; i++)
    ops.push({ op: ' ', text: mark(before.lines[i] ?? '', i === lastOld, before.finalNewline && afterFinalNewline) });
  const out: string[] = [];
  const changed = ops.map((o, i) => (o.op !== ' ' ? i : -1)).filter((i) => i >= 0);
  let g = 0;
  while (g < changed.length) {
    const startOp = Math.max(0, (changed[g] ?? 0) - CONTEXT_LINES);
    let endOp = Math.min(ops.length, (changed[g] ?? 0) + CONTEXT_LINES + 1);
    while (g + 1 < changed.length && (changed[g + 1] ?? 0) - CONTEXT_LINES <= endOp) {
      g++;
      endOp = Math.min(ops.length, (changed[g] ?? 0) + CONTEXT_LINES + 1);
    }
    g++;
    let oldStart = 1;
    let newStart = 1;
    for (let i = 0; i < startOp; i++) {
      if (ops[i]?.op !== '+') oldStart++;
      if (ops[i]?.op !== '-') newStart++;
    }
    const slice = ops.slice(startOp, endOp);
    const oldLen = slice.filter((o) => o.op !== '+').length;
    const newLen = slice.filter((o) => o.op !== '-').length;
    out.push(`@@ -${oldLen === 0 ? oldStart - 1 : oldStart},${oldLen} +${newLen === 0 ? newStart - 1 : newStart},${newLen} @@`);
    for (const { op, text } of slice) {
      const bare = text.endsWith(NO_NEWLINE) ? text.slice(0, -NO_NEWLINE.length) : text;
      out.push(diffLine(op, bare, before.eol));
      if (bare !== text) out.push('\\ No newline at end of file');
    }
  }
  return out;
}

function joinLines(lines: string[], eol: string, finalNewline: boolean): string {
  if (lines.length === 0) return '';
  return lines.join(eol) + (finalNewline ? eol : '');
}

/** Patch text (as a model wrote it) → the canonical diff of what it means for these files, or the reason it cannot be applied. */
export async function repairPatch(raw: string, readFile: ReadFile): Promise<RepairResult> {
  const { text, truncated } = normalizeDiffText(raw);
  if (truncated) return { ok: false, reason: `the diff looks cut off: ${truncated} ends on a change with fewer lines than its header promises` };
  if (!text) return { ok: false, reason: 'the answer holds no unified diff (no `---`/`+++` file headers with hunks)' };
  let parsed: ReturnType<typeof parseDiff>;
  try {
    parsed = parseDiff(text);
  } catch (error) {
    return { ok: false, reason: `the diff could not be parsed: ${(error as Error).message}` };
  }
  const renames = [...text.matchAll(/^rename from (.+)\nrename to (.+)$/gm)];
  const out: string[] = [];
  const files: RepairedFile[] = [];
  const notes: string[] = [];
  // Several blocks for the same file (one per hunk, as some models write them) are one file's hunks.
  const merged: typeof parsed = [];
  for (const f of parsed) {
    const same = merged.find((m) => m.from === f.from && m.to === f.to && f.chunks.length > 0 && m.chunks.length > 0);
    if (same) same.chunks.push(...f.chunks);
    else merged.push(f);
  }
  for (const f of merged) {
    let oldPath = diffPath(f.from);
    let newPath = diffPath(f.to);
    const rename = renames.find((r) => r[2]?.trim() === newPath || r[1]?.trim() === oldPath);
    if (rename && f.chunks.length === 0) {
      oldPath = rename[1]?.trim() ?? oldPath;
      newPath = rename[2]?.trim() ?? newPath;
    }
    const hunks = hunksOf(f.chunks);

    if (oldPath === null && newPath) {
      if ((await readFile(newPath)) !== null) return { ok: false, reason: `the diff creates \`${newPath}\`, which exists already` };
      const lines = hunks.flatMap((h) => h.texts.filter((_, i) => h.kinds[i] === 'add'));
      const finalNewline = !hunks.some((h) => h.addNoNewline);
      const after = joinLines(lines, '\n', finalNewline);
      out.push(`diff --git a/${newPath} b/${newPath}`, 'new file mode 100644', '--- /dev/null', `+++ b/${newPath}`);
      if (lines.length > 0) {
        out.push(`@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => `+${l}`));
        if (!finalNewline) out.push('\\ No newline at end of file');
      }
      files.push({ oldPath: null, newPath, before: null, after });
      continue;
    }
    if (!oldPath) return { ok: false, reason: 'a file block names no file' };
    const beforeText = await readFile(oldPath);
    if (beforeText === null) return { ok: false, reason: `the diff changes \`${oldPath}\`, which is not in the repository` };
    const before = splitFile(beforeText);

    if (newPath === null) {
      const removed = hunks.flatMap((h) => h.texts.filter((_, i) => h.kinds[i] !== 'add'));
      if (removed.length !== before.lines.length || removed.some((l, i) => l.trim() !== (before.lines[i] ?? '').trim())) {
        return { ok: false, reason: `the diff deletes \`${oldPath}\` but its removed lines are not the file's content` };
      }
      out.push(`diff --git a/${oldPath} b/${oldPath}`, 'deleted file mode 100644', `--- a/${oldPath}`, '+++ /dev/null');
      if (before.lines.length > 0) {
        out.push(`@@ -1,${before.lines.length} +0,0 @@`, ...before.lines.map((l) => diffLine('-', l, before.eol)));
        if (!before.finalNewline) out.push('\\ No newline at end of file');
      }
      files.push({ oldPath, newPath: null, before: beforeText, after: null });
      continue;
    }

    const located: Located[] = [];
    for (const hunk of hunks) {
      const r = locate(hunk, before);
      if (typeof r === 'string') return { ok: false, reason: `\`${oldPath}\`: ${r}` };
      located.push(r);
    }
    located.sort((a, b) => a.pos - b.pos);
    for (let i = 1; i < located.length; i++) {
      const prev = located[i - 1] as Located;
      const cur = located[i] as Located;
      const prevLen = prev.hunk.kinds.filter((k) => k !== 'add').length;
      if (prev.pos + prevLen > cur.pos) return { ok: false, reason: `\`${oldPath}\`: hunks ${prev.hunk.index} and ${cur.hunk.index} overlap in the file` };
    }
    for (const l of located)
      if (l.level !== 'exact')
        notes.push(`\`${oldPath}\` hunk ${l.hunk.index}: matched ignoring ${l.level === 'indentation' ? 'indentation' : 'trailing whitespace'}`);

    const edits = located.map((l) => ({ pos: l.pos, oldLen: l.hunk.kinds.filter((k) => k !== 'add').length, lines: newLinesFor(l, before) }));
    const afterLines: string[] = [];
    let cursor = 0;
    for (const e of edits) {
      afterLines.push(...before.lines.slice(cursor, e.pos), ...e.lines);
      cursor = e.pos + e.oldLen;
    }
    afterLines.push(...before.lines.slice(cursor));
    const last = located.at(-1);
    const touchesEnd = last ? last.pos + last.hunk.kinds.filter((k) => k !== 'add').length === before.lines.length : false;
    let afterFinalNewline = before.finalNewline;
    if (touchesEnd && last?.hunk.addNoNewline) afterFinalNewline = false;
    else if (touchesEnd && last?.hunk.delNoNewline && !last.hunk.addNoNewline) afterFinalNewline = true;
    const afterText = joinLines(afterLines, before.eol, afterFinalNewline);
    if (afterText === beforeText && oldPath === newPath) {
      notes.push(`\`${oldPath}\`: the diff changes nothing`);
      continue;
    }
    out.push(`diff --git a/${oldPath} b/${newPath}`);
    if (oldPath !== newPath) out.push(`rename from ${oldPath}`, `rename to ${newPath}`);
    out.push(`--- a/${oldPath}`, `+++ b/${newPath}`, ...unifiedHunks(before, afterFinalNewline, edits));
    files.push({ oldPath, newPath, before: beforeText, after: afterText });
  }
  if (files.length === 0) return { ok: false, reason: 'the diff changes nothing' };
  return { ok: true, patch: `${out.join('\n')}\n`, files, notes };
}
