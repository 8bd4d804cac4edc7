import type { LogStep, Logs } from '../types.js';

// The runner prefixes every line with an ISO-8601 timestamp (7 fraction digits) and,
// at step starts, sometimes a byte-order mark.
const TIMESTAMP = /^\uFEFF?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z ?/;
// CSI sequences (colours, cursor moves) and OSC sequences (hyperlinks, titles).
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are control characters
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
// `gh run view --log` captures: job<TAB>step<TAB>timestamp line.
const GH_CLI = /^([^\t]+)\t([^\t]*)\t(.*)$/;

/** Turns an absolute runner path into a repository-relative one. */
export function makePathRelative(line: string, workspace?: string): string {
  let out = line;
  if (workspace && workspace.length > 1) {
    const ws = workspace.endsWith('/') ? workspace : `${workspace}/`;
    out = out.split(`file://${ws}`).join('').split(ws).join('');
  }
  // Hosted runners check out into /home/runner/work/<repo>/<repo>/, container jobs into
  // /__w/<repo>/<repo>/, Windows runners into D:\a\<repo>\<repo>\.
  return out
    .replace(/(?:file:\/\/)?\/home\/runner\/work\/([^/\s]+)\/\1\//g, '')
    .replace(/(?:file:\/\/)?\/__w\/([^/\s]+)\/\1\//g, '')
    .replace(/(?:file:\/\/\/)?[A-Za-z]:\\a\\([^\\\s]+)\\\1\\([^\s:"'()]*)/g, (_m, _r, rest: string) => rest.replace(/\\/g, '/'));
}

/** Longer lines are cut: no error message needs more, and regexes stay linear on hostile input. */
export const MAX_LINE_CHARS = 4096;

export function stripLine(raw: string): string {
  let line = raw.length > MAX_LINE_CHARS * 2 ? raw.slice(0, MAX_LINE_CHARS * 2) : raw;
  line = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (line.includes('\r')) line = line.slice(line.lastIndexOf('\r') + 1);
  return line
    .replace(TIMESTAMP, '')
    .replace(ANSI, '')
    .replace(/^\uFEFF/, '');
}

export interface SplitOptions {
  job: string;
  /** Step names the jobs API reports as failed. */
  failedSteps?: string[];
  workspace?: string;
}

/**
 * Splits one job's raw log into normalized steps. A step starts at `##[group]Run <command>`
 * (the runner's header for a `run:` step); its command is the group's body up to `shell:`.
 */
export function splitSteps(lines: Iterable<string>, options: SplitOptions): LogStep[] {
  const steps: LogStep[] = [];
  let current: LogStep = { job: options.job, name: 'Set up job', failed: false, lines: [] };
  let inRunGroup = false;
  let commandLines: string[] | null = null;
  let cliStep: string | null = null;
  const failedSteps = new Set(options.failedSteps ?? []);

  const start = (name: string, job = options.job) => {
    if (current.lines.length > 0 || current.command) steps.push(current);
    current = { job, name, failed: failedSteps.has(name), lines: [] };
  };

  for (const raw of lines) {
    let text = raw;
    const cli = GH_CLI.exec(stripLine(raw));
    if (cli && /^\d{4}-\d\d-\d\dT/.test(cli[3] ?? '')) {
      const [, job = '', step = ''] = cli;
      text = cli[3] ?? '';
      if (step !== cliStep) {
        cliStep = step;
        start(step, job);
      }
    }
    let line = makePathRelative(stripLine(text), options.workspace);
    if (line.length > MAX_LINE_CHARS) line = `${line.slice(0, MAX_LINE_CHARS)} …(line cut)`;
    if (line.startsWith('##[group]')) {
      const title = line.slice('##[group]'.length);
      if (title.startsWith('Run ') && cliStep === null) {
        start(title);
        inRunGroup = true;
        commandLines = [];
      } else if (title.startsWith('Run ')) {
        inRunGroup = true;
        commandLines = [];
      }
      continue;
    }
    if (line.startsWith('##[endgroup]')) {
      if (inRunGroup && commandLines) current.command = commandLines.join('\n').trim() || current.name.slice(4);
      inRunGroup = false;
      commandLines = null;
      continue;
    }
    if (inRunGroup && commandLines) {
      if (/^shell: /.test(line)) {
        current.command = commandLines.join('\n').trim();
        commandLines = null;
      } else {
        commandLines.push(line);
      }
      continue;
    }
    if (inRunGroup) continue; // shell:/env: lines of the step header
    if (line.startsWith('##[error]')) {
      current.failed = true;
      current.lines.push(line);
      continue;
    }
    if (line.startsWith('##[')) continue; // ##[debug], ##[warning] noise and other markers
    current.lines.push(line);
  }
  if (current.lines.length > 0 || current.command) steps.push(current);
  // Post-job clean-up steps run after the failure and never hold its cause.
  return steps;
}

export function normalizeJobLog(text: string, options: SplitOptions): Logs {
  return { steps: splitSteps(text.split('\n'), options), notes: [] };
}
