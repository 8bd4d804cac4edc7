import type { RawJobLog, RunSource } from '../../ports.js';
import type { RunRef } from '../../types.js';
import { UserError } from '../../user-error.js';
import type { Octokit } from './octokit.js';

function status(error: unknown): number | undefined {
  return (error as { status?: number }).status;
}

/** Runs and failed-job logs through the REST API. */
export class GitHubRunSource implements RunSource {
  private readonly octokit: Octokit;
  private readonly owner: string;
  private readonly repo: string;
  constructor(octokit: Octokit, owner: string, repo: string) {
    this.octokit = octokit;
    this.owner = owner;
    this.repo = repo;
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
      headSha: data.head_sha,
      headBranch: data.head_branch ?? '',
      event: data.event,
      conclusion: data.conclusion ?? '',
      htmlUrl: data.html_url,
      headRepository,
      ...(pr ? { pullRequestNumber: pr.number } : {}),
      isTrusted: headRepository.toLowerCase() === thisRepository.toLowerCase(),
    };
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
    for (const job of failed) {
      let text: string;
      try {
        const response = await this.octokit.rest.actions.downloadJobLogsForWorkflowRun({ owner: this.owner, repo: this.repo, job_id: job.id });
        text = typeof response.data === 'string' ? response.data : Buffer.from(response.data as ArrayBuffer).toString('utf8');
      } catch (error) {
        if (status(error) === 410) {
          throw new UserError(`The logs of job "${job.name}" (run ${run.runId}) have expired (HTTP 410). Re-run the failed jobs to produce fresh logs.`, {
            cause: error,
          });
        }
        throw new Error(`Could not download the log of job "${job.name}" (${job.id}): ${(error as Error).message}`, { cause: error });
      }
      out.push({
        job: job.name,
        failedSteps: (job.steps ?? []).filter((s) => s.conclusion === 'failure').map((s) => s.name),
        text,
      });
    }
    return out;
  }
}
