/**
 * Response bodies in the shapes of GitHub's published OpenAPI description (api.github.com),
 * every required field present. test/sandbox/openapi.test.ts validates them against it.
 */

const NOW = '2026-01-01T00:00:00Z';

function urls(base: string, names: string[], suffix = ''): Record<string, string> {
  return Object.fromEntries(names.map((n) => [`${n}_url`, `${base}/${n}${suffix}`]));
}

export function user(api: string, login: string, id = 41898282): Record<string, unknown> {
  return {
    login,
    id,
    node_id: `U_${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}`,
    gravatar_id: '',
    url: `${api}/users/${login}`,
    html_url: `https://github.com/${login}`,
    type: login.endsWith('[bot]') ? 'Bot' : 'User',
    site_admin: false,
    ...urls(`${api}/users/${login}`, ['events', 'followers', 'following', 'gists', 'organizations', 'received_events', 'repos', 'starred', 'subscriptions']),
  };
}

export function repository(api: string, fullName: string, defaultBranch: string, id = 1): Record<string, unknown> {
  const [owner = 'o', name = 'r'] = fullName.split('/');
  const base = `${api}/repos/${fullName}`;
  return {
    id,
    node_id: `R_${id}`,
    name,
    full_name: fullName,
    owner: user(api, owner, 1000 + id),
    private: false,
    html_url: `https://github.com/${fullName}`,
    description: null,
    fork: false,
    url: base,
    ...urls(base, [
      'archive',
      'assignees',
      'blobs',
      'branches',
      'collaborators',
      'comments',
      'commits',
      'compare',
      'contents',
      'contributors',
      'deployments',
      'downloads',
      'events',
      'forks',
      'git_commits',
      'git_refs',
      'git_tags',
      'hooks',
      'issue_comment',
      'issue_events',
      'issues',
      'keys',
      'labels',
      'languages',
      'merges',
      'milestones',
      'notifications',
      'pulls',
      'releases',
      'stargazers',
      'statuses',
      'subscribers',
      'subscription',
      'tags',
      'teams',
      'trees',
    ]),
    clone_url: `https://github.com/${fullName}.git`,
    git_url: `git://github.com/${fullName}.git`,
    ssh_url: `git@github.com:${fullName}.git`,
    svn_url: `https://github.com/${fullName}`,
    mirror_url: null,
    homepage: null,
    language: null,
    default_branch: defaultBranch,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    size: 1,
    open_issues: 0,
    open_issues_count: 0,
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    license: null,
    pushed_at: NOW,
    created_at: NOW,
    updated_at: NOW,
    network_count: 0,
    subscribers_count: 0,
  };
}

export interface RunRecord {
  id: number;
  name: string;
  /** The workflow's id (default 7). */
  workflowId?: number;
  headSha: string;
  headBranch: string;
  event: string;
  status: string;
  conclusion: string | null;
  attempt: number;
  headRepository: string;
  pullRequests: { number: number; headRef: string; baseRef: string }[];
}

export interface JobRecord {
  id: number;
  runId: number;
  attempt: number;
  name: string;
  conclusion: string | null;
  steps: { name: string; conclusion: string | null }[];
  log: string;
}

export function workflowRun(api: string, fullName: string, defaultBranch: string, r: RunRecord): Record<string, unknown> {
  const base = `${api}/repos/${fullName}/actions/runs/${r.id}`;
  const repo = repository(api, fullName, defaultBranch);
  const headRepo = r.headRepository === fullName ? repo : { ...repository(api, r.headRepository, defaultBranch, 2), fork: true };
  return {
    id: r.id,
    name: r.name,
    node_id: `WFR_${r.id}`,
    head_branch: r.headBranch,
    head_sha: r.headSha,
    path: '.github/workflows/ci.yml',
    display_title: `CI on ${r.headBranch}`,
    run_number: r.id % 1000,
    run_attempt: r.attempt,
    event: r.event,
    status: r.status,
    conclusion: r.conclusion,
    workflow_id: r.workflowId ?? 7,
    url: base,
    html_url: `https://github.com/${fullName}/actions/runs/${r.id}`,
    pull_requests: r.pullRequests.map((p) => ({
      id: 9000 + p.number,
      number: p.number,
      url: `${api}/repos/${fullName}/pulls/${p.number}`,
      head: { ref: p.headRef, sha: r.headSha, repo: { id: 1, url: `${api}/repos/${fullName}`, name: fullName.split('/')[1] } },
      base: { ref: p.baseRef, sha: r.headSha, repo: { id: 1, url: `${api}/repos/${fullName}`, name: fullName.split('/')[1] } },
    })),
    created_at: NOW,
    updated_at: NOW,
    run_started_at: NOW,
    jobs_url: `${base}/jobs`,
    logs_url: `${base}/logs`,
    check_suite_url: `${api}/repos/${fullName}/check-suites/1`,
    artifacts_url: `${base}/artifacts`,
    cancel_url: `${base}/cancel`,
    rerun_url: `${base}/rerun`,
    workflow_url: `${api}/repos/${fullName}/actions/workflows/${r.workflowId ?? 7}`,
    head_commit: {
      id: r.headSha,
      tree_id: r.headSha,
      message: 'change',
      timestamp: NOW,
      author: { name: 'Dev', email: 'dev@example.com' },
      committer: { name: 'Dev', email: 'dev@example.com' },
    },
    repository: repo,
    head_repository: headRepo,
  };
}

