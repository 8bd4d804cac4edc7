import type { LogStep, Logs } from '../types.js';

// The runner prefixes every line with an ISO-8601 timestamp (7 fraction digits) and,
// at step starts, sometimes a byte-order mark.
const TIMESTAMP = /^\uFEFF?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z ?/;
// CSI sequences (colours, cursor moves) and OSC sequences (hyperlinks, titles).
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are control characters
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
// Travis CI's markers: `travis_fold:start:install.1`, `travis_time:end:0d03:start=…,finish=…,duration=…`.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the erase-line escape that follows a marker
const TRAVIS_MARKER = /travis_(?:fold|time):(?:start|end):\S*?(?:\u001b\[0K|(?=\u001b)|$|\s)/g;
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
  // Odoo's layouts: doodba links the repository's addons into /opt/odoo/auto/addons/; odoo.sh
  // checks the repository out into /home/odoo/src/user/.
  if (out.includes('/opt/odoo/auto/addons/')) out = out.replace(/\/opt\/odoo\/auto\/addons\//g, '');
  if (out.includes('/home/odoo/src/user/')) out = out.replace(/\/home\/odoo\/src\/user\//g, '');
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
  // Travis writes some lines with two carriage returns before the newline: all of them end the line.
  while (line.endsWith('\r')) line = line.slice(0, -1);
  // A carriage return inside a line is a terminal's overwrite: what follows the last one is what shows.
  if (line.includes('\r')) line = line.slice(line.lastIndexOf('\r') + 1);
  // Travis' fold and timing markers stand before a line's text (after the colour codes go).
  if (line.includes('travis_')) line = line.replace(TRAVIS_MARKER, '');
  const bom = line.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (startsWithTimestamp(line, bom)) {
    const z = line.indexOf('Z', bom + 19);
    line = z > 0 && z < bom + 40 ? line.slice(line.charCodeAt(z + 1) === 32 ? z + 2 : z + 1) : line.replace(TIMESTAMP, '');
  } else if (bom) line = line.slice(1);
  if (line.includes('\u001b')) line = line.replace(ANSI, '');
  if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
  return line;
}

// What makes a line worth keeping from the middle of a huge step: the vocabulary of failures,
// tested on the line without its timestamp and colours. Case variants spelled out: a
// case-insensitive regex is several times slower.
const TRIGGER =
  /[Ee]rror|ERROR|[Ff]ail|FAIL|[Ee]xception|Traceback|[Aa]ssert|[Pp]anic|PANIC|[Ff]atal|FATAL|✖|●|not ok|[Ee]xpected|undefined|[Cc]annot|[Dd]enied|[Tt]imeout|TIMEOUT|[Tt]imed out|^E {3}/;

/** Whether a raw line reads like a failure. */
export function isHot(raw: string): boolean {
  return TRIGGER.test(stripLine(raw));
}

/** How much of a huge step is kept: the head, the tail, and windows around the failures between. */
export interface KeepLimits {
  head: number;
  tail: number;
  before: number;
  after: number;
  /** Lines kept between the head and the tail, at most. */
  middle: number;
  /**
   * Lines kept of a step that passed, once the next step starts: the errors are read from the
   * failed steps (or the last one), so a passed step's log is never read and is not held.
   */
  passed: number;
  /**
   * Lines a job keeps of its failed steps (`job`) and of its passed steps (`passedJob`): once a
   * budget is spent, later steps of its kind are not kept, so a log of thousands of steps stays bounded too.
   */
  job: number;
  passedJob: number;
}
export const KEEP: KeepLimits = { head: 2_000, tail: 5_000, before: 30, after: 40, middle: 20_000, passed: 100, job: 100_000, passedJob: 10_000 };

// A raw line is decoded from at most this many bytes: enough for the MAX_LINE_CHARS * 2
// characters stripLine looks at, whatever their width.
const MAX_LINE_BYTES = MAX_LINE_CHARS * 2 * 3;

function decode(src: Buffer | string, start: number, end: number): string {
  if (typeof src === 'string') return src;
  return src.toString('utf8', start, Math.min(end, start + MAX_LINE_BYTES));
}

// Line flags in the head and the ring.
const KEEP_SLOT = 1;
const NORMALIZED = 2;

/**
 * One step's lines in bounded memory: the first `head` lines, the last `tail`, and between them
 * the lines around failures. Lines wait as byte ranges of their chunk and are decoded and
 * normalized only when kept: most lines of a huge log, and the whole log of a step that passed,
 * never become strings.
 */
class StepBuffer {
  readonly step: LogStep;
  private total = 0;
  private after = 0;
  private cut = 0;
  private dropped = 0;
  // The head, as it came.
  private readonly headSrc: (Buffer | string)[] = [];
  private readonly headNums: number[] = [];
  private readonly headStarts: number[] = [];
  private readonly headEnds: number[] = [];
  private readonly headFlags: number[] = [];
  // The lines kept between the head and the tail, normalized, with `… N lines cut …` markers.
  private readonly middle: string[] = [];
  private readonly middleNums: number[] = [];
  private middleKept = 0;
  // The ring of the last `tail` lines after the head; `first` is the oldest slot.
  private readonly src: (Buffer | string)[] = [];
  // Allocated when the head is full: most steps are short, and a log may have thousands.
  private starts = new Int32Array(0);
  private ends = new Int32Array(0);
  private flags = new Uint8Array(0);
  /** Each slot's line number in the job's log (1-based). */
  private nums = new Int32Array(0);
  private size = 0;
  private first = 0;
  private readonly normalize: (raw: string) => string;
  private readonly limits: KeepLimits;

  constructor(step: LogStep, normalize: (raw: string) => string, limits: KeepLimits) {
    this.step = step;
    this.normalize = normalize;
    this.limits = limits;
  }

  /** A raw line as text; `lineNo` is its line in the job's log (1-based), as in every push. */
  pushText(raw: string, lineNo: number): void {
    this.enter(raw, 0, 0, true, false, lineNo);
  }

  /**
   * A raw line as bytes `start..end` of `bytes`, which must not change afterwards.
   * `candidate`: a byte scan found failure vocabulary in it.
   */
  pushBytes(bytes: Buffer, start: number, end: number, candidate: boolean, lineNo: number): void {
    this.enter(bytes, start, end, candidate, false, lineNo);
  }

  /** A line already normalized (an ##[error] annotation): kept, with its window, as it is. */
  pushNormalized(line: string, lineNo: number): void {
    this.enter(line, 0, 0, true, true, lineNo);
  }

  private enter(src: Buffer | string, start: number, end: number, candidate: boolean, normalized: boolean, lineNo: number): void {
    this.total++;
    const { head, tail, before, after } = this.limits;
    if (this.total <= head) {
      this.headSrc.push(src);
      this.headNums.push(lineNo);
      this.headStarts.push(start);
      this.headEnds.push(end);
      this.headFlags.push(normalized ? NORMALIZED : 0);
      return;
    }
    if (this.flags.length < tail) {
      this.starts = new Int32Array(tail);
      this.ends = new Int32Array(tail);
      this.flags = new Uint8Array(tail);
      this.nums = new Int32Array(tail);
    }
    let flag = normalized ? NORMALIZED : 0;
    if (normalized || (candidate && isHot(decode(src, start, end)))) {
      flag |= KEEP_SLOT;
      this.after = after;
      // The lines just before a failure are still in the ring: mark them kept.
      for (let back = 1; back <= before && back <= this.size; back++) {
        const slot = (this.first + this.size - back) % tail;
        this.flags[slot] = (this.flags[slot] as number) | KEEP_SLOT;
      }
    } else if (this.after > 0) {
      flag |= KEEP_SLOT;
      this.after--;
    }
    if (tail === 0) {
      this.leave(src, start, end, flag, lineNo);
      return;
    }
    let slot: number;
    if (this.size < tail) slot = (this.first + this.size++) % tail;
    else {
      // The oldest line leaves the ring: kept if it was near a failure, else cut.
      slot = this.first;
      this.leave(
        this.src[slot] as Buffer | string,
        this.starts[slot] as number,
        this.ends[slot] as number,
        this.flags[slot] as number,
        this.nums[slot] as number,
      );
      this.first = (this.first + 1) % tail;
    }
    this.nums[slot] = lineNo;
    this.src[slot] = src;
    this.starts[slot] = start;
    this.ends[slot] = end;
    this.flags[slot] = flag;
  }

  private leave(src: Buffer | string, start: number, end: number, flag: number, lineNo: number): void {
    if ((flag & KEEP_SLOT) === 0 || this.middleKept >= this.limits.middle) {
      this.cut++;
      this.dropped++;
      return;
    }
    this.flushCut(this.middle, this.middleNums);
    this.middle.push(this.text(src, start, end, flag));
    this.middleNums.push(lineNo);
    this.middleKept++;
  }

  /** The `… N lines cut …` marker stands for no line of the log: its number is 0. */
  private flushCut(into: string[], nums: number[]): void {
    if (this.cut > 0) {
      into.push(`… ${this.cut} lines cut …`);
      nums.push(0);
    }
    this.cut = 0;
  }

  private text(src: Buffer | string, start: number, end: number, flag: number): string {
    return flag & NORMALIZED ? (src as string) : this.normalize(decode(src, start, end));
  }

  /** Head line `i`, as kept. */
  private headLine(i: number): string {
    return this.text(this.headSrc[i] as Buffer | string, this.headStarts[i] as number, this.headEnds[i] as number, this.headFlags[i] as number);
  }

  /** The `i`-th oldest line of the ring, as kept. */
  private ringLine(i: number): string {
    const slot = (this.first + i) % this.limits.tail;
    return this.text(this.src[slot] as Buffer | string, this.starts[slot] as number, this.ends[slot] as number, this.flags[slot] as number);
  }

  /**
   * The step's lines, in order, into `step.lines`; returns a note when lines were cut.
   * `last`: only its last N lines, for a step that passed or a job that already holds enough.
   */
  finish(last?: number): string | null {
    const lines = this.step.lines;
    const nums: number[] = [];
    this.step.lineNumbers = nums;
    const heads = this.headSrc.length;
    const ringNum = (i: number) => this.nums[(this.first + i) % this.limits.tail] as number;
    if (last !== undefined) {
      const fromRing = Math.min(this.size, last);
      const fromHead = Math.min(heads, last - fromRing);
      for (let i = heads - fromHead; i < heads; i++) {
        lines.push(this.headLine(i));
        nums.push(this.headNums[i] as number);
      }
      for (let i = this.size - fromRing; i < this.size; i++) {
        lines.push(this.ringLine(i));
        nums.push(ringNum(i));
      }
    } else {
      for (let i = 0; i < heads; i++) {
        lines.push(this.headLine(i));
        nums.push(this.headNums[i] as number);
      }
      for (const l of this.middle) lines.push(l);
      for (const n of this.middleNums) nums.push(n);
      this.flushCut(lines, nums);
      for (let i = 0; i < this.size; i++) {
        lines.push(this.ringLine(i));
        nums.push(ringNum(i));
      }
    }
    this.size = 0;
    this.src.length = 0;
    this.headSrc.length = 0;
    this.headNums.length = 0;
    this.middle.length = 0;
    this.middleNums.length = 0;
    if (last !== undefined) return null;
    return this.dropped > 0
      ? `step "${this.step.name}" (${this.step.job}): kept ${this.total - this.dropped} of ${this.total} lines (the start, the regions around failures and the end)`
      : null;
  }
}

export interface SplitOptions {
  job: string;
  /** Step names the jobs API reports as failed. */
  failedSteps?: string[];
  workspace?: string;
  /** What is kept of a huge step (default KEEP). */
  limits?: KeepLimits;
}

/**
 * Splits one job's raw log into normalized steps, a line at a time, in bounded memory. A step
 * starts at `##[group]Run <command>` (the runner's header for a `run:` step); its command is the
 * group's body up to `shell:`. A step that passed keeps only its end once the next one starts.
 */
export class StepSplitter {
  readonly steps: LogStep[] = [];
  readonly notes: string[] = [];
  private current: StepBuffer;
  private inRunGroup = false;
  private commandLines: string[] | null = null;
  /** `job<TAB>step<TAB>` of the current gh run view row, and its bytes. */
  private cliStep: string | null = null;
  private cliPrefix: Buffer | null = null;
  private readonly failedSteps: Set<string>;
  private readonly options: SplitOptions;
  private readonly limits: KeepLimits;
  private readonly normalizeLine: (raw: string) => string;
  /** Lines held by the closed steps that passed, and by the others. */
  private passedKept = 0;
  private failedKept = 0;
  private failedSkipped = 0;
  /** The job log's lines read so far: the current line's number (1-based). */
  private lineNo = 0;
  /** Steps started in the current job: the current step's number. */
  private stepCount = 1;

  constructor(options: SplitOptions) {
    this.options = options;
    this.failedSteps = new Set(options.failedSteps ?? []);
    this.normalizeLine = (raw: string) => {
      const line = makePathRelative(stripLine(raw), options.workspace);
      return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)} …(line cut)` : line;
    };
    this.limits = options.limits ?? KEEP;
    this.current = new StepBuffer({ job: options.job, name: 'Set up job', failed: false, lines: [], number: 1, startLine: 1 }, this.normalizeLine, this.limits);
  }

  private start(name: string, job = this.options.job): void {
    this.close(!this.current.step.failed);
    this.stepCount = job === this.current.step.job ? this.stepCount + 1 : 1;
    const step: LogStep = { job, name, failed: this.failedSteps.has(name), lines: [], number: this.stepCount, startLine: Math.max(1, this.lineNo) };
    this.current = new StepBuffer(step, this.normalizeLine, this.limits);
  }

  /**
   * Closes the current step. `passed`: it passed and another step follows, so its log is never
   * read: only its last lines are kept.
   */
  private close(passed = false): void {
    const { step } = this.current;
    if (passed ? this.passedKept >= this.limits.passedJob : this.failedKept >= this.limits.job) {
      this.current.finish(0);
      if (step.failed) this.failedSkipped++;
      return;
    }
    const note = this.current.finish(passed ? this.limits.passed : undefined);
    if (note) this.notes.push(note);
    if (passed) this.passedKept += step.lines.length;
    else this.failedKept += step.lines.length;
    if (step.lines.length > 0 || step.command) this.steps.push(step);
  }

  /**
   * Lines `0..count-1` of a block of bytes, line i being `starts[i]..starts[i+1]-1`, with the
   * flags and gh-row text starts BlockScanner#scan found. Plain lines go to the step as byte
   * ranges; only markers, step headers and the lines kept become strings.
   */
  pushBlock(bytes: Buffer, count: number, starts: Int32Array, flags: Uint8Array, texts: Int32Array): void {
    for (let i = 0; i < count; i++) {
      const start = starts[i] as number;
      const end = (starts[i + 1] as number) - 1;
      const flag = flags[i] as number;
      const plain = !this.inRunGroup && (flag & MARKER) === 0;
      const lineNo = ++this.lineNo;
      if (plain && (flag & GH_ROW) === 0) this.current.pushBytes(bytes, start, end, (flag & CANDIDATE) !== 0, lineNo);
      else if (plain && this.cliPrefix?.compare(bytes, start, texts[i]) === 0)
        // A gh run view row of the current step: its text is a plain line.
        this.current.pushBytes(bytes, texts[i] as number, end, (flag & CANDIDATE) !== 0, lineNo);
      else this.pushLine(decode(bytes, start, end));
    }
  }

  /** One raw line, the next of the log. */
  push(raw: string): void {
    this.lineNo++;
    this.pushLine(raw);
  }

  private pushLine(raw: string): void {
    let text = raw;
    if (raw.includes('\t')) {
      const cli = GH_CLI.exec(raw.length > MAX_LINE_CHARS ? raw.slice(0, MAX_LINE_CHARS) : raw);
      // The runner writes a byte-order mark before a step's first line.
      if (cli && startsWithTimestamp(cli[3] ?? '', cli[3]?.charCodeAt(0) === 0xfeff ? 1 : 0)) {
        const [, job = '', step = ''] = cli;
        text = cli[3] ?? '';
        const key = `${job}\t${step}\t`;
        if (key !== this.cliStep) {
          this.cliStep = key;
          this.cliPrefix = Buffer.from(key);
          this.start(step, job);
        }
      }
    }
    // Most lines are neither markers nor step headers: they go to the step raw, normalized only if kept.
    if (!this.inRunGroup && !text.includes('##[')) {
      this.current.pushText(text, this.lineNo);
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
        this.current.pushNormalized(line, this.lineNo);
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
    this.current.pushText(text, this.lineNo);
  }

  finish(): Logs {
    this.close();
    if (this.failedSkipped > 0)
      this.notes.push(
        `job "${this.options.job}": ${this.failedSkipped} later failed steps not kept: the steps before them already hold ${this.failedKept} lines of failures`,
      );
    return { steps: this.steps, notes: this.notes };
  }
}

export function splitSteps(lines: Iterable<string>, options: SplitOptions): LogStep[] {
  const splitter = new StepSplitter(options);
  for (const l of lines) splitter.push(l);
  return splitter.finish().steps;
}

// A byte prefilter for TRIGGER: every line TRIGGER matches holds one of these, so only the lines
// holding one are decoded and tested. Buffer#indexOf runs at memory speed over a whole block,
// fastest when a needle starts with a rare byte (measured on the bench log and on
// ../shared/logs: 'ail' costs twice 'Fail' and 'fail' together, 'Traceback' four times 'ceback';
// ✖ and ● are found by their last two bytes, as their first is every symbol's).
const NEEDLES = [
  'rror',
  'RROR',
  'Fail',
  'fail',
  'AIL',
  'xcept',
  'ceback',
  'ssert',
  'anic',
  'PANIC',
  'Fatal',
  'fatal',
  'FATAL',
  'not ok',
  'xpected',
  'undef',
  'annot',
  'Denied',
  'denied',
  'meout',
  'MEOUT',
  'med out',
  'E   ',
]
  .map((w) => Buffer.from(w))
  .concat([Buffer.from([0x9c, 0x96]), Buffer.from([0x97, 0x8f])]); // the ends of ✖ (E2 9C 96) and ● (E2 97 8F)
const MARKER_BYTES = Buffer.from('##[');
const NEWLINE = 10;
const TAB = 9;

/** Line flag: the line holds a NEEDLE. */
export const CANDIDATE = 1;
/** Line flag: the line holds `##[`, and is read as text. */
export const MARKER = 2;
/** Line flag: a `gh run view --log` row (job, step, timestamped line); its text starts at `texts[i]`. */
export const GH_ROW = 4;

/** Line starts and flags of one block of bytes, in arrays reused from block to block. */
export class BlockScanner {
  starts: Int32Array = new Int32Array(1 << 14);
  flags: Uint8Array = new Uint8Array(1 << 14);
  texts: Int32Array = new Int32Array(1 << 14);

  /** Scans `bytes` (whole lines, without the last newline); returns the number of lines. */
  scan(bytes: Buffer): number {
    let count = 1;
    let starts = this.starts;
    starts[0] = 0;
    for (let i = bytes.indexOf(NEWLINE); i >= 0; i = bytes.indexOf(NEWLINE, i + 1)) {
      if (count + 1 >= starts.length) starts = this.grow(starts.length * 2);
      starts[count++] = i + 1;
    }
    // A sentinel: line i ends at starts[i + 1] - 1, the last one too.
    starts[count] = bytes.length + 1;
    if (this.flags.length <= count) {
      this.flags = new Uint8Array(starts.length);
      this.texts = new Int32Array(starts.length);
    }
    const { flags, texts } = this;
    flags.fill(0, 0, count);
    const lineOf = (index: number, from: number) => {
      let lo = from;
      let hi = count - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((starts[mid] as number) <= index) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    const mark = (needle: Buffer | number, flag: number, accept?: (at: number, line: number) => boolean) => {
      let line = 0;
      for (let i = bytes.indexOf(needle); i >= 0; ) {
        line = lineOf(i, line);
        if (!accept || accept(i, line)) flags[line] = (flags[line] as number) | flag;
        // The rest of this line needs no second look for this needle.
        const next = starts[line + 1] as number;
        if (next >= bytes.length) break;
        i = bytes.indexOf(needle, next);
      }
    };
    for (const needle of NEEDLES) mark(needle, CANDIDATE);
    mark(MARKER_BYTES, MARKER);
    // gh run view --log rows: job<TAB>step<TAB>2026-01-01T00:00:00…
    mark(TAB, GH_ROW, (at, line) => {
      const second = bytes.indexOf(TAB, at + 1);
      if (second < 0 || second >= (starts[line + 1] as number)) return false;
      // The timestamp, after the byte-order mark the runner writes before a step's first line.
      const stamp = bytes[second + 1] === 0xef && bytes[second + 2] === 0xbb && bytes[second + 3] === 0xbf ? second + 3 : second;
      if (bytes[stamp + 5] !== 45 || bytes[stamp + 8] !== 45 || bytes[stamp + 11] !== 84) return false;
      texts[line] = second + 1;
      return true;
    });
    return count;
  }

  private grow(size: number): Int32Array {
    const starts = new Int32Array(size);
    starts.set(this.starts);
    this.starts = starts;
    return starts;
  }
}

/**
 * A job's log as a stream of byte chunks → normalized steps, in bounded memory: each chunk's
 * whole lines are scanned and handed on as one block; a line split across chunks is carried over
 * (and cut when it never ends).
 */
export class LogReader {
  private readonly splitter: StepSplitter;
  private readonly scanner = new BlockScanner();
  private rest: Buffer | null = null;

  constructor(options: SplitOptions) {
    this.splitter = new StepSplitter(options);
  }

  /**
   * The next chunk of the log. Its bytes are referenced, not copied, until its lines are kept or
   * dropped: a caller must hand over a fresh chunk each time (streams do) and not refill it.
   */
  write(chunk: Uint8Array | string): void {
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.rest) {
      const nl = bytes.indexOf(NEWLINE);
      if (nl < 0) {
        this.rest = carry(Buffer.concat([this.rest, bytes]));
        return;
      }
      // The line the last chunk left open ends here: it goes alone, then the rest of this chunk.
      this.block(Buffer.concat([this.rest, bytes.subarray(0, nl)]));
      this.rest = null;
      bytes = bytes.subarray(nl + 1);
    }
    const cut = bytes.lastIndexOf(NEWLINE);
    if (cut < 0) {
      if (bytes.length > 0) this.rest = carry(Buffer.from(bytes));
      return;
    }
    if (cut + 1 < bytes.length) this.rest = carry(Buffer.from(bytes.subarray(cut + 1)));
    this.block(bytes.subarray(0, cut));
  }

  /** Bytes held for a line that has not ended yet. */
  get pending(): number {
    return this.rest?.length ?? 0;
  }

  end(): Logs {
    if (this.rest) this.block(this.rest);
    this.rest = null;
    return this.splitter.finish();
  }

  private block(bytes: Buffer): void {
    const count = this.scanner.scan(bytes);
    this.splitter.pushBlock(bytes, count, this.scanner.starts, this.scanner.flags, this.scanner.texts);
  }
}

/** A line with no end in sight is cut rather than grown without bound. */
function carry(bytes: Buffer): Buffer {
  return bytes.length > MAX_LINE_BYTES * 2 ? Buffer.from(bytes.subarray(0, MAX_LINE_BYTES)) : bytes;
}

/** A job's log stream → normalized steps, in bounded memory. */
export async function splitStream(chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>, options: SplitOptions): Promise<Logs> {
  const reader = new LogReader(options);
  for await (const chunk of chunks) reader.write(chunk);
  return reader.end();
}
