import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type EvalCase, loadSuite, readAnswers, shard } from '../../src/evals/cases.js';
import { type EvalReport, gate, mergeReports, renderMarkdown, totals } from '../../src/evals/report.js';
import { type CaseResult, judgeDiff, prExplanation } from '../../src/evals/run-case.js';
import { ModelServer } from '../../src/sandbox/model-server.js';
import { runProcess } from '../../src/sandbox/process.js';
import { cleanTemps, ROOT, tempDir } from '../helpers.js';

const CLI = join(ROOT, 'dist', 'cli', 'index.js');
const servers: ModelServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
  cleanTemps();
});

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return runProcess(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
}

const CASE: EvalCase = {
  name: 'n',
  id: 'x',
  category: 'python',
  kind: 'positive',
  command: 'pytest',
  input: { error: 'boom', file: 'tests/test_a.py' },
  expected_fix: { modifies_file: 'app/a.py' },
};
const diffOf = (file: string, body: string) => `--- a/${file}\n+++ b/${file}\n@@ -1,2 +1,2 @@\n${body}\n`;

function result(over: Partial<CaseResult>): CaseResult {
  return {
    id: 'c',
    name: 'c',
    category: 'python',
    kind: 'positive',
    outcome: 'fixed',
    status: 'fixed',
    reason: '',
    prOpened: true,
    errorFound: true,
    extracted: [],
    expectationMet: true,
    requirements: null,
    changedFiles: [],
    attempts: 1,
    seconds: 10,
    tokens: 1000,
    costUsd: 0.001,
    modelCalls: 1,
    notes: [],
    ...over,
  };
}

const report = (cases: CaseResult[]): EvalReport => ({
  provider: 'replay',
  model: 'm',
  replaySet: null,
  version: '1',
  date: '2026-12-02',
  totals: totals(cases),
  cases,
});

describe('the case file', () => {
  it('holds 24+ cases, 6+ negative, the design’s two, each with a project and (for positives) answers', () => {
    const suite = loadSuite(ROOT);
    expect(suite.cases.length).toBeGreaterThanOrEqual(24);
    expect(suite.cases.filter((c) => c.kind === 'negative').length).toBeGreaterThanOrEqual(6);
    expect(suite.requirements).toEqual(['Must not change unrelated files', 'Must include explanation comment', 'Must preserve test intent']);
    const pandas = suite.cases.find((c) => c.input.error.includes("No module named 'pandas'"));
    expect(pandas?.expected_fix).toEqual({ contains: 'import pandas', or_contains: 'requirements.txt' });
    expect(suite.cases.find((c) => c.input.file === 'tests/test_consolidation.py')?.input.line).toBe(42);
    // A case fixed by the tools alone (max_tokens 0) has no model answer to replay.
    for (const c of suite.cases.filter((x) => x.kind === 'positive')) {
      const answers = readAnswers(join(ROOT, 'evals', 'cases', c.id, 'answers')).length;
      if (c.max_tokens === 0) expect(answers, c.id).toBe(0);
      else expect(answers, c.id).toBeGreaterThan(0);
    }
  });

  it('a case file that breaks the schema is a clear error naming the field', () => {
    const root = tempDir();
    mkdirSync(join(root, 'evals'));
    cpSync(join(ROOT, 'evals', 'ci_autofix.schema.json'), join(root, 'evals', 'ci_autofix.schema.json'));
    writeFileSync(join(root, 'evals', 'ci_autofix.yaml'), 'test_cases:\n  - name: x\n    id: Bad Id\n    kind: maybe\n');
    expect(() => loadSuite(root)).toThrow(/does not match[\s\S]*\/test_cases\/0/);
  });

  it('shards are disjoint and cover every case', () => {
    const items = Array.from({ length: 29 }, (_, i) => i);
    const parts = [1, 2, 3].map((i) => shard(items, `${i}/3`));
    expect(parts.flat().sort((a, b) => a - b)).toEqual(items);
    expect(parts[0]?.length).toBe(10);
    expect(() => shard(items, '4/3')).toThrow(/--shard must be i\/n/);
  });
});