export function job(api: string, fullName: string, run: RunRecord, j: JobRecord): Record<string, unknown> {
  return {
    id: j.id,
    node_id: `J_${j.id}`,
    run_id: j.runId,
    run_attempt: j.attempt,
    run_url: `${api}/repos/${fullName}/actions/runs/${j.runId}`,
    head_sha: run.headSha,
    head_branch: run.headBranch,
    workflow_name: run.name,
    name: j.name,
    url: `${api}/repos/${fullName}/actions/jobs/${j.id}`,
    html_url: `https://github.com/${fullName}/actions/runs/${j.runId}/job/${j.id}`,
    status: 'completed',
    conclusion: j.conclusion,
    started_at: NOW,
    completed_at: NOW,
    created_at: NOW,
    check_run_url: `${api}/repos/${fullName}/check-runs/${j.id}`,
    labels: ['ubuntu-latest'],
    runner_id: 1,
    runner_name: 'GitHub Actions 1',
    runner_group_id: 1,
    runner_group_name: 'GitHub Actions',
    steps: j.steps.map((s, i) => ({ name: s.name, status: 'completed', conclusion: s.conclusion, number: i + 1, started_at: NOW, completed_at: NOW })),
  };
}

export function label(api: string, fullName: string, name: string, id: number, color = 'c5def5', description: string | null = null): Record<string, unknown> {
  return { id, node_id: `LA_${id}`, url: `${api}/repos/${fullName}/labels/${encodeURIComponent(name)}`, name, description, color, default: false };
}

export interface PullRecord {
  number: number;
  title: string;
  body: string;
  head: string;
  base: string;
  draft: boolean;
  state: 'open' | 'closed';
  merged: boolean;
  labels: string[];
  headSha: string;
  createdAt: string;
  closedAt: string | null;
  mergedAt: string | null;
  /** Review comments and conversation comments (the single-PR endpoint's two counts). */
  reviewComments?: number;
  comments?: number;
}

export function pull(
  api: string,
  fullName: string,
  defaultBranch: string,
  p: PullRecord,
  labelIds: Map<string, number>,
  full: boolean,
): Record<string, unknown> {
  const base = `${api}/repos/${fullName}`;
  const repo = repository(api, fullName, defaultBranch);
  const owner = fullName.split('/')[0] ?? 'o';
  const self = `${base}/pulls/${p.number}`;
  const body: Record<string, unknown> = {
    id: 5000 + p.number,
    node_id: `PR_${p.number}`,
    number: p.number,
    url: self,
    html_url: `https://github.com/${fullName}/pull/${p.number}`,
    diff_url: `https://github.com/${fullName}/pull/${p.number}.diff`,
    patch_url: `https://github.com/${fullName}/pull/${p.number}.patch`,
    issue_url: `${base}/issues/${p.number}`,
    commits_url: `${self}/commits`,
    review_comments_url: `${self}/comments`,
    review_comment_url: `${base}/pulls/comments{/number}`,
    comments_url: `${base}/issues/${p.number}/comments`,
    statuses_url: `${base}/statuses/${p.headSha}`,
    state: p.state,
    locked: false,
    title: p.title,
    user: user(api, 'github-actions[bot]'),
    body: p.body,
    labels: p.labels.map((l) => label(api, fullName, l, labelIds.get(l) ?? 1)),
    milestone: null,
    active_lock_reason: null,
    created_at: p.createdAt,
    updated_at: p.createdAt,
    closed_at: p.closedAt,
    merged_at: p.mergedAt,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: { label: `${owner}:${p.head}`, ref: p.head, sha: p.headSha, user: user(api, owner, 1001), repo },
    base: { label: `${owner}:${p.base}`, ref: p.base, sha: p.headSha, user: user(api, owner, 1001), repo },
    _links: {
      self: { href: self },
      html: { href: `https://github.com/${fullName}/pull/${p.number}` },
      issue: { href: `${base}/issues/${p.number}` },
      comments: { href: `${base}/issues/${p.number}/comments` },
      review_comments: { href: `${self}/comments` },
      review_comment: { href: `${base}/pulls/comments{/number}` },
      commits: { href: `${self}/commits` },
      statuses: { href: `${base}/statuses/${p.headSha}` },
    },
    author_association: 'NONE',
    auto_merge: null,
    draft: p.draft,
  };
  if (full) {
    Object.assign(body, {
      merged: p.merged,
      mergeable: null,
      rebaseable: null,
      mergeable_state: 'unknown',
      merged_by: null,
      comments: p.comments ?? 0,
      review_comments: p.reviewComments ?? 0,
      maintainer_can_modify: true,
      commits: 1,
      additions: 1,
      deletions: 1,
      changed_files: 1,
    });
  }
  return body;
}

