import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import type { LastGreen, RawJobLog, RunSource } from '../../ports.js';
import type { RunRef } from '../../types.js';
import { UserError } from '../../user-error.js';
import type { Octokit } from './octokit.js';

function status(error: unknown): number | undefined {
  return (error as { status?: number }).status;
}

/** Runs and failed-job logs through the REST API. */
/** How long to wait before each retry of a log that is not ready yet (404 just after the run). */
export const LOG_NOT_READY_DELAYS_MS = [5_000, 10_000, 20_000];

/** The names in a zip archive, read from its central directory without decompressing anything. */
function zipNames(zip: Uint8Array): string[] {
  const names: string[] = [];
  unzipSync(zip, {
    filter: (f) => {
      names.push(f.name);
      return false;
    },
  });
  return names;
}

// Compressed bytes fed to the decompressor at a time: what it yields per step is at most
// DEFLATE's largest ratio (1032:1) times this, 4 MB, and about 40 KB for a typical log.
const ZIP_SLICE = 4 * 1024;

/** One entry of a zip archive, decompressed as a stream of fresh chunks. */
function* zipEntry(zip: Uint8Array, name: string): Generator<Uint8Array> {
  const ready: Uint8Array[] = [];
  let failure: Error | null = null;
  let done = false;
  const unzip = new Unzip((file) => {
    if (file.name !== name) return;
    file.ondata = (error, data, final) => {
      if (error) failure = error;
      else if (data.length > 0) ready.push(data);
      if (final) done = true;
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  for (let at = 0; at < zip.length && !done; at += ZIP_SLICE) {
    unzip.push(zip.subarray(at, at + ZIP_SLICE), at + ZIP_SLICE >= zip.length);
    if (failure) throw new Error(`Could not read ${name} from the run's log archive: ${(failure as Error).message}`);
    while (ready.length > 0) yield ready.shift() as Uint8Array;
  }
}

/**
 * A job's log from the run's log archive, decompressed as it is read. Its layout: `<n>_<job>.txt`
 * at the root for each job, and a folder per job with a `<n>_<step>.txt` file per step (read in
 * step order). Null when the archive has neither for this job.
 */
export function jobLogFromZip(zip: Uint8Array, job: string): Iterable<Uint8Array> | null {
  const safe = job.replace(/[/\\:*?"<>|]/g, '');
  let names: string[];
  try {
    names = zipNames(zip);
  } catch (error) {
    throw new Error(`The run's log archive could not be read: ${(error as Error).message}`, { cause: error });
  }
  const root = names.find((n) => !n.includes('/') && n.replace(/^\d+_/, '').replace(/\.txt$/, '') === safe);
  if (root) return zipEntry(zip, root);
  const steps = names
    .filter((n) => n.startsWith(`${safe}/`) && n.endsWith('.txt'))
    .sort((a, b) => Number(/\/(\d+)_/.exec(a)?.[1] ?? 0) - Number(/\/(\d+)_/.exec(b)?.[1] ?? 0));
  if (steps.length === 0) return null;
  return (function* () {
    for (const step of steps) yield* zipEntry(zip, step);
  })();
}

export class GitHubRunSource implements RunSource {
  private readonly octokit: Octokit;
  private readonly owner: string;
  private readonly repo: string;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly log: (message: string) => void;
  constructor(octokit: Octokit, owner: string, repo: string, options: { sleep?: (ms: number) => Promise<void>; log?: (message: string) => void } = {}) {
    this.octokit = octokit;
    this.owner = owner;
    this.repo = repo;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.log = options.log ?? (() => undefined);
  }

  /** The job log as a byte stream; null when it is not there (after waiting for it to be ready). */
  /** A job's log as a stream (the API's redirect to the log, followed; the body left unparsed). Throws the request's error. */
  private async downloadJobLog(jobId: number): Promise<AsyncIterable<Uint8Array>> {
    const response = await this.octokit.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs', {
      owner: this.owner,
      repo: this.repo,
      job_id: jobId,
      request: { parseSuccessResponseBody: false },
    });
    const body = response.data as unknown;
    if (body && typeof body === 'object' && Symbol.asyncIterator in body) return body as AsyncIterable<Uint8Array>;
    return [typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body as ArrayBuffer)] as unknown as AsyncIterable<Uint8Array>;
  }

  private async jobLogStream(jobId: number, name: string, run: RunRef): Promise<AsyncIterable<Uint8Array> | null> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.downloadJobLog(jobId);
      } catch (error) {
        if (status(error) === 410) {
          throw new UserError(`The logs of job "${name}" (run ${run.runId}) have expired (HTTP 410). Re-run the failed jobs to produce fresh logs.`, {
            cause: error,
          });
        }
        if (status(error) !== 404) throw new Error(`Could not download the log of job "${name}" (${jobId}): ${(error as Error).message}`, { cause: error });
        const delay = LOG_NOT_READY_DELAYS_MS[attempt];
        if (delay === undefined) return null;
        this.log(`The log of job "${name}" is not ready yet (404); retrying in ${delay / 1000} s`);
        await this.sleep(delay);
      }
    }
  }

  /** The run's log archive, compressed: each job's log is decompressed as it is read. */
  private async runLogsZip(run: RunRef): Promise<Uint8Array> {
    try {
      const response = await this.octokit.rest.actions.downloadWorkflowRunAttemptLogs({
        owner: this.owner,
        repo: this.repo,
        run_id: run.runId,
        attempt_number: run.attempt,
      });
      return new Uint8Array(response.data as ArrayBuffer);
    } catch (error) {
      if (status(error) === 410)
        throw new UserError(`The logs of run ${run.runId} have expired (HTTP 410). Re-run the failed jobs to produce fresh logs.`, { cause: error });
      if (status(error) === 404) throw new UserError(`Run ${run.runId} has no logs (HTTP 404). Check that the token has \`actions: read\`.`, { cause: error });
      throw error;
    }
  }

  async getRun(runId: number, attempt?: number): Promise<RunRef> {
    let data: Awaited<ReturnType<Octokit['rest']['actions']['getWorkflowRun']>>['data'];
    try {
      data = attempt
        ? (await this.octokit.rest.actions.getWorkflowRunAttempt({ owner: this.owner, repo: this.repo, run_id: runId, attempt_number: attempt })).data
        : (await this.octokit.rest.actions.getWorkflowRun({ owner: this.owner, repo: this.repo, run_id: runId })).data;
    } catch (error) {
      if (status(error) === 404) {
        throw new UserError(`Workflow run ${runId} was not found in ${this.owner}/${this.repo}. Check \`run-id\`, and that the token has \`actions: read\`.`, {
          cause: error,
        });
      }
      throw error;
    }
    const headRepository = data.head_repository?.full_name ?? `${this.owner}/${this.repo}`;
    const thisRepository = `${this.owner}/${this.repo}`;
    const pr = data.pull_requests?.[0];
    return {
      owner: this.owner,
      repo: this.repo,
      runId: data.id,
      attempt: data.run_attempt ?? attempt ?? 1,
      workflowName: data.name ?? 'workflow',
      workflowId: data.workflow_id,
      headSha: data.head_sha,
      headBranch: data.head_branch ?? '',
      ...(data.repository?.default_branch ? { defaultBranch: data.repository.default_branch } : {}),
      event: data.event,
      conclusion: data.conclusion ?? '',
      htmlUrl: data.html_url,
      headRepository,
      ...(pr ? { pullRequestNumber: pr.number } : {}),
      isTrusted: headRepository.toLowerCase() === thisRepository.toLowerCase(),
    };
  }

  /**
   * The newest successful run of the same workflow on the same branch at another commit, and
   * the compare API's per-file patches from it to the failed commit. Null when there is none,
   * or when the token may not read it (the context only loses a clue).
   */
  async lastGreen(run: RunRef): Promise<LastGreen | null> {
    try {
      const green = await this.greenRun(run);
      if (!green) return null;
      const { data: cmp } = await this.octokit.rest.repos.compareCommitsWithBasehead({
        owner: this.owner,
        repo: this.repo,
        basehead: `${green.head_sha}...${run.headSha}`,
        per_page: 100,
      });
      const changes = (cmp.files ?? []).filter((f) => f.patch).map((f) => ({ file: f.filename, patch: f.patch as string }));
      return { runId: green.id, headSha: green.head_sha, changes };
    } catch (error) {
      this.log(`No comparison with the last green run (${status(error) ?? (error as Error).message}); going on without it.`);
      return null;
    }
  }

  private green: Promise<{ id: number; head_sha: string } | null> | null = null;

  /**
   * The newest successful run of the workflow at another commit: on the run's branch, else on the
   * repository's default branch (a new branch's first red run). Asked once a run.
   */
  private greenRun(run: RunRef): Promise<{ id: number; head_sha: string } | null> {
    if (!run.workflowId || !run.headBranch) return Promise.resolve(null);
    const workflowId = run.workflowId;
    const onBranch = async (branch: string) => {
      const { data } = await this.octokit.rest.actions.listWorkflowRuns({
        owner: this.owner,
        repo: this.repo,
        workflow_id: workflowId,
        branch,
        status: 'success',
        per_page: 10,
      });
      return data.workflow_runs.find((r) => r.head_sha !== run.headSha && r.id !== run.runId) ?? null;
    };
    this.green ??= onBranch(run.headBranch).then((found) =>
      found || !run.defaultBranch || run.defaultBranch === run.headBranch ? found : onBranch(run.defaultBranch),
    );
    return this.green;
  }

  /**
   * The same job's log in the last green run, as a stream: its lines that look like failures are
   * not why this run failed. Null when there is no such run or job, or it cannot be read.
   */
  async passingJobLog(run: RunRef, job: string): Promise<AsyncIterable<Uint8Array> | null> {
    try {
      const green = await this.greenRun(run);
      if (!green) return null;
      const jobs = await this.octokit.paginate(this.octokit.rest.actions.listJobsForWorkflowRun, {
        owner: this.owner,
        repo: this.repo,
        run_id: green.id,
        per_page: 100,
      });
      const same = jobs.find((j) => j.name === job && j.conclusion === 'success');
      if (!same) return null;
      return await this.downloadJobLog(same.id);
    } catch (error) {
      this.log(`No passing log of job "${job}" to compare with (${status(error) ?? (error as Error).message}); going on without it.`);
      return null;
    }
  }

  async getFailedJobLogs(run: RunRef): Promise<RawJobLog[]> {
    const jobs = await this.octokit.paginate(this.octokit.rest.actions.listJobsForWorkflowRunAttempt, {
      owner: this.owner,
      repo: this.repo,
      run_id: run.runId,
      attempt_number: run.attempt,
      per_page: 100,
    });
    const failed = jobs.filter((j) => j.conclusion === 'failure' || j.conclusion === 'timed_out');
    const out: RawJobLog[] = [];
    let zip: Uint8Array | null = null;
    for (const job of failed) {
      const failedSteps = (job.steps ?? []).filter((s) => s.conclusion === 'failure').map((s) => s.name);
      const steps = (job.steps ?? []).map((s) => ({ name: s.name, number: s.number, failed: s.conclusion === 'failure' }));
      const about = { ...(job.html_url ? { url: job.html_url } : {}), steps };
      const stream = await this.jobLogStream(job.id, job.name, run);
      if (stream) {
        out.push({ job: job.name, failedSteps, chunks: stream, ...about });
        continue;
      }
      // The job's own log is unavailable: the run's zip holds every job's log too.
      zip ??= await this.runLogsZip(run);
      const fromZip = jobLogFromZip(zip, job.name);
      if (fromZip === null)
        throw new UserError(
          `Run ${run.runId} has no log for job "${job.name}", neither on its own nor in the run's log archive. Re-run the failed jobs to produce fresh logs.`,
        );
      out.push({ job: job.name, failedSteps, chunks: fromZip, ...about });
    }
    return out;
  }
}
