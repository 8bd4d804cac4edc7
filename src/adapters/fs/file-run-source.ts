import { basename } from 'node:path';
import type { LastGreen, RawJobLog, RunSource } from '../../ports.js';
import type { RecentChange, RunRef } from '../../types.js';

/** The CLI's run source: one log file standing for the failed run. */
export class FileRunSource implements RunSource {
  private readonly text: string;
  private readonly name: string;
  private readonly repoName: string;
  private readonly since: { ref: string; changes: RecentChange[] } | null;
  /** `since`: the changes from the last commit CI passed on (`--since`), which stand for the last green run's. */
  constructor(text: string, logName: string, repoName: string, since: { ref: string; changes: RecentChange[] } | null = null) {
    this.text = text;
    this.name = logName;
    this.repoName = repoName;
    this.since = since;
  }

  async lastGreen(): Promise<LastGreen | null> {
    return this.since ? { runId: 0, headSha: this.since.ref, changes: this.since.changes } : null;
  }

  async getRun(runId: number): Promise<RunRef> {
    return {
      owner: 'local',
      repo: this.repoName,
      runId,
      attempt: 1,
      workflowName: basename(this.name),
      headSha: 'HEAD',
      headBranch: 'HEAD',
      event: 'local',
      conclusion: 'failure',
      htmlUrl: this.name,
      headRepository: `local/${this.repoName}`,
      isTrusted: true,
    };
  }

  async getFailedJobLogs(): Promise<RawJobLog[]> {
    return [{ job: basename(this.name), failedSteps: [], chunks: [this.text] }];
  }
}
