import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'vitest';
import { gitEnv, githubJobLog } from '../src/sandbox/world.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SHARED_LOGS = resolve(ROOT, '..', 'shared', 'logs');
export const PROJECTS = join(ROOT, 'test', 'fixtures', 'projects');
export const BIN = join(ROOT, 'node_modules', '.bin');
/** Debian's Python, where .ci/run installs python3-pytest; the PATH one elsewhere. */
export const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** A tool that some tests run for real, and the Debian packages that bring it. */
export interface Tool {
  name: string;
  packages: string;
  present: () => boolean;
}

const pythonImports = (modules: string) => () => spawnSync(PYTHON, ['-c', `import ${modules}`], { stdio: 'ignore' }).status === 0;
export const PYTEST: Tool = { name: 'pytest', packages: 'python3-pytest', present: pythonImports('pytest') };
export const NBCLIENT: Tool = {
  name: 'pytest, nbclient and an IPython kernel',
  packages: 'python3-pytest python3-nbclient python3-ipykernel',
  present: pythonImports('pytest, nbclient, ipykernel'),
};

/** Debian's black, isort, flake8 and pre-commit (pre-commit's hooks run from them: nothing is downloaded). */
export const PYTHON_LINTERS: Tool = {
  name: 'black, isort, flake8 and pre-commit',
  packages: 'black isort flake8 pre-commit',
  present: () => ['black', 'isort', 'flake8', 'pre-commit'].every((t) => spawnSync(t, ['--version'], { stdio: 'ignore' }).status === 0),
};

const found = new Map<Tool, boolean>();
/**
 * `it` for tests that need `tool`. Where the machine lacks it they are skipped with one line
 * naming the packages, so `npm ci && npm test` passes on a new machine; under
 * CI_AUTOFIX_REQUIRE_TOOLS=1 (set by .ci/run, which installs them) they fail instead, so CI
 * never passes on a skip.
 */
type TestFn = (name: string, fn: () => unknown, timeout?: number) => void;

export function itWith(tool: Tool): TestFn {
  let present = found.get(tool);
  if (present === undefined) {
    present = tool.present();
    found.set(tool, present);
    if (!present && process.env.CI_AUTOFIX_REQUIRE_TOOLS !== '1') {
      process.stderr.write(`skipped: tests that run ${tool.name} (Debian: apt-get install -y ${tool.packages})\n`);
    }
  }
  if (present) return it;
  if (process.env.CI_AUTOFIX_REQUIRE_TOOLS !== '1') return it.skip;
  return (name, _fn, timeout) =>
    it(
      name,
      () => {
        throw new Error(`${tool.name} is missing and CI_AUTOFIX_REQUIRE_TOOLS=1 forbids skipping: apt-get install -y ${tool.packages}`);
      },
      timeout,
    );
}

const temps: string[] = [];
export function tempDir(prefix = 'ci-autofix-test-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}
export function cleanTemps(): void {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
}

/**
 * Really runs `command` on a copy of a fixture project and returns its output as GitHub
 * writes a job log, with the runner's checkout path where the copy was.
 */
export function producedLog(project: string, command: string, env: NodeJS.ProcessEnv = process.env): { log: string; exitCode: number; dir: string } {
  const dir = join(tempDir(), 'repo');
  cpSync(join(PROJECTS, project), dir, { recursive: true });
  const r = spawnSync('bash', ['-c', command], { cwd: dir, env: { ...env, PATH: `${BIN}:${env.PATH}`, NO_COLOR: '1' }, encoding: 'utf8', timeout: 120_000 });
  const output = `${r.stdout}${r.stderr}`.split(`${dir}/`).join('/home/runner/work/repo/repo/');
  return { log: githubJobLog([{ name: command, command, output, exitCode: r.status ?? 1 }]), exitCode: r.status ?? 1, dir };
}

/** A git repository in a temp dir with the given files committed, dates and identity pinned. */
export function gitRepo(files: Record<string, string>): { dir: string; env: NodeJS.ProcessEnv; git: (...args: string[]) => string } {
  const dir = tempDir();
  const home = join(dir, '.home');
  mkdirSync(home);
  const env = gitEnv(home);
  const repo = join(dir, 'repo');
  mkdirSync(repo);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env, encoding: 'utf8' });
  git('init', '--quiet', '-b', 'main');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
  git('add', '--all');
  git('commit', '--quiet', '-m', 'initial');
  return { dir: repo, env, git };
}

/**
 * The workflow commands the runner would act on in a step's output, read as it reads them:
 * `::name props::data` at a line's start (after blanks), none between `::stop-commands::TOKEN`
 * and `::TOKEN::`. Returns `name::data` for each.
 */
export function runnerCommands(stdout: string): string[] {
  const acted: string[] = [];
  let stoppedBy: string | null = null;
  for (const raw of stdout.split(/\r?\n/)) {
    const line = raw.trim();
    if (stoppedBy) {
      if (line === `::${stoppedBy}::`) stoppedBy = null;
      continue;
    }
    const m = /^::([\w-]+)(?: [^:]*)?::(.*)$/.exec(line);
    if (!m) continue;
    acted.push(`${m[1]}::${m[2]}`);
    if (m[1] === 'stop-commands') stoppedBy = m[2] ?? '';
  }
  return acted;
}
