import { basename } from 'node:path';
import type { RawJobLog, RunSource } from '../../ports.js';
import type { RunRef } from '../../types.js';

/** The CLI's run source: one log file standing for the failed run. */
export class FileRunSource implements RunSource {
  private readonly text: string;
  private readonly name: string;
  private readonly repoName: string;
  constructor(text: string, logName: string, repoName: string) {
    this.text = text;
    this.name = logName;
    this.repoName = repoName;
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
