import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, SANDBOX_TOKEN, type World } from '../../src/sandbox/world.js';
import { ROOT } from '../helpers.js';

// GitHub's published OpenAPI description, dereferenced (the @octokit/openapi package).
const require = createRequire(import.meta.url);
const spec = JSON.parse(readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.deref.json'), 'utf8')) as {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
};

// OpenAPI 3.0 writes "or null" as `nullable: true`, also beside `allOf`/`anyOf` with no `type`,
// which JSON Schema validators refuse: rewrite those as `anyOf: [schema, {type: null}]`.
function toJsonSchema(node: unknown, seen = new Map<object, unknown>()): unknown {
  if (Array.isArray(node)) return node.map((n) => toJsonSchema(n, seen));
  if (!node || typeof node !== 'object') return node;
  if (seen.has(node)) return seen.get(node);
  const out: Record<string, unknown> = {};
  seen.set(node, out);
  for (const [k, v] of Object.entries(node)) out[k] = toJsonSchema(v, seen);
  if (out.nullable === true && out.type === undefined) {
    const { nullable: _n, ...rest } = out;
    for (const k of Object.keys(out)) delete out[k];
    out.anyOf = [rest, { type: 'null' }];
  }
  return out;
}

function schemaOf(path: string, method: string, status: string): object {
  const schema = spec.paths[path]?.[method]?.responses[status]?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`no schema for ${method} ${path} ${status}`);
  return toJsonSchema(schema) as object;
}

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });

let world: World;
beforeAll(async () => {
  world = await createWorld({
    project: join(ROOT, 'evals/cases/node-sum-off-by-one/project'),
    lastGreen: join(ROOT, 'evals/cases/neg-fork-run/project'),
    command: 'true',
    output: 'x',
    exitCode: 1,
  });
});
afterAll(() => world.stop());

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${world.emulator.apiUrl}${path}`, {
    method,
    headers: { authorization: `token ${SANDBOX_TOKEN}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: await res.json() };
}

describe('the GitHub emulator answers in the shapes of GitHub’s OpenAPI description', () => {
  const repo = '/repos/acme/widgets';
  const cases: [string, string, string, string, () => unknown][] = [
    ['get', '/repos/{owner}/{repo}', '200', repo, () => undefined],
    ['get', '/repos/{owner}/{repo}/actions/runs/{run_id}', '200', `${repo}/actions/runs/4242`, () => undefined],
    ['get', '/repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}', '200', `${repo}/actions/runs/4242/attempts/1`, () => undefined],
    ['get', '/repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs', '200', `${repo}/actions/runs/4242/attempts/1/jobs`, () => undefined],
    ['get', '/repos/{owner}/{repo}/branches/{branch}', '200', `${repo}/branches/main`, () => undefined],
    ['post', '/repos/{owner}/{repo}/pulls', '201', `${repo}/pulls`, () => ({ head: 'main', base: 'main', title: 't', body: 'b', draft: true })],
    ['get', '/repos/{owner}/{repo}/pulls', '200', `${repo}/pulls?state=open`, () => undefined],
    ['post', '/repos/{owner}/{repo}/labels', '201', `${repo}/labels`, () => ({ name: 'ci/autofix', color: 'c5def5' })],
    ['post', '/repos/{owner}/{repo}/issues/{issue_number}/labels', '200', `${repo}/issues/1/labels`, () => ({ labels: ['ci/autofix'] })],
    ['post', '/repos/{owner}/{repo}/issues/{issue_number}/comments', '201', `${repo}/issues/1/comments`, () => ({ body: 'why' })],
    [
      'get',
      '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
      '200',
      `${repo}/actions/workflows/7/runs?branch=main&status=success`,
      () => undefined,
    ],
  ];
  it.each(cases)('%s %s', async (method, specPath, status, path, body) => {
    const res = await call(method.toUpperCase(), path, body());
    expect(res.status).toBe(Number(status));
    const validate = ajv.compile(schemaOf(specPath, method, status));
    const ok = validate(res.json);
    expect(ok, ajv.errorsText(validate.errors, { separator: '\n' })).toBe(true);
  });

  it('compares the last green commit with the failed one, as GitHub does', async () => {
    const runs = (await call('GET', `/repos/acme/widgets/actions/workflows/7/runs?branch=main&status=success`)).json as {
      workflow_runs: { id: number; head_sha: string }[];
    };
    expect(runs.workflow_runs.map((r) => r.id)).toEqual([4241]);
    const res = await call('GET', `/repos/acme/widgets/compare/${runs.workflow_runs[0]?.head_sha}...${world.headSha}`);
    expect(res.status).toBe(200);
    const validate = ajv.compile(schemaOf('/repos/{owner}/{repo}/compare/{basehead}', 'get', '200'));
    expect(validate(res.json), ajv.errorsText(validate.errors, { separator: '\n' })).toBe(true);
    const files = (res.json as { files: { filename: string; status: string; patch?: string }[] }).files;
    const sum = files.find((f) => f.filename === 'src/sum.js');
    expect(sum?.status).toBe('modified');
    // The hunks alone, no file headers: what the compare API's `patch` holds.
    expect(sum?.patch).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@/);
    expect(sum?.patch).toContain('+  for (let i = 1; i < values.length; i++) total += values[i];');
  });

  it('serves job logs behind a redirect, like GitHub', async () => {
    const res = await fetch(`${world.emulator.apiUrl}/repos/acme/widgets/actions/jobs/42422/logs`, {
      headers: { authorization: `token ${SANDBOX_TOKEN}` },
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    const blob = await fetch(res.headers.get('location') ?? '');
    expect(await blob.text()).toBe(world.log);
  });

  it('refuses a wrong token', async () => {
    const res = await fetch(`${world.emulator.apiUrl}/repos/acme/widgets`, { headers: { authorization: 'token nope' } });
    expect(res.status).toBe(401);
  });
});
