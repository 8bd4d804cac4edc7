import { createOctokit } from '../adapters/github/octokit.js';
import { BRANCH_PREFIX } from '../adapters/github/publisher.js';
import { renderReport, summarizePullRequests } from '../report/pr-report.js';
import { type CommandRun, parseFlags, UsageError } from './args.js';

/** `report`: what reviewers did with the repository's autofix PRs. */
export const run: CommandRun = async (args, { out }) => {
  const { values } = parseFlags(args, {
    repo: { type: 'string' },
    label: { type: 'string', default: 'ci/autofix' },
    json: { type: 'boolean', default: false },
    'api-url': { type: 'string' },
  });
  const [owner, name] = (values.repo ?? '').split('/');
  if (!owner || !name) throw new UsageError('report needs --repo owner/name');
  const token = process.env.GITHUB_TOKEN ?? process.env.GH_TOKEN ?? '';
  if (!token) throw new UsageError('report reads pull requests through the API: set GITHUB_TOKEN');
  const apiUrl = values['api-url'] ?? process.env.GITHUB_API_URL;
  const octokit = createOctokit(token, apiUrl ? { baseUrl: apiUrl } : {});
  const pulls = await octokit.paginate(octokit.rest.pulls.list, { owner, repo: name, state: 'all', per_page: 100 });
  const ours = pulls.filter((p) => p.labels.some((l) => l.name === values.label) || p.head.ref.startsWith(BRANCH_PREFIX));
  const rows = summarizePullRequests(ours.map((p) => ({ createdAt: p.created_at, mergedAt: p.merged_at, closedAt: p.closed_at, body: p.body })));
  out(values.json ? `${JSON.stringify(rows, null, 2)}\n` : renderReport(rows));
  return 0;
};
