import { writeFileSync } from 'node:fs';
import { createOctokit } from '../adapters/github/octokit.js';
import { BRANCH_PREFIX } from '../adapters/github/publisher.js';
import { type PullRequestRow, redactUrl, upsertPullRequests, withDatabase } from '../metrics/database.js';
import { readFigures } from '../metrics/figures.js';
import { renderHtmlReport } from '../metrics/html-report.js';
import { readCategory, readSignature } from '../publish/render-pr.js';
import { renderReport, summarizePullRequests } from '../report/pr-report.js';
import { UserError } from '../user-error.js';
import { type CommandRun, parseFlags, UsageError } from './args.js';

type Octokit = ReturnType<typeof createOctokit>;
type Pull = Awaited<ReturnType<Octokit['rest']['pulls']['list']>>['data'][number];

/** The run id in an autofix branch's name (ci/autofix-<run id>). */
function runIdOf(branch: string): number | null {
  const m = new RegExp(`^${BRANCH_PREFIX}(\\d+)$`).exec(branch);
  return m ? Number(m[1]) : null;
}

/** Each PR's fate; the review comment count comes from the single-PR endpoint (the list has none). */
async function pullRequestRows(octokit: Octokit, owner: string, repo: string, pulls: Pull[]): Promise<PullRequestRow[]> {
  const rows: PullRequestRow[] = [];
  for (const p of pulls) {
    const full = (await octokit.rest.pulls.get({ owner, repo, pull_number: p.number })).data;
    rows.push({
      repository: `${owner}/${repo}`,
      number: p.number,
      url: p.html_url,
      branch: p.head.ref,
      title: p.title,
      runId: runIdOf(p.head.ref),
      category: readCategory(p.body),
      signature: readSignature(p.body),
      state: p.merged_at ? 'merged' : p.state === 'closed' ? 'closed' : 'open',
      createdAt: p.created_at,
      mergedAt: p.merged_at,
      closedAt: p.closed_at,
      reviewComments: (full.review_comments ?? 0) + (full.comments ?? 0),
    });
  }
  return rows;
}

/**
 * `report`: what reviewers did with the repository's autofix PRs. With --database-url their fates
 * go to `autofix_prs`; with --html the dashboard's figures are written as one HTML page.
 */
export const run: CommandRun = async (args, { out, err }) => {
  const { values } = parseFlags(args, {
    repo: { type: 'string' },
    label: { type: 'string', default: 'ci/autofix' },
    json: { type: 'boolean', default: false },
    'api-url': { type: 'string' },
    'database-url': { type: 'string' },
    html: { type: 'string' },
  });
  const databaseUrl = values['database-url'] ?? process.env.CI_AUTOFIX_DATABASE_URL;
  if (values.html !== undefined && !databaseUrl)
    throw new UsageError('--html reads the figures from the metrics database: pass --database-url (or set CI_AUTOFIX_DATABASE_URL)');
  const [owner, name] = (values.repo ?? '').split('/');
  if (values.repo !== undefined && (!owner || !name)) throw new UsageError(`--repo must be owner/name, got ${values.repo}`);
  if (!owner || !name) {
    if (values.html === undefined) throw new UsageError('report needs --repo owner/name');
  }

  let rows: PullRequestRow[] = [];
  if (owner && name) {
    const token = process.env.GITHUB_TOKEN ?? process.env.GH_TOKEN ?? '';
    if (!token) throw new UsageError('report reads pull requests through the API: set GITHUB_TOKEN');
    const apiUrl = values['api-url'] ?? process.env.GITHUB_API_URL;
    const octokit = createOctokit(token, apiUrl ? { baseUrl: apiUrl } : {});
    const pulls = await octokit.paginate(octokit.rest.pulls.list, { owner, repo: name, state: 'all', per_page: 100 });
    const ours = pulls.filter((p) => p.labels.some((l) => l.name === values.label) || p.head.ref.startsWith(BRANCH_PREFIX));
    const summary = summarizePullRequests(ours.map((p) => ({ createdAt: p.created_at, mergedAt: p.merged_at, closedAt: p.closed_at, body: p.body })));
    if (values.html === undefined) out(values.json ? `${JSON.stringify(summary, null, 2)}\n` : renderReport(summary));
    if (databaseUrl) rows = await pullRequestRows(octokit, owner, name, ours);
  }
  if (!databaseUrl) return 0;

  const repository = owner && name ? `${owner}/${name}` : null;
  try {
    await withDatabase(databaseUrl, async (client) => {
      if (repository) {
        await upsertPullRequests(client, rows);
        err(`${rows.length} autofix PRs of ${repository} written to autofix_prs in ${redactUrl(databaseUrl)}.\n`);
      }
      if (values.html !== undefined) {
        const figures = await readFigures(client, repository);
        writeFileSync(values.html, renderHtmlReport(figures, repository ?? 'all repositories', new Date()));
        err(`Report written to ${values.html}.\n`);
      }
    });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UserError(`The metrics database ${redactUrl(databaseUrl)} failed: ${(error as Error).message}`);
  }
  return 0;
};
