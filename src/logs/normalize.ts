import type { LogStep, Logs } from '../types.js';

// The runner prefixes every line with an ISO-8601 timestamp (7 fraction digits) and,
// at step starts, sometimes a byte-order mark.
const TIMESTAMP = /^\uFEFF?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z ?/;
// CSI sequences (colours, cursor moves) and OSC sequences (hyperlinks, titles).
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are control characters
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
// `gh run view --log` captures: job<TAB>step<TAB>timestamp line.
const GH_CLI = /^([^\t]+)\t([^\t]*)\t(.*)$/;

const RUNNER_PATH = /(?:file:\/\/)?\/home\/runner\/work\/([^/\s]+)\/\1\//g;
const CONTAINER_PATH = /(?:file:\/\/)?\/__w\/([^/\s]+)\/\1\//g;
const WINDOWS_PATH = /(?:file:\/\/\/)?[A-Za-z]:\\a\\([^\\\s]+)\\\1\\([^\s:"'()]*)/g;

/** Turns an absolute runner path into a repository-relative one. */
export function makePathRelative(line: string, workspace?: string): string {
  let out = line;
  if (workspace && workspace.length > 1 && out.includes(workspace)) {
    const ws = workspace.endsWith('/') ? workspace : `${workspace}/`;
    out = out.split(`file://${ws}`).join('').split(ws).join('');
  }
  // Hosted runners check out into /home/runner/work/<repo>/<repo>/, container jobs into
  // /__w/<repo>/<repo>/, Windows runners into D:\a\<repo>\<repo>\. Cheap tests first: this runs per line.
  if (out.includes('/home/runner/work/')) out = out.replace(RUNNER_PATH, '');
  if (out.includes('/__w/')) out = out.replace(CONTAINER_PATH, '');
  // Travis CI: /home/travis/build/<owner>/<repo>/; Jenkins: /var/lib/jenkins/workspace/<job>/.
  if (out.includes('/home/travis/build/')) out = out.replace(/\/home\/travis\/build\/[^/\s]+\/[^/\s]+\//g, '');
  if (out.includes('/jenkins/workspace/')) out = out.replace(/\/\S*?\/jenkins\/workspace\/[^/\s]+\//g, '');
  if (out.includes(':\\a\\')) out = out.replace(WINDOWS_PATH, (_m, _r, rest: string) => rest.replace(/\\/g, '/'));
  return out;
}

/** Longer lines are cut: no error message needs more, and regexes stay linear on hostile input. */
export const MAX_LINE_CHARS = 4096;

function startsWithTimestamp(line: string, at: number): boolean {
  // 2026-01-01T00:00:00 : checked by position, far cheaper than a regex on every line.
  return line.charCodeAt(at + 4) === 45 && line.charCodeAt(at + 7) === 45 && line.charCodeAt(at + 10) === 84 && line.charCodeAt(at + 13) === 58;
}

export function stripLine(raw: string): string {
  let line = raw.length > MAX_LINE_CHARS * 2 ? raw.slice(0, MAX_LINE_CHARS * 2) : raw;
  if (line.endsWith('\r')) line = line.slice(0, -1);
  if (line.includes('\r')) line = line.slice(line.lastIndexOf('\r') + 1);
  const bom = line.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (startsWithTimestamp(line, bom)) {
    const z = line.indexOf('Z', bom + 19);
    line = z > 0 && z < bom + 40 ? line.slice(line.charCodeAt(z + 1) === 32 ? z + 2 : z + 1) : line.replace(TIMESTAMP, '');
  } else if (bom) line = line.slice(1);
  if (line.includes('\u001b')) line = line.replace(ANSI, '');
  if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
  return line;
}

export interface SplitOptions {
  job: string;
  /** Step names the jobs API reports as failed. */
  failedSteps?: string[];
  workspace?: string;
}

// What makes a line worth keeping from the middle of a huge step: the vocabulary of failures.
// Case variants spelled out: a case-insensitive regex is several times slower on every line.
const TRIGGER =
  /[Ee]rror|ERROR|[Ff]ail|FAIL|[Ee]xception|Traceback|[Aa]ssert|[Pp]anic|PANIC|[Ff]atal|FATAL|✖|●|not ok|[Ee]xpected|undefined|[Cc]annot|[Dd]enied|[Tt]imed? ?[Oo]ut|^E /;
export const HEAD_LINES = 2_000;
export const TAIL_LINES = 5_000;
export const BEFORE_TRIGGER_LINES = 30;
export const AFTER_TRIGGER_LINES = 40;
export const MAX_MIDDLE_LINES = 20_000;

/** One step's lines with bounded memory: the head, the tail, and the regions around failures. */
class StepBuffer {
  readonly step: LogStep;
  private total = 0;
  private middle = 0;
  private recent: string[] = [];
  // The last TAIL_LINES raw lines and their failure flags, as a ring: `tailStart` is the oldest.
  private readonly tail: string[] = [];
  private readonly tailHot = new Uint8Array(TAIL_LINES);
  private tailStart = 0;
  private after = 0;
  private cut = 0;
  private dropped = 0;
  private readonly normalize: (raw: string) => string;
  constructor(step: LogStep, normalize: (raw: string) => string) {
    this.step = step;
    this.normalize = normalize;
  }

  /** Adds a raw line; it is normalized only if it is kept. `hot`: it reads like a failure. */
  push(raw: string, hot?: boolean): void {
    this.total++;
    if (this.total <= HEAD_LINES) {
      this.step.lines.push(this.normalize(raw));
      return;
    }
    const isHot = hot ?? TRIGGER.test(raw);
    if (this.tail.length < TAIL_LINES) {
      this.tailHot[this.tail.length] = isHot ? 1 : 0;
      this.tail.push(raw);
      return;
    }
    // The oldest tail line leaves the tail: keep it if it is near a failure.
    const leaving = this.tail[this.tailStart] as string;
    const trigger = this.middle < MAX_MIDDLE_LINES && this.tailHot[this.tailStart] === 1;
    this.tail[this.tailStart] = raw;
    this.tailHot[this.tailStart] = isHot ? 1 : 0;
    this.tailStart = (this.tailStart + 1) % TAIL_LINES;
    if (trigger || this.after > 0) {
      if (this.cut > 0) {
        this.step.lines.push(`… ${this.cut} lines cut …`);
        this.cut = 0;
      }
      for (const l of this.recent) this.step.lines.push(this.normalize(l));
      this.middle += this.recent.length + 1;
      this.recent = [];
      this.step.lines.push(this.normalize(leaving));
      this.after = trigger ? AFTER_TRIGGER_LINES : this.after - 1;
      return;
    }
    this.recent.push(leaving);
    if (this.recent.length > BEFORE_TRIGGER_LINES) {
      this.recent.shift();
      this.cut++;
      this.dropped++;
    }
  }

  /** A line already normalized (an ##[error] annotation): kept as it is. */
  pushNormalized(line: string): void {
    this.total++;
    this.flushTail();
    this.step.lines.push(line);
  }

  private flushTail(): void {
    const cutHere = this.cut + this.recent.length;
    if (cutHere > 0) this.step.lines.push(`… ${cutHere} lines cut …`);
    this.dropped += this.recent.length;
    this.recent = [];
    this.cut = 0;
    for (let i = 0; i < this.tail.length; i++) this.step.lines.push(this.normalize(this.tail[(this.tailStart + i) % this.tail.length] as string));
    this.tail.length = 0;
    this.tailStart = 0;
  }

  /** Flushes the tail; returns a note when lines were cut. */
  finish(): string | null {
    this.flushTail();
    return this.dropped > 0
      ? `step "${this.step.name}" (${this.step.job}): kept ${this.total - this.dropped} of ${this.total} lines (the start, the regions around failures and the end)`
      : null;
  }
}

/**
 * Splits one job's raw log into normalized steps, a line at a time, in bounded memory. A step
 * starts at `##[group]Run <command>` (the runner's header for a `run:` step); its command is the
 * group's body up to `shell:`.
 */
export class StepSplitter {
  readonly steps: LogStep[] = [];
  readonly notes: string[] = [];
  private current: StepBuffer;
  private inRunGroup = false;
  private commandLines: string[] | null = null;
  private cliStep: string | null = null;
  private readonly failedSteps: Set<string>;
  private readonly options: SplitOptions;

  constructor(options: SplitOptions) {
    this.options = options;
    this.failedSteps = new Set(options.failedSteps ?? []);
    this.normalizeLine = (raw: string) => {
      const line = makePathRelative(stripLine(raw), options.workspace);
      return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)} …(line cut)` : line;
    };
    this.current = new StepBuffer({ job: options.job, name: 'Set up job', failed: false, lines: [] }, this.normalizeLine);
  }

  private readonly normalizeLine: (raw: string) => string;

  private start(name: string, job = this.options.job): void {
    this.close();
    this.current = new StepBuffer({ job, name, failed: this.failedSteps.has(name), lines: [] }, this.normalizeLine);
  }

  private close(): void {
    const note = this.current.finish();
    if (note) this.notes.push(note);
    if (this.current.step.lines.length > 0 || this.current.step.command) this.steps.push(this.current.step);
  }

  /** One raw line. `hot`, when known from a scan of the whole chunk: the line reads like a failure. */
  push(raw: string, hot?: boolean): void {
    let text = raw;
    if (raw.includes('\t')) {
      const cli = GH_CLI.exec(raw.length > MAX_LINE_CHARS ? raw.slice(0, MAX_LINE_CHARS) : raw);
      if (cli && startsWithTimestamp(cli[3] ?? '', 0)) {
        const [, job = '', step = ''] = cli;
        text = cli[3] ?? '';
        if (step !== this.cliStep) {
          this.cliStep = step;
          this.start(step, job);
        }
      }
    }
    // Most lines are neither markers nor step headers: they go to the step raw, normalized only if kept.
    if (!this.inRunGroup && !text.includes('##[')) {
      this.current.push(text, hot);
      return;
    }
    const line = this.normalizeLine(text);
    if (line.charCodeAt(0) === 35 && line.startsWith('##[')) {
      if (line.startsWith('##[group]')) {
        const title = line.slice('##[group]'.length);
        if (title.startsWith('Run ')) {
          if (this.cliStep === null) this.start(title);
          this.inRunGroup = true;
          this.commandLines = [];
        }
        return;
      }
      if (line.startsWith('##[endgroup]')) {
        if (this.inRunGroup && this.commandLines) this.current.step.command = this.commandLines.join('\n').trim() || this.current.step.name.slice(4);
        this.inRunGroup = false;
        this.commandLines = null;
        return;
      }
      if (line.startsWith('##[error]')) {
        this.current.step.failed = true;
        this.current.pushNormalized(line);
      }
      return; // ##[debug], ##[warning] and other markers
    }
    if (this.inRunGroup) {
      if (this.commandLines) {
        if (line.startsWith('shell: ')) {
          this.current.step.command = this.commandLines.join('\n').trim();
          this.commandLines = null;
        } else if (this.commandLines.length < 200) this.commandLines.push(line);
      }
      return; // shell:/env: lines of the step header
    }
    this.current.push(text, hot);
  }

  finish(): Logs {
    this.close();
    return { steps: this.steps, notes: this.notes };
  }
}

export function splitSteps(lines: Iterable<string>, options: SplitOptions): LogStep[] {
  const splitter = new StepSplitter(options);
  for (const l of lines) splitter.push(l);
  return splitter.finish().steps;
}

// The vocabulary of TRIGGER, folded to fewer literals (each is one pass over the chunk), as UTF-8 byte strings: Buffer#indexOf over a whole chunk runs
// at memory speed, one byte a character, where a regex call per short line does not.
const TRIGGER_WORDS = ['rror', 'RROR', 'ail', 'AIL', 'xcept', 'raceback', 'ssert', 'anic', 'atal', 'ATAL', '✖', '●', 'not ok', 'xpected', 'imeout', '\nE '].map(
  (w) => Buffer.from(w),
);
const NEWLINE = 10;

/** Which lines of `bytes` (complete lines, without the last newline) read like failures. */
function hotLines(bytes: Buffer, lineCount: number): Uint8Array {
  const hot = new Uint8Array(lineCount);
  const starts = new Int32Array(lineCount);
  let line = 0;
  for (let i = bytes.indexOf(NEWLINE); i >= 0 && line + 1 < lineCount; i = bytes.indexOf(NEWLINE, i + 1)) starts[++line] = i + 1;
  const lineOf = (index: number) => {
    let lo = 0;
    let hi = lineCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  if (bytes[0] === 69 && bytes[1] === 32) hot[0] = 1; // "E " on the first line
  for (const word of TRIGGER_WORDS) {
    for (let i = bytes.indexOf(word); i >= 0; i = bytes.indexOf(word, i + word.length)) {
      const at = lineOf(word[0] === NEWLINE ? i + 1 : i);
      hot[at] = 1;
      // The rest of this line needs no second look for this word.
      if (at + 1 < lineCount) i = Math.max(i, (starts[at + 1] as number) - word.length);
      else break;
    }
  }
  return hot;
}

/**
 * Splits a stream of log bytes (or text) into lines without holding it whole. Yields each
 * chunk's complete lines together, with which of them read like failures.
 */
export async function* streamLines(
  chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
): AsyncGenerator<{ lines: string[]; hot: Uint8Array }> {
  let rest: Buffer = Buffer.alloc(0);
  const emit = (bytes: Buffer) => {
    // A multi-byte UTF-8 character never holds a newline byte, so whole lines decode alone.
    const lines = bytes.toString('utf8').split('\n');
    return { lines, hot: hotLines(bytes, lines.length) };
  };
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const all = rest.length > 0 ? Buffer.concat([rest, bytes]) : bytes;
    const cut = all.lastIndexOf(NEWLINE);
    if (cut < 0) {
      // A line with no end in sight is cut rather than grown without bound.
      rest = Buffer.from(all.length > MAX_LINE_CHARS * 4 ? all.subarray(0, MAX_LINE_CHARS * 2) : all);
      continue;
    }
    const tail = all.subarray(cut + 1);
    rest = Buffer.from(tail.length > MAX_LINE_CHARS * 4 ? tail.subarray(0, MAX_LINE_CHARS * 2) : tail);
    yield emit(all.subarray(0, cut));
  }
  if (rest.length > 0) yield emit(rest);
}

/** A job's log stream → normalized steps, in bounded memory. */
export async function splitStream(chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>, options: SplitOptions): Promise<Logs> {
  const splitter = new StepSplitter(options);
  for await (const { lines, hot } of streamLines(chunks)) {
    for (let i = 0; i < lines.length; i++) splitter.push(lines[i] as string, hot[i] === 1);
  }
  return splitter.finish();
}