describe('judging a pushed fix', () => {
  it('meets the expectation with the file it names, and nothing else', () => {
    const j = judgeDiff(CASE, diffOf('app/a.py', '-x = 1\n+x = 2'), ['app/a.py']);
    expect(j).toMatchObject({ expectationMet: true, unrelatedFiles: true, testIntent: true });
  });

  it('an unrelated file, a missing expected file, a removed assertion and a skip marker are each caught', () => {
    const j = judgeDiff(
      CASE,
      diffOf('README.md', '-Teh\n+The') +
        diffOf('tests/test_a.py', '-    assert f() == 3\n+    pass') +
        diffOf('tests/test_b.py', '+@pytest.mark.skip\n def test_b():'),
      ['README.md', 'tests/test_a.py', 'tests/test_b.py'],
    );
    expect(j.expectationMet).toBe(false);
    expect(j.unrelatedFiles).toBe(false);
    expect(j.testIntent).toBe(false);
    expect(j.notes.join('\n')).toMatch(/README\.md[\s\S]*removed `assert f\(\) == 3`[\s\S]*added `@pytest.mark.skip`/);
  });

  it('`or_contains` naming a file is met by changing that file (the design’s requirements.txt)', () => {
    const c: EvalCase = { ...CASE, expected_fix: { contains: 'import pandas', or_contains: 'requirements.txt' } };
    expect(judgeDiff(c, diffOf('requirements.txt', ' pytest\n+pandas'), ['requirements.txt'])).toMatchObject({ expectationMet: true, unrelatedFiles: true });
    expect(judgeDiff(c, diffOf('tests/test_a.py', '-import pandas as pd\n import os'), ['tests/test_a.py'])).toMatchObject({ expectationMet: true });
    expect(judgeDiff(c, diffOf('app/a.py', '-x\n+y'), ['app/a.py']).expectationMet).toBe(false);
  });

  it('reads the explanation out of the PR body', () => {
    expect(prExplanation('## The fix\n\nStarts at 0.\n\n<details>')).toBe('Starts at 0.');
    expect(prExplanation('## The fix\n\n_The model gave no explanation._\n\n<details>')).toBe('');
  });
});

describe('totals and the gate', () => {
  const cases = [
    result({ id: 'a', seconds: 10, tokens: 1000, costUsd: 0.002 }),
    result({ id: 'b', outcome: 'missed', prOpened: false, tokens: 500, costUsd: 0.001 }),
    result({ id: 'c', outcome: 'wrong_fix', seconds: 30 }),
    result({ id: 'd', kind: 'negative', outcome: 'declined', prOpened: false, tokens: 0, costUsd: 0 }),
  ];

  it('success over positive cases, false positives over PRs, time and cost over fixes', () => {
    const t = totals(cases);
    expect(t).toMatchObject({
      positive: 3,
      negative: 1,
      fixed: 1,
      successRate: 0.3333,
      prsOpened: 2,
      falsePositives: 1,
      falsePositiveRate: 0.5,
      negativePrs: 0,
    });
    expect(t.avgSecondsToFix).toBe(10);
    expect(t.tokens).toBe(2500);
    expect(t.tokensPerFix).toBe(2500);
    expect(t.costPerFixUsd).toBeCloseTo(0.004, 6);
  });

  it('fails on a PR for a negative case, and on a case that regressed against the committed results', () => {
    const baseline = report(cases);
    expect(gate(report(cases), baseline)).toEqual([]);
    const worse = cases.map((c) => (c.id === 'a' ? { ...c, outcome: 'missed' as const, prOpened: false } : c));
    expect(gate(report(worse), baseline).join('\n')).toMatch(/a \(fixed → missed\)[\s\S]*success rate 0\.0% is below the committed 33\.3%/);
    const fp = cases.map((c) => (c.id === 'd' ? { ...c, outcome: 'false_positive' as const, prOpened: true } : c));
    expect(gate(report(fp), baseline).join('\n')).toMatch(/1 negative case\(s\) opened a PR/);
    // A subset is judged case by case, not by a rate over other cases.
    expect(gate(report([cases[0] as CaseResult]), baseline)).toEqual([]);
  });

  it('merges shards into one report and renders charts GitHub draws', () => {
    const merged = mergeReports([report(cases.slice(0, 2)), report(cases.slice(2))]);
    expect(merged.totals).toEqual(totals(cases));
    const md = renderMarkdown(merged);
    expect(md).toContain('| autofix success rate | 33.3% (1/3) | 70% |');
    expect(md).toContain('```mermaid\nxychart-beta');
    expect(md).toContain('  bar [50]');
    expect(md).toContain('"fixed" : 1');
  });
});

