import { execFileSync, spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import { zipSync } from 'fflate';
import { close, type Fault, listen, readBody, sendJson, takeFault } from './http-util.js';
import * as shapes from './shapes.js';

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

export interface EmulatorOptions {
  owner: string;
  repo: string;
  defaultBranch?: string;
  token: string;
  /** The bare repository served at `<url>/git/<owner>/<repo>.git`, for pushes over smart HTTP. */
  bareRepo: string;
}

/**
 * The GitHub REST API on loopback: the routes ci-autofix uses, GitHub's log redirects,
 * git over smart HTTP (real `git http-backend`), and scripted faults. State is inspectable.
 */
export class GitHubEmulator {
  readonly o: Required<EmulatorOptions>;
  readonly runs = new Map<number, shapes.RunRecord[]>();
  readonly jobs: shapes.JobRecord[] = [];
  readonly pulls: shapes.PullRecord[] = [];
  readonly labels = new Map<string, number>();
  readonly comments: { issue: number; body: string }[] = [];
  readonly requests: RecordedRequest[] = [];
  readonly gitRequests: { service: string; authorization: string | undefined }[] = [];
  faults: Fault[] = [];
  url = '';
  private server: Server | null = null;

  constructor(options: EmulatorOptions) {
    this.o = { defaultBranch: 'main', ...options };
  }

  get fullName(): string {
    return `${this.o.owner}/${this.o.repo}`;
  }
  get apiUrl(): string {
    return this.url;
  }
  get gitUrl(): string {
    return `${this.url}/git/${this.fullName}.git`;
  }

  addRun(run: shapes.RunRecord, jobs: Omit<shapes.JobRecord, 'runId' | 'attempt'>[]): void {
    const attempts = this.runs.get(run.id) ?? [];
    attempts.push(run);
    this.runs.set(run.id, attempts);
    for (const j of jobs) this.jobs.push({ ...j, runId: run.id, attempt: run.attempt });
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: Error) => sendJson(res, 500, { message: error.message }));
    });
    this.url = await listen(this.server);
    execFileSync('git', ['config', 'http.receivepack', 'true'], { cwd: this.o.bareRepo });
    return this.url;
  }

  async stop(): Promise<void> {
    if (this.server) await close(this.server);
  }

  private authorized(req: IncomingMessage): boolean {
    const h = req.headers.authorization ?? '';
    return h === `token ${this.o.token}` || h === `Bearer ${this.o.token}` || h === `bearer ${this.o.token}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    if (url.pathname.startsWith('/git/')) return this.git(req, res, url);
    const raw = await readBody(req);
    let body: unknown = null;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return sendJson(res, 400, { message: 'Problems parsing JSON' });
      }
    }
    this.requests.push({ method, path: `${url.pathname}${url.search}`, authorization: req.headers.authorization, body });
    const fault = takeFault(this.faults, method, url.pathname);
    if (fault) {
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault.status > 0) return sendJson(res, fault.status, fault.body ?? { message: `emulated ${fault.status}` }, fault.headers);
    }
    // Log blobs sit behind a signed redirect, like GitHub's; they need no token.
    const zip = /^\/_blobs\/run-(\d+)-(\d+)\.zip$/.exec(url.pathname);
    if (zip) {
      const body = this.runLogsZip(Number(zip[1]), Number(zip[2]));
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': body.length });
      res.end(body);
      return;
    }
    const blob = /^\/_blobs\/job-(\d+)\.txt$/.exec(url.pathname);
    if (blob) {
      const j = this.jobs.find((x) => x.id === Number(blob[1]));
      if (!j || url.searchParams.get('sig') !== 'ok') return sendJson(res, 403, { message: 'signature expired' });
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(j.log);
      return;
    }
    if (!this.authorized(req)) return sendJson(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    const prefix = `/repos/${this.fullName}`;
    if (!url.pathname.startsWith(prefix)) return sendJson(res, 404, { message: 'Not Found' });
    const path = url.pathname.slice(prefix.length) || '/';
    const api = this.url;
    const fn = this.fullName;
    const def = this.o.defaultBranch;
    let m: RegExpExecArray | null;

    if (method === 'GET' && path === '/') return sendJson(res, 200, shapes.repository(api, fn, def));
    if (method === 'GET' && (m = /^\/actions\/runs\/(\d+)(?:\/attempts\/(\d+))?$/.exec(path))) {
      const run = this.run(Number(m[1]), m[2] ? Number(m[2]) : undefined);
      return run ? sendJson(res, 200, shapes.workflowRun(api, fn, def, run)) : sendJson(res, 404, { message: 'Not Found' });
    }
    if (method === 'GET' && (m = /^\/actions\/runs\/(\d+)(?:\/attempts\/(\d+))?\/jobs$/.exec(path))) {
      const run = this.run(Number(m[1]), m[2] ? Number(m[2]) : undefined);
      if (!run) return sendJson(res, 404, { message: 'Not Found' });
      const jobs = this.jobs.filter((j) => j.runId === run.id && j.attempt === run.attempt);
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      const slice = jobs.slice((page - 1) * perPage, page * perPage);
      const headers: Record<string, string> = {};
      if (page * perPage < jobs.length) headers.link = `<${api}${url.pathname}?per_page=${perPage}&page=${page + 1}>; rel="next"`;
      return sendJson(res, 200, { total_count: jobs.length, jobs: slice.map((j) => shapes.job(api, fn, run, j)) }, headers);
    }
    if (method === 'GET' && (m = /^\/actions\/jobs\/(\d+)\/logs$/.exec(path))) {
      const j = this.jobs.find((x) => x.id === Number(m?.[1]));
      if (!j) return sendJson(res, 404, { message: 'Not Found' });
      res.writeHead(302, { location: `${api}/_blobs/job-${j.id}.txt?sig=ok`, 'content-length': 0 });
      res.end();
      return;
    }
    if (method === 'GET' && (m = /^\/actions\/runs\/(\d+)(?:\/attempts\/(\d+))?\/logs$/.exec(path))) {
      const run = this.run(Number(m[1]), m[2] ? Number(m[2]) : undefined);
      if (!run) return sendJson(res, 404, { message: 'Not Found' });
      res.writeHead(302, { location: `${api}/_blobs/run-${run.id}-${run.attempt}.zip?sig=ok`, 'content-length': 0 });
      res.end();
      return;
    }
    if (method === 'GET' && (m = /^\/actions\/workflows\/(\d+)\/runs$/.exec(path))) {
      // Newest first, filtered like GitHub: branch, event, and status (which also takes conclusions).
      const branch = url.searchParams.get('branch');
      const wanted = url.searchParams.get('status');
      const runs = [...this.runs.values()]
        .map((attempts) => attempts.at(-1) as shapes.RunRecord)
        .filter((r) => (r.workflowId ?? 7) === Number(m?.[1]))
        .filter((r) => !branch || r.headBranch === branch)
        .filter((r) => !wanted || r.status === wanted || r.conclusion === wanted)
        .sort((a, b) => b.id - a.id);
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      return sendJson(res, 200, { total_count: runs.length, workflow_runs: runs.slice(0, perPage).map((r) => shapes.workflowRun(api, fn, def, r)) });
    }
    if (method === 'GET' && (m = /^\/compare\/([0-9a-f]{7,40})\.\.\.([0-9a-f]{7,40})$/.exec(path))) {
      const [base, head] = [m[1] as string, m[2] as string];
      const gitIn = (args: string[]) => execFileSync('git', args, { cwd: this.o.bareRepo, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      try {
        gitIn(['cat-file', '-e', `${base}^{commit}`]);
        gitIn(['cat-file', '-e', `${head}^{commit}`]);
      } catch {
        return sendJson(res, 404, { message: 'Not Found' });
      }
      const commits = gitIn(['rev-list', '--reverse', `${base}..${head}`])
        .split('\n')
        .filter(Boolean);
      const files: shapes.ComparedFile[] = [];
      for (const line of gitIn(['diff', '--numstat', '--no-renames', base, head]).split('\n').filter(Boolean)) {
        const [add, del, name] = line.split('\t') as [string, string, string];
        const body = gitIn(['diff', '--no-renames', base, head, '--', name]);
        const hunks = body.slice(Math.max(0, body.indexOf('\n@@') + 1));
        const status = /^new file/m.test(body) ? 'added' : /^deleted file/m.test(body) ? 'removed' : 'modified';
        files.push({
          filename: name,
          status,
          additions: Number(add) || 0,
          deletions: Number(del) || 0,
          ...(add === '-' ? {} : { patch: hunks.replace(/\n$/, '') }),
        });
      }
      return sendJson(res, 200, shapes.comparison(api, fn, base, head, commits, files));
    }
    if (method === 'GET' && (m = /^\/branches\/(.+)$/.exec(path))) {
      const name = decodeURIComponent(m[1] ?? '');
      const sha = this.refSha(name);
      return sha ? sendJson(res, 200, shapes.branch(api, fn, name, sha)) : sendJson(res, 404, { message: 'Branch not found' });
    }
    if (method === 'GET' && path === '/pulls') {
      const state = url.searchParams.get('state') ?? 'open';
      const list = this.pulls.filter((p) => state === 'all' || p.state === state).sort((a, b) => b.number - a.number);
      return sendJson(
        res,
        200,
        list.map((p) => shapes.pull(api, fn, def, p, this.labels, false)),
      );
    }
    if (method === 'GET' && (m = /^\/pulls\/(\d+)$/.exec(path))) {
      const p = this.pulls.find((x) => x.number === Number(m?.[1]));
      return p ? sendJson(res, 200, shapes.pull(api, fn, def, p, this.labels, true)) : sendJson(res, 404, { message: 'Not Found' });
    }
    if (method === 'POST' && path === '/pulls') {
      const b = body as { head?: string; base?: string; title?: string; body?: string; draft?: boolean };
      if (!b?.head || !b.base || !b.title)
        return sendJson(res, 422, { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'missing_field' }] });
      const headSha = this.refSha(b.head);
      if (!headSha || !this.refSha(b.base))
        return sendJson(res, 422, { message: 'Validation Failed', errors: [{ resource: 'PullRequest', field: 'head', code: 'invalid' }] });
      if (this.pulls.some((p) => p.state === 'open' && p.head === b.head)) {
        return sendJson(res, 422, { message: `Validation Failed: A pull request already exists for ${this.o.owner}:${b.head}.` });
      }
      const p: shapes.PullRecord = {
        number: this.pulls.length + 1,
        title: b.title,
        body: b.body ?? '',
        head: b.head,
        base: b.base,
        draft: b.draft === true,
        state: 'open',
        merged: false,
        labels: [],
        headSha,
        createdAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        closedAt: null,
        mergedAt: null,
      };
      this.pulls.push(p);
      return sendJson(res, 201, shapes.pull(api, fn, def, p, this.labels, true));
    }
    if (method === 'POST' && path === '/labels') {
      const b = body as { name?: string; color?: string; description?: string };
      if (!b?.name) return sendJson(res, 422, { message: 'Validation Failed' });
      if (this.labels.has(b.name))
        return sendJson(res, 422, { message: 'Validation Failed', errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] });
      this.labels.set(b.name, this.labels.size + 1);
      return sendJson(res, 201, shapes.label(api, fn, b.name, this.labels.size, b.color, b.description ?? null));
    }
    if (method === 'POST' && (m = /^\/issues\/(\d+)\/labels$/.exec(path))) {
      const p = this.pulls.find((x) => x.number === Number(m?.[1]));
      if (!p) return sendJson(res, 404, { message: 'Not Found' });
      for (const l of (body as { labels?: string[] })?.labels ?? []) {
        if (!this.labels.has(l)) this.labels.set(l, this.labels.size + 1);
        if (!p.labels.includes(l)) p.labels.push(l);
      }
      return sendJson(
        res,
        200,
        p.labels.map((l) => shapes.label(api, fn, l, this.labels.get(l) ?? 1)),
      );
    }
    if (method === 'POST' && (m = /^\/issues\/(\d+)\/comments$/.exec(path))) {
      const issue = Number(m[1]);
      if (!this.pulls.some((x) => x.number === issue)) return sendJson(res, 404, { message: 'Not Found' });
      const text = String((body as { body?: string })?.body ?? '');
      this.comments.push({ issue, body: text });
      return sendJson(res, 201, shapes.comment(api, fn, issue, this.comments.length, text));
    }
    return sendJson(res, 404, { message: `Not Found (emulator has no route ${method} ${path})` });
  }

  /** The run's log archive as GitHub lays it out: `<n>_<job>.txt`, and `<job>/<n>_<step>.txt`. */
  runLogsZip(runId: number, attempt: number): Uint8Array {
    const files: Record<string, Uint8Array> = {};
    const enc = new TextEncoder();
    this.jobs
      .filter((j) => j.runId === runId && j.attempt === attempt)
      .forEach((j, i) => {
        if (!this.zipOmitsRootFiles) files[`${i}_${j.name}.txt`] = enc.encode(j.log);
        const steps = j.log.split(/(?=^\S+ ##\[group\]Run )/m);
        steps.forEach((step, n) => {
          files[`${j.name}/${n + 1}_${j.steps[n]?.name ?? `step ${n + 1}`}.txt`] = enc.encode(step);
        });
      });
    return zipSync(files);
  }

  /** Serve archives with the per-step folders only (the layout of some older runs). */
  zipOmitsRootFiles = false;

  private run(id: number, attempt?: number): shapes.RunRecord | undefined {
    const attempts = this.runs.get(id) ?? [];
    return attempt ? attempts.find((a) => a.attempt === attempt) : attempts.at(-1);
  }

  refSha(branch: string): string | null {
    try {
      return execFileSync('git', ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], { cwd: this.o.bareRepo, encoding: 'utf8' }).trim() || null;
    } catch {
      return null;
    }
  }

  /** Smart HTTP through `git http-backend` (CGI). Pushes need the token as basic auth, like GitHub. */
  private async git(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const rest = url.pathname.slice('/git'.length);
    const service = url.searchParams.get('service') ?? rest.split('/').pop() ?? '';
    this.gitRequests.push({ service, authorization: req.headers.authorization });
    const expected = `Basic ${Buffer.from(`x-access-token:${this.o.token}`).toString('base64')}`;
    if (service === 'git-receive-pack' && req.headers.authorization?.toLowerCase() !== expected.toLowerCase()) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="GitHub"' });
      res.end('authentication required\n');
      return;
    }
    const body = await readBody(req);
    const root = dirname(dirname(this.o.bareRepo));
    const child = spawn('git', ['http-backend'], {
      env: {
        ...process.env,
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: rest,
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: req.method ?? 'GET',
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        CONTENT_LENGTH: String(body.length),
        REMOTE_USER: 'x-access-token',
        REMOTE_ADDR: '127.0.0.1',
        HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
      },
    });
    // The backend may answer (an error, or a ref list) without reading the whole body: its
    // answer is still what the client gets, so a closed stdin (EPIPE) is not a failure here.
    child.stdin.on('error', () => undefined);
    child.stdin.end(body);
    const out: Buffer[] = [];
    for await (const chunk of child.stdout) out.push(chunk as Buffer);
    const all = Buffer.concat(out);
    const split = all.indexOf('\r\n\r\n');
    const head = all.subarray(0, split).toString('utf8');
    const headers: Record<string, string> = {};
    let status = 200;
    for (const line of head.split('\r\n')) {
      const i = line.indexOf(':');
      if (i < 0) continue;
      const k = line.slice(0, i).trim().toLowerCase();
      const v = line.slice(i + 1).trim();
      if (k === 'status') status = Number.parseInt(v, 10);
      else headers[k] = v;
    }
    res.writeHead(status, headers);
    res.end(all.subarray(split + 4));
  }
}
