import { getExecOutput } from '@actions/exec';

export interface GitResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** The one way this project runs git: unattended, output captured, never throwing on exit codes. */
export class Git {
  readonly cwd: string;
  constructor(cwd: string) {
    this.cwd = cwd;
  }

  async exec(args: string[], opts: { env?: Record<string, string>; input?: string } = {}): Promise<GitResult> {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
    Object.assign(env, { GIT_TERMINAL_PROMPT: '0', GCM_INTERACTIVE: 'never', LC_ALL: 'C' }, opts.env);
    const result = await getExecOutput('git', args, {
      cwd: this.cwd,
      env,
      silent: true,
      ignoreReturnCode: true,
      ...(opts.input !== undefined ? { input: Buffer.from(opts.input) } : {}),
    });
    return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
  }

  /** Runs git and throws with its stderr when it fails. */
  async run(args: string[], opts: { env?: Record<string, string>; input?: string } = {}): Promise<string> {
    const r = await this.exec(args, opts);
    if (r.exitCode !== 0) throw new Error(`git ${args[0]} failed (exit ${r.exitCode}): ${r.stderr.trim() || r.stdout.trim()}`);
    return r.stdout;
  }
}