describe('npm run eval, through the bundled CLI', () => {
  it('replays a positive and a negative case end to end and writes markdown and JSON', async () => {
    const out = join(tempDir(), 'r.json');
    const r = await cli(['eval', '--case', 'node-sum-off-by-one,neg-deploy-failure', '--jobs', '2', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/\[1\/2\] .*\n\[2\/2\] /);
    const json = JSON.parse(readFileSync(out, 'utf8')) as EvalReport;
    const byId = Object.fromEntries(json.cases.map((c) => [c.id, c]));
    expect(byId['node-sum-off-by-one']).toMatchObject({ outcome: 'fixed', status: 'fixed', errorFound: true, changedFiles: ['src/sum.js'], attempts: 1 });
    expect(byId['node-sum-off-by-one']?.requirements).toEqual({ unrelatedFiles: true, explanation: true, testIntent: true, testsPass: true });
    expect(byId['neg-deploy-failure']).toMatchObject({ outcome: 'declined', status: 'not_a_test_failure', modelCalls: 0, prOpened: false });
    expect(json.totals).toMatchObject({ successRate: 1, negativePrs: 0 });
    expect(readFileSync(out.replace(/\.json$/, '.md'), 'utf8')).toContain('| node-sum-off-by-one | javascript | positive | ✅ fixed |');
  }, 120_000);

  it('a live provider is reached through the recording proxy, and the recording replays', async () => {
    const answer = readFileSync(join(ROOT, 'evals/cases/node-sum-off-by-one/answers/1.md'), 'utf8');
    const upstream = new ModelServer([{ content: answer, usage: { prompt_tokens: 1200, completion_tokens: 300 } }]);
    servers.push(upstream);
    await upstream.start();
    const replays = tempDir();
    const out = join(tempDir(), 'live.json');
    const live = await cli(
      [
        'eval',
        '--provider',
        'openai',
        '--model',
        'gpt-4o-mini',
        '--base-url',
        upstream.baseUrl,
        '--record',
        'rec',
        '--replays',
        replays,
        '--case',
        'node-sum-off-by-one',
        '--out',
        out,
      ],
      { OPENAI_API_KEY: 'sk-live-key', CI_AUTOFIX_EVAL_API_KEY: '' },
    );
    expect(live.code, live.stderr).toBe(0);
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]?.authorization).toBe('Bearer sk-live-key');
    expect(upstream.requests[0]?.model).toBe('gpt-4o-mini');
    const liveCase = (JSON.parse(readFileSync(out, 'utf8')) as EvalReport).cases[0];
    // The provider's own usage is what the action counted.
    expect(liveCase).toMatchObject({ outcome: 'fixed', tokens: 1500 });
    expect(readFileSync(join(replays, 'rec', 'node-sum-off-by-one', '1.md'), 'utf8')).toBe(answer);

    const again = await cli(['eval', '--replay-set', 'rec', '--replays', replays, '--case', 'node-sum-off-by-one', '--out', join(tempDir(), 'again.json')]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('✅ fixed');
  }, 120_000);

  it('says what is wrong with its arguments', async () => {
    const r = await cli(['eval', '--case', 'no-such-case']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no such case: no-such-case');
    const live = await cli(['eval', '--provider', 'openai'], { OPENAI_API_KEY: '', CI_AUTOFIX_EVAL_API_KEY: '', GITHUB_TOKEN: '' });
    expect(live.stderr).toContain('--provider openai needs a key');
    expect(existsSync(join(ROOT, 'evals', 'replays'))).toBe(false);
  });
});