/** A commit as the REST API returns it (the `commit` schema). */
export function commit(api: string, fullName: string, sha: string, parents: string[] = []): Record<string, unknown> {
  const commitUrl = `${api}/repos/${fullName}/commits/${sha}`;
  const person = { name: 'Dev', email: 'dev@example.com', date: NOW };
  return {
    sha,
    node_id: `C_${sha}`,
    url: commitUrl,
    html_url: `https://github.com/${fullName}/commit/${sha}`,
    comments_url: `${commitUrl}/comments`,
    commit: {
      author: person,
      committer: person,
      message: 'change',
      comment_count: 0,
      tree: { sha, url: `${api}/repos/${fullName}/git/trees/${sha}` },
      url: `${api}/repos/${fullName}/git/commits/${sha}`,
    },
    author: null,
    committer: null,
    parents: parents.map((p) => ({ sha: p, url: `${api}/repos/${fullName}/commits/${p}`, html_url: `https://github.com/${fullName}/commit/${p}` })),
  };
}

/** One changed file of a comparison: GitHub's `patch` is the hunks alone, without file headers. */
export interface ComparedFile {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed';
  additions: number;
  deletions: number;
  patch?: string;
}

export function comparison(api: string, fullName: string, base: string, head: string, commits: string[], files: ComparedFile[]): Record<string, unknown> {
  return {
    url: `${api}/repos/${fullName}/compare/${base}...${head}`,
    html_url: `https://github.com/${fullName}/compare/${base}...${head}`,
    permalink_url: `https://github.com/${fullName}/compare/${base}...${head}`,
    diff_url: `https://github.com/${fullName}/compare/${base}...${head}.diff`,
    patch_url: `https://github.com/${fullName}/compare/${base}...${head}.patch`,
    base_commit: commit(api, fullName, base),
    merge_base_commit: commit(api, fullName, base),
    status: commits.length ? 'ahead' : 'identical',
    ahead_by: commits.length,
    behind_by: 0,
    total_commits: commits.length,
    commits: commits.map((c) => commit(api, fullName, c)),
    files: files.map((f) => ({
      sha: head,
      filename: f.filename,
      status: f.status,
      additions: f.additions,
      deletions: f.deletions,
      changes: f.additions + f.deletions,
      blob_url: `https://github.com/${fullName}/blob/${head}/${f.filename}`,
      raw_url: `https://github.com/${fullName}/raw/${head}/${f.filename}`,
      contents_url: `${api}/repos/${fullName}/contents/${f.filename}?ref=${head}`,
      ...(f.patch !== undefined ? { patch: f.patch } : {}),
    })),
  };
}

export function branch(api: string, fullName: string, name: string, sha: string): Record<string, unknown> {
  return {
    name,
    commit: commit(api, fullName, sha),
    _links: { html: `https://github.com/${fullName}/tree/${name}`, self: `${api}/repos/${fullName}/branches/${name}` },
    protected: false,
    protection: { enabled: false },
    protection_url: `${api}/repos/${fullName}/branches/${name}/protection`,
  };
}

export function comment(api: string, fullName: string, issue: number, id: number, body: string): Record<string, unknown> {
  return {
    id,
    node_id: `IC_${id}`,
    url: `${api}/repos/${fullName}/issues/comments/${id}`,
    html_url: `https://github.com/${fullName}/pull/${issue}#issuecomment-${id}`,
    issue_url: `${api}/repos/${fullName}/issues/${issue}`,
    body,
    user: user(api, 'github-actions[bot]'),
    created_at: NOW,
    updated_at: NOW,
    author_association: 'NONE',
  };
}
