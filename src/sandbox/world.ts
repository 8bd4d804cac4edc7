import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitHubEmulator } from './github-emulator.js';
import { ModelServer, type ScriptedReply, type Upstream } from './model-server.js';
import { runShell } from './process.js';

export const SANDBOX_TOKEN = 'ghs_sandboxtoken0123456789';
const STAMP = '2026-01-01T00:00:00.0000000Z';

/** git with a fixed identity and dates, no user or system config: reproducible commits. */
export function gitEnv(home: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: join(home, '.gitconfig'),
    GIT_AUTHOR_NAME: 'Dev',
    GIT_AUTHOR_EMAIL: 'dev@example.com',
    GIT_COMMITTER_NAME: 'Dev',
    GIT_COMMITTER_EMAIL: 'dev@example.com',
    GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
    GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
    GIT_TERMINAL_PROMPT: '0',
  };
}

export function git(cwd: string, args: string[], env: NodeJS.ProcessEnv): string {
  return execFileSync('git', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A local checkout's paths in a command's output, as a hosted runner prints them. */
export function runnerPaths(output: string, dir: string, repo: string): string {
  return output.split(`file://${dir}/`).join(`file:///home/runner/work/${repo}/${repo}/`).split(`${dir}/`).join(`/home/runner/work/${repo}/${repo}/`);
}

/** Wraps a command's output as GitHub writes a job log: timestamps, step groups, the exit-code error. */
export function githubJobLog(steps: { name: string; command?: string; output: string; exitCode: number; runnerLines?: string[] }[]): string {
  const out: string[] = [];
  const put = (l: string) => out.push(`${STAMP} ${l}`);
  put("Current runner version: '2.330.0'");
  put('##[group]Operating System');
  put('Ubuntu 24.04.3 LTS');
  put('##[endgroup]');
  for (const s of steps) {
    if (s.command !== undefined) {
      put(`##[group]Run ${s.command.split('\n')[0]}`);
      for (const l of s.command.split('\n')) put(l);
      put('shell: /usr/bin/bash -e {0}');
      put('##[endgroup]');
    } else {
      put(`##[group]Run ${s.name}`);
      put('##[endgroup]');
    }
    for (const l of s.output.replace(/\n$/, '').split('\n')) put(l);
    if (s.exitCode !== 0) put(`##[error]Process completed with exit code ${s.exitCode}.`);
    for (const l of s.runnerLines ?? []) put(l);
  }
  put('Post job cleanup.');
  put('Cleaning up orphan processes');
  return `${out.join('\n')}\n`;
}

export interface WorldOptions {
  /** The project's files, copied as the failing commit. */
  project: string;
  owner?: string;
  repo?: string;
  /** The branch the failed run ran on. */
  branch?: string;
  /** The step that failed and the command it ran (run for real to produce the log). */
  stepName?: string;
  command: string;
  /** Run the command with this environment (the runner's toolchain). */
  commandEnv?: NodeJS.ProcessEnv;
  /** The job's `timeout-minutes`, in milliseconds: past it the command is killed and the log ends as the runner's does. */
  timeoutMs?: number;
  /** Use this output instead of running the command (for failures that cannot happen here). */
  output?: string;
  exitCode?: number;
  event?: string;
  headRepository?: string;
  pullRequest?: { number: number; headRef: string; baseRef: string };
  runId?: number;
  conclusion?: string;
  jobConclusion?: string;
  script?: ScriptedReply[];
  /** Forward the model calls to a live provider (and record its answers) instead of replaying `script`. */
  upstream?: Upstream;
  /** The project as it was at the last green run of the workflow (committed before the failing one). */
  lastGreen?: string;
  /** The log of the green run's job of the same name (with lastGreen): what passing looked like. */
  passLog?: string;
  /** The branch the last green run ran on (default: the failed run's). */
  lastGreenBranch?: string;
  /** Changes the project's copy before it is committed (a symlink, a generated file). */
  prepare?: (dir: string) => void;
}

export interface World {
  root: string;
  emulator: GitHubEmulator;
  model: ModelServer;
  bare: string;
  workspace: string;
  runId: number;
  headSha: string;
  branch: string;
  log: string;
  home: string;
  /** The environment the runner gives `node dist/index.js`. */
  actionEnv(inputs: Record<string, string>, extra?: Record<string, string>): Record<string, string>;
  outputFile: string;
  summaryFile: string;
  eventFile: string;
  stop(): Promise<void>;
}

/**
 * A failed run on loopback: a bare remote holding the failing commit, a GitHub emulator that
 * knows the run and its log (produced by really running the command), a model server, and a
 * checkout as `actions/checkout` leaves it (shallow, detached, no persisted credentials).
 */
export async function createWorld(o: WorldOptions): Promise<World> {
  const owner = o.owner ?? 'acme';
  const repo = o.repo ?? 'widgets';
  const branch = o.branch ?? 'main';
  const runId = o.runId ?? 4242;
  const root = mkdtempSync(join(tmpdir(), 'ci-autofix-world-'));
  const home = join(root, 'home');
  mkdirSync(home);
  const env = gitEnv(home);
  writeFileSync(join(home, '.gitconfig'), '[init]\n\tdefaultBranch = main\n[safe]\n\tdirectory = *\n');
  const bare = join(root, 'remote', owner, `${repo}.git`);
  mkdirSync(bare, { recursive: true });
  git(bare, ['init', '--quiet', '--bare'], env);

  // The failing commit, pushed to the default branch and to the run's branch.
  const seed = join(root, 'seed');
  const copyProject = (from: string) =>
    cpSync(from, seed, {
      recursive: true,
      filter: (src) => !/(^|\/)(node_modules|\.git|__pycache__|\.pytest_cache)(\/|$)/.test(src.slice(from.length)),
    });
  let greenSha: string | null = null;
  if (o.lastGreen) {
    // The last green commit first; the failing commit replaces its files.
    copyProject(o.lastGreen);
    git(seed, ['init', '--quiet'], env);
    git(seed, ['add', '--all'], env);
    git(seed, ['commit', '--quiet', '-m', 'Last green'], env);
    greenSha = git(seed, ['rev-parse', 'HEAD'], env).trim();
    for (const entry of readdirSync(seed)) if (entry !== '.git') rmSync(join(seed, entry), { recursive: true, force: true });
  }
  copyProject(o.project);
  o.prepare?.(seed);
  if (!greenSha) git(seed, ['init', '--quiet'], env);
  git(seed, ['add', '--all'], env);
  git(seed, ['commit', '--quiet', '-m', 'Change that breaks the tests'], env);
  const headSha = git(seed, ['rev-parse', 'HEAD'], env).trim();
  git(seed, ['push', '--quiet', bare, 'HEAD:refs/heads/main'], env);
  if (branch !== 'main') git(seed, ['push', '--quiet', bare, `HEAD:refs/heads/${branch}`], env);

  // The runner's log: the command really run on the failing commit, at the runner's paths.
  let output = o.output;
  let exitCode = o.exitCode ?? 1;
  let runnerLines: string[] = [];
  if (output === undefined) {
    const r = await runShell(o.command, seed, { ...(o.commandEnv ?? process.env), CI: 'true', FORCE_COLOR: '0', NO_COLOR: '1' }, o.timeoutMs ?? 120_000);
    output = r.output;
    exitCode = r.exitCode;
    output = runnerPaths(output, seed, repo);
    if (r.timedOut) {
      // What the runner writes when a job passes its `timeout-minutes` and it cancels the step.
      // https://docs.github.com/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idtimeout-minutes
      const minutes = Math.max(1, Math.round((o.timeoutMs ?? 120_000) / 60_000));
      runnerLines = [
        `##[error]The job running on runner GitHub Actions 2 has exceeded the maximum execution time of ${minutes} minutes.`,
        '##[error]The operation was canceled.',
      ];
    }
  }
  const stepName = o.stepName ?? `Run ${o.command.split('\n')[0]}`;
  const log = githubJobLog([
    { name: 'actions/checkout@v4', output: `Syncing repository: ${owner}/${repo}`, exitCode: 0 },
    { name: stepName, command: o.command, output, exitCode: runnerLines.length ? 0 : exitCode, runnerLines },
  ]);
  rmSync(seed, { recursive: true, force: true });

  const emulator = new GitHubEmulator({ owner, repo, token: SANDBOX_TOKEN, bareRepo: bare });
  await emulator.start();
  emulator.addRun(
    {
      id: runId,
      name: 'CI',
      headSha,
      headBranch: branch,
      event: o.event ?? (o.pullRequest ? 'pull_request' : 'push'),
      status: 'completed',
      conclusion: o.conclusion ?? 'failure',
      attempt: 1,
      headRepository: o.headRepository ?? `${owner}/${repo}`,
      pullRequests: o.pullRequest ? [o.pullRequest] : [],
    },
    [
      { id: runId * 10 + 1, name: 'lint', conclusion: 'success', steps: [{ name: 'Set up job', conclusion: 'success' }], log: 'ok\n' },
      {
        id: runId * 10 + 2,
        name: 'test',
        conclusion: o.jobConclusion ?? 'failure',
        steps: [
          { name: 'Set up job', conclusion: 'success' },
          { name: 'Run actions/checkout@v4', conclusion: 'success' },
          { name: stepName, conclusion: 'failure' },
        ],
        log,
      },
    ],
  );
  if (greenSha) {
    emulator.addRun(
      {
        id: runId - 1,
        name: 'CI',
        headSha: greenSha,
        headBranch: o.lastGreenBranch ?? branch,
        event: 'push',
        status: 'completed',
        conclusion: 'success',
        attempt: 1,
        headRepository: `${owner}/${repo}`,
        pullRequests: [],
      },
      o.passLog === undefined
        ? []
        : [{ id: (runId - 1) * 10 + 2, name: 'test', conclusion: 'success', steps: [{ name: stepName, conclusion: 'success' }], log: o.passLog }],
    );
  }
  const model = new ModelServer(o.script ?? [], o.upstream ?? null);
  await model.start();

  // actions/checkout with persist-credentials: false: shallow, detached at the failing commit.
  const workspace = join(root, 'workspace', repo);
  mkdirSync(workspace, { recursive: true });
  git(workspace, ['init', '--quiet'], env);
  // Fetched from the bare repository's path (a synchronous fetch over HTTP would block the
  // emulator serving it in this same process); origin is the emulator's smart-HTTP URL.
  git(workspace, ['fetch', '--quiet', '--depth=1', `file://${bare}`, `+${headSha}:refs/remotes/origin/${branch}`], env);
  git(workspace, ['remote', 'add', 'origin', emulator.gitUrl], env);
  git(workspace, ['checkout', '--quiet', '--detach', headSha], env);

  const temp = join(root, 'runner-temp');
  mkdirSync(temp);
  const outputFile = join(temp, 'output');
  const summaryFile = join(temp, 'summary.md');
  const eventFile = join(temp, 'event.json');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  writeFileSync(
    eventFile,
    JSON.stringify({
      action: 'completed',
      workflow_run: { id: runId, run_attempt: 1, conclusion: o.conclusion ?? 'failure', head_sha: headSha, head_branch: branch },
    }),
  );

  return {
    root,
    emulator,
    model,
    bare,
    workspace,
    runId,
    headSha,
    branch,
    log,
    home,
    outputFile,
    summaryFile,
    eventFile,
    actionEnv(inputs, extra = {}) {
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(gitEnv(home))) if (v !== undefined && !k.startsWith('INPUT_')) env[k] = v;
      for (const k of ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL']) delete env[k];
      const all = { 'github-token': SANDBOX_TOKEN, 'base-url': model.baseUrl, model: 'gpt-4o-mini', 'api-key': 'sk-sandbox', ...inputs };
      for (const [k, v] of Object.entries(all)) env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v;
      return {
        ...env,
        GITHUB_ACTIONS: 'true',
        CI: 'true',
        GITHUB_EVENT_NAME: 'workflow_run',
        GITHUB_EVENT_PATH: eventFile,
        GITHUB_REPOSITORY: `${owner}/${repo}`,
        GITHUB_API_URL: emulator.apiUrl,
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_WORKSPACE: workspace,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        RUNNER_TEMP: temp,
        GITHUB_TOKEN: SANDBOX_TOKEN,
        ...extra,
      };
    },
    async stop() {
      await emulator.stop();
      await model.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Parses the GITHUB_OUTPUT file the action wrote (`name<<delimiter` blocks). */
export function readOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '');
    if (m?.[1] && m[2]) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i] ?? '');
      out[m[1]] = value.join('\n');
    } else {
      const kv = /^([^=]+)=(.*)$/.exec(lines[i] ?? '');
      if (kv?.[1]) out[kv[1]] = kv[2] ?? '';
    }
  }
  return out;
}
