import { spawn } from 'node:child_process';
import { access, readFile, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import type { SyntaxResult } from '../../patch/check-syntax.js';
import type { Definition, RunOptions, Workspace } from '../../ports.js';
import type { CommandResult, RecentChange } from '../../types.js';
import { UserError } from '../../user-error.js';
import { scrubEnv } from '../../verify/scrub-env.js';
import { Git } from './git.js';

const SOURCE_PATHSPECS = [
  '*.py',
  '*.js',
  '*.jsx',
  '*.mjs',
  '*.cjs',
  '*.ts',
  '*.tsx',
  '*.mts',
  '*.cts',
  '*.go',
  '*.rs',
  '*.rb',
  '*.php',
  '*.java',
  '*.kt',
  '*.cs',
  '*.scala',
];

/**
 * A line that defines one of `names` (an ERE alternation): `def n(`, `class N`, `function n(`,
 * `n(…) {` as a method, `n = (…) =>` or `n: function`, `func (r T) n(`.
 */
function definitionPattern(names: string): string {
  return [
    `^\\s*(async[[:space:]]+)?def[[:space:]]+(${names})[[:space:]]*\\(`,
    `^\\s*(export[[:space:]]+)?(default[[:space:]]+)?(abstract[[:space:]]+)?class[[:space:]]+(${names})\\b`,
    `function\\*?[[:space:]]+(${names})[[:space:]]*[<(]`,
    `^\\s*((public|private|protected|static|async|get|set|override|readonly)[[:space:]]+)*(${names})[[:space:]]*(<[^>]*>)?\\([^)]*\\)?[^;=]*\\{[[:space:]]*$`,
    `^\\s*(export[[:space:]]+)?(const|let|var)[[:space:]]+(${names})[[:space:]]*(:[^=]+)?=[[:space:]]*(async[[:space:]]*)?(function|\\(|[A-Za-z_$][[:alnum:]_$]*[[:space:]]*=>)`,
    `^func[[:space:]]+(\\([^)]*\\)[[:space:]]*)?(${names})[[:space:]]*[(\\[]`,
    // Rust, Kotlin, Scala, Ruby and PHP by their keyword; Java and C# by a typed method head.
    `^\\s*(pub(\\([a-z]+\\))?[[:space:]]+)?(async[[:space:]]+)?(unsafe[[:space:]]+)?fn[[:space:]]+(${names})[[:space:]]*[<(]`,
    `^\\s*((private|public|internal|protected|override|suspend|open|inline)[[:space:]]+)*(fun|def)[[:space:]]+(<[^>]*>[[:space:]]*)?([A-Za-z_][[:alnum:]_.]*\\.)?(${names})[[:space:]]*[[(]`,
    `^\\s*def[[:space:]]+(self\\.)?(${names})\\b`,
    `^\\s*((public|private|protected|internal|static|final|abstract|synchronized|virtual|override|async|sealed)[[:space:]]+)+[[:alnum:]_<>,.?]+[[:space:]]+(${names})[[:space:]]*\\(`,
  ].join('|');
}

/** A POSIX ERE of definitionPattern's as a JavaScript regular expression. */
function asJsRegExp(ere: string): string {
  return ere.replaceAll('[[:space:]]', '\\s').replaceAll('[:alnum:]', 'a-zA-Z0-9');
}

export const OUTPUT_TAIL_BYTES = 64 * 1024;

/** The checked-out repository, through real git and a real shell. */
export class GitWorkspace implements Workspace {
  readonly root: string;
  readonly git: Git;
  private readonly secrets: string[];
  constructor(root: string, secrets: string[] = []) {
    this.root = resolve(root);
    this.git = new Git(this.root);
    this.secrets = secrets;
  }

  private abs(path: string): string | null {
    if (isAbsolute(path)) return null;
    const p = resolve(this.root, path);
    const rel = relative(this.root, p);
    return rel.startsWith('..') || isAbsolute(rel) ? null : p;
  }

  async readFile(path: string): Promise<string | null> {
    const p = this.abs(path);
    if (!p || !(await this.isInside(path))) return null;
    try {
      return await readFile(p, 'utf8');
    } catch {
      return null;
    }
  }

  async fileExists(path: string): Promise<boolean> {
    const p = this.abs(path);
    if (!p) return false;
    try {
      await access(p);
      return true;
    } catch {
      return false;
    }
  }

  async isInside(path: string): Promise<boolean> {
    const p = this.abs(path);
    if (!p) return false;
    const root = await realpath(this.root);
    // Resolve the deepest existing ancestor: a new file's parent may be a symlink out.
    let probe = p;
    for (;;) {
      try {
        const real = await realpath(probe);
        const rel = relative(root, real);
        return !(rel.startsWith('..') || isAbsolute(rel));
      } catch {
        const parent = resolve(probe, '..');
        if (parent === probe) return false;
        probe = parent;
      }
    }
  }

  async isClean(): Promise<boolean> {
    const r = await this.git.run(['status', '--porcelain', '--untracked-files=normal']);
    return r.trim() === '';
  }

  /** Tracked files' lines matching `ere` (git grep -E), at most 2,000. */
  async searchFiles(ere: string, pathspecs: readonly string[]): Promise<{ file: string; line: number; text: string }[]> {
    const r = await this.git.exec(['grep', '-n', '-I', '-E', '--no-color', '-e', ere, '--', ...pathspecs]);
    if (r.exitCode > 1) return [];
    const out: { file: string; line: number; text: string }[] = [];
    for (const row of r.stdout.split('\n')) {
      const m = /^(.+?):(\d+):(.*)$/.exec(row);
      if (m?.[1]) out.push({ file: m[1], line: Number(m[2]), text: m[3] ?? '' });
      if (out.length >= 2000) break;
    }
    return out;
  }

  /**
   * The definitions of `names` in the tracked source files, found with `git grep` (which reads
   * the index's files at disk speed, in parallel): Python `def`/`class`, JavaScript and
   * TypeScript functions, methods, arrow functions and classes, Go `func`s, Rust `fn`s, Kotlin
   * and Scala `fun`/`def`s, Ruby `def`s, PHP functions, Java and C# methods.
   */
  async findDefinitions(names: readonly string[]): Promise<Definition[]> {
    const safe = [...new Set(names)].filter((n) => /^[A-Za-z_$][\w$]{1,80}$/.test(n)).slice(0, 60);
    if (safe.length === 0) return [];
    const alt = safe.map((n) => n.replace(/\$/g, '\\$')).join('|');
    const out: Definition[] = [];
    for (const { file, line, text } of await this.searchFiles(definitionPattern(alt), SOURCE_PATHSPECS)) {
      // Which name the line defines: the same pattern, one name at a time, in JavaScript's dialect.
      const name = safe.find((n) => new RegExp(asJsRegExp(definitionPattern(n.replace(/\$/g, '\\$')))).test(text));
      if (name) out.push({ name, file, line });
    }
    return out;
  }

  /**
   * Each file's diff from `ref` (the last commit CI passed on) to the work tree, as the compare API
   * gives it: the hunks, without the file headers. Throws UserError when `ref` names no commit.
   */
  async changesSince(ref: string): Promise<RecentChange[]> {
    const known = await this.git.exec(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    if (known.exitCode !== 0)
      throw new UserError(`--since ${ref} names no commit of this repository: give the last commit CI passed on (a sha, a tag or a branch).`);
    const diff = await this.git.run(['diff', '--no-color', '--no-ext-diff', '-U3', ref, '--']);
    const changes: RecentChange[] = [];
    for (const part of diff.split(/^diff --git /m).slice(1)) {
      const file = /^\+\+\+ b\/(.+)$/m.exec(part)?.[1] ?? /^--- a\/(.+)$/m.exec(part)?.[1];
      const hunks = part.indexOf('\n@@');
      if (file && hunks >= 0) changes.push({ file, patch: part.slice(hunks + 1).replace(/\n$/, '') });
    }
    return changes;
  }

  async headSha(): Promise<string> {
    return (await this.git.run(['rev-parse', 'HEAD'])).trim();
  }

  async checkPatch(patch: string): Promise<string | null> {
    const r = await this.git.exec(['apply', '--check', '--verbose', '-'], { input: patch });
    if (r.exitCode === 0) return null;
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('error:'));
    return errors.map((l) => l.slice('error: '.length)).join('; ') || r.stderr.trim() || `exit ${r.exitCode}`;
  }

  async applyPatch(patch: string): Promise<void> {
    await this.git.run(['apply', '-'], { input: patch });
  }

  async diff(): Promise<string> {
    return this.git.run(['diff', '--no-color', '--no-ext-diff', '--no-renames', 'HEAD', '--']);
  }

  async reset(): Promise<void> {
    await this.git.run(['reset', '--hard', '--quiet', 'HEAD']);
    await this.git.run(['clean', '-fd', '--quiet']);
  }

  /** Runs a shell command in the repository without credentials, killing its process group on timeout. */
  run(command: string, options: RunOptions): Promise<CommandResult> {
    const started = Date.now();
    return new Promise((done) => {
      const env = scrubEnv({ ...process.env, ...options.env }, this.secrets);
      const child = spawn('bash', ['-c', command], { cwd: this.root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      let tail = '';
      const keep = (chunk: Buffer) => {
        tail += chunk.toString('utf8');
        if (tail.length > OUTPUT_TAIL_BYTES * 2) tail = tail.slice(-OUTPUT_TAIL_BYTES);
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }, options.timeoutMs);
      const finish = (exitCode: number) => {
        clearTimeout(timer);
        done({ command, exitCode, output: tail.slice(-OUTPUT_TAIL_BYTES), timedOut, durationMs: Date.now() - started });
      };
      child.on('error', (e) => {
        tail += `\n${e.message}`;
        finish(127);
      });
      child.on('close', (code, signal) => finish(code ?? (signal ? 128 : 1)));
    });
  }

  /** Parses one file with the checkout's own toolchain, in a child process without credentials. */
  async checkSyntax(file: string, language: 'python' | 'javascript'): Promise<SyntaxResult> {
    const q = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
    const abs = this.abs(file);
    if (!abs) return { file, status: 'error', detail: 'outside the repository' };
    const command =
      language === 'python'
        ? `command -v python3 >/dev/null || exit 99; python3 -c 'import ast,sys; ast.parse(open(sys.argv[1], encoding="utf-8").read(), sys.argv[1])' ${q(abs)}`
        : `${q(process.execPath)} --check ${q(abs)}`;
    const r = await this.run(command, { timeoutMs: 60_000 });
    if (r.exitCode === 99) return { file, status: 'not_checked', detail: 'python3 is not on the runner' };
    if (r.exitCode === 0) return { file, status: 'ok', detail: language };
    return { file, status: 'error', detail: r.output.trim().split('\n').filter(Boolean).slice(-1)[0]?.slice(0, 300) ?? `exit ${r.exitCode}` };
  }
}
