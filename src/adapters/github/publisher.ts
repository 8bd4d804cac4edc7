import type { Publisher, PullRequestDraft } from '../../ports.js';
import { readSignature } from '../../publish/render-pr.js';
import type { PullRequestRef } from '../../types.js';
import { UserError } from '../../user-error.js';
import type { Git } from '../git/git.js';
import type { Octokit } from './octokit.js';

export const BRANCH_PREFIX = 'ci/autofix-';

export interface PublisherOptions {
  owner: string;
  repo: string;
  token: string;
  authorName: string;
  authorEmail: string;
}

/**
 * Git config that carries the token for one command only, through the environment rather than
 * argv or .git/config (so neither `ps` nor the repository's own scripts can read it). An empty
 * value first resets any header `actions/checkout` persisted for the same URL.
 */
export function tokenGitEnv(remoteUrl: string, token: string): Record<string, string> {
  const url = new URL(remoteUrl);
  const key = `http.${url.protocol}//${url.host}/.extraheader`;
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
  return {
    GIT_CONFIG_COUNT: '2',
    GIT_CONFIG_KEY_0: key,
    GIT_CONFIG_VALUE_0: '',
    GIT_CONFIG_KEY_1: key,
    GIT_CONFIG_VALUE_1: `AUTHORIZATION: basic ${basic}`,
  };
}

function status(error: unknown): number | undefined {
  return (error as { status?: number }).status;
}

const PR_PERMISSION_HELP =
  'Add to the job:\n\npermissions:\n  contents: write\n  pull-requests: write\n  actions: read\n\nand allow GitHub Actions to create pull requests (Settings → Actions → General → Workflow permissions → Allow GitHub Actions to create and approve pull requests).';

/** Pushes the fix branch with real git and opens the draft PR through the API. */
export class GitHubPublisher implements Publisher {
  private readonly octokit: Octokit;
  private readonly git: Git;
  private readonly o: PublisherOptions;
  constructor(octokit: Octokit, git: Git, options: PublisherOptions) {
    this.octokit = octokit;
    this.git = git;
    this.o = options;
  }

  async findOpenDuplicate(signature: string, label: string): Promise<PullRequestRef | null> {
    const pulls = await this.octokit.paginate(this.octokit.rest.pulls.list, { owner: this.o.owner, repo: this.o.repo, state: 'open', per_page: 100 });
    for (const p of pulls) {
      const labelled = p.labels.some((l) => l.name === label);
      if ((labelled || p.head.ref.startsWith(BRANCH_PREFIX)) && readSignature(p.body) === signature) {
        return { number: p.number, url: p.html_url, branch: p.head.ref };
      }
    }
    return null;
  }

  async freeBranchName(wanted: string): Promise<string> {
    for (let i = 1; i <= 20; i++) {
      const name = i === 1 ? wanted : `${wanted}-${i}`;
      try {
        await this.octokit.rest.repos.getBranch({ owner: this.o.owner, repo: this.o.repo, branch: name });
      } catch (error) {
        if (status(error) === 404) return name;
        throw error;
      }
    }
    throw new Error(`Branches ${wanted} to ${wanted}-20 all exist; delete old autofix branches.`);
  }

  async publish(draft: PullRequestDraft): Promise<PullRequestRef> {
    const { data: repository } = await this.octokit.rest.repos.get({ owner: this.o.owner, repo: this.o.repo });
    // The branch is new and ours: never the default branch, never the failing branch.
    if (!draft.branch.startsWith(BRANCH_PREFIX) || draft.branch === repository.default_branch || draft.branch === draft.base) {
      throw new Error(`Refusing to push to \`${draft.branch}\`: autofix pushes only new ${BRANCH_PREFIX}* branches.`);
    }
    const remoteUrl = (await this.git.run(['remote', 'get-url', 'origin'])).trim();
    await this.git.run(['checkout', '--quiet', '-B', draft.branch]);
    await this.git.run(['add', '--all']);
    const identity = {
      GIT_AUTHOR_NAME: this.o.authorName,
      GIT_AUTHOR_EMAIL: this.o.authorEmail,
      GIT_COMMITTER_NAME: this.o.authorName,
      GIT_COMMITTER_EMAIL: this.o.authorEmail,
    };
    await this.git.run(['commit', '--quiet', '--no-verify', '-F', '-'], { env: identity, input: draft.commitMessage });
    const push = await this.git.exec(['push', '--quiet', '--no-verify', 'origin', `HEAD:refs/heads/${draft.branch}`], {
      env: /^https?:/.test(remoteUrl) ? tokenGitEnv(remoteUrl, this.o.token) : {},
    });
    if (push.exitCode !== 0) {
      const why = push.stderr.trim();
      if (/403|denied|not allowed/i.test(why)) throw new UserError(`git push of ${draft.branch} was refused: ${why}. ${PR_PERMISSION_HELP}`);
      throw new Error(`git push of ${draft.branch} failed: ${why}`);
    }
    let pr: { number: number; html_url: string };
    try {
      pr = (
        await this.octokit.rest.pulls.create({
          owner: this.o.owner,
          repo: this.o.repo,
          head: draft.branch,
          base: draft.base,
          title: draft.title,
          body: draft.body,
          draft: true,
          maintainer_can_modify: true,
        })
      ).data;
    } catch (error) {
      const message = (error as Error).message;
      if (status(error) === 403) throw new UserError(`Creating the pull request was refused (403: ${message}). ${PR_PERMISSION_HELP}`, { cause: error });
      if (status(error) === 422 && /draft/i.test(message)) {
        throw new UserError(
          `This repository does not allow draft pull requests (${message}). Draft PRs need a public repository or a paid plan; the verified patch is in the job summary and the \`patch\` output.`,
          { cause: error },
        );
      }
      throw error;
    }
    await this.bestEffort('label', async () => {
      try {
        await this.octokit.rest.issues.createLabel({
          owner: this.o.owner,
          repo: this.o.repo,
          name: draft.label,
          color: 'c5def5',
          description: 'Fix proposed by ci-autofix; review before merging',
        });
      } catch (error) {
        if (status(error) !== 422) throw error; // 422: it exists already
      }
      await this.octokit.rest.issues.addLabels({ owner: this.o.owner, repo: this.o.repo, issue_number: pr.number, labels: [draft.label] });
    });
    if (draft.comment) {
      const body = draft.comment;
      await this.bestEffort('comment', () => this.octokit.rest.issues.createComment({ owner: this.o.owner, repo: this.o.repo, issue_number: pr.number, body }));
    }
    return { number: pr.number, url: pr.html_url, branch: draft.branch };
  }

  warnings: string[] = [];
  private async bestEffort(what: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      this.warnings.push(`Could not add the ${what}: ${(error as Error).message}`);
    }
  }
}
