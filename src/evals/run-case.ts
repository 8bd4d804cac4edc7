import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { extractFailure } from '../errors/extract.js';
import { logsFromText } from '../logs/read-log.js';
import { isTestFile } from '../patch/check-policy.js';
import { runProcess, runShell } from '../sandbox/process.js';
import { createWorld, gitEnv, readOutputs } from '../sandbox/world.js';
import type { EvalCase } from './cases.js';
import { answersDir, readAnswers } from './cases.js';

const run = promisify(execFile);

export type CaseOutcome = 'fixed' | 'wrong_fix' | 'missed' | 'declined' | 'false_positive' | 'harness_error';

export interface CaseResult {
  id: string;
  name: string;
  category: string;
  kind: 'positive' | 'negative';
  outcome: CaseOutcome;
  /** The action's `status` output. */
  status: string;
  reason: string;
  prOpened: boolean;
  /** The extracted errors hold `input.error` (and its file and line when given). */
  errorFound: boolean;
  /** The first extracted errors, `file:line message`. */
  extracted: string[];
  expectationMet: boolean | null;
  requirements: { unrelatedFiles: boolean; explanation: boolean; testIntent: boolean; testsPass: boolean } | null;
  changedFiles: string[];
  attempts: number;
  seconds: number;
  tokens: number;
  costUsd: number;
  modelCalls: number;
  notes: string[];
  /** The action's own log (stdout and stderr), kept for --verbose. */
  log?: string;
}

export interface RunOptions {
  root: string;
  /** `replay`: answers from a replay set; `openai`: a live provider behind a recording proxy. */
  provider: 'replay' | 'openai';
  model: string;
  replaySet: string | null;
  upstream: { baseUrl: string; apiKey: string } | null;
  /** Save the live answers under <replays>/<record>/. */
  record: string | null;
  /** The folder of recorded replay sets (default evals/replays). */
  replays: string;
  /** The environment the projects' commands run with (PATH with the toolchains). */
  env: NodeJS.ProcessEnv;
}

const ASSERTION = /\b(assert\w*|expect|should|toBe|toEqual)\b/;
const SKIP_MARKER = /pytest\.mark\.(skip|xfail)|@unittest\.(skip|expectedFailure)|\b(it|test|describe)\.(skip|only|todo)\(|\bx(it|describe)\(|\bt\.skip\(/;

/** What a diff's changed lines and files say about the behavioural requirements (the eval's own reading, independent of the guard). */
export function judgeDiff(
  c: EvalCase,
  diff: string,
  changedFiles: string[],
): { expectationMet: boolean; unrelatedFiles: boolean; testIntent: boolean; notes: string[] } {
  const notes: string[] = [];
  const removed: { file: string; text: string }[] = [];
  const added: { file: string; text: string }[] = [];
  let file = '';
  for (const line of diff.split('\n')) {
    const header = /^\+\+\+ b\/(.+)$/.exec(line);
    if (header?.[1]) file = header[1];
    else if (line.startsWith('diff --git')) file = /^diff --git a\/(.+?) b\//.exec(line)?.[1] ?? file;
    else if (line.startsWith('+') && !line.startsWith('+++')) added.push({ file, text: line.slice(1) });
    else if (line.startsWith('-') && !line.startsWith('---')) removed.push({ file, text: line.slice(1) });
  }
  const changedText = [...added, ...removed].map((l) => l.text);
  const holds = (needle: string | undefined) =>
    needle !== undefined && (changedText.some((t) => t.includes(needle)) || changedFiles.some((f) => f.includes(needle)));
  const e = c.expected_fix ?? {};
  const textWanted = e.contains !== undefined || e.or_contains !== undefined;
  const fileWanted = e.modifies_file !== undefined || e.or_modifies !== undefined;
  const textOk = !textWanted || holds(e.contains) || holds(e.or_contains);
  const fileOk = !fileWanted || [e.modifies_file, e.or_modifies].some((f) => f !== undefined && changedFiles.includes(f));
  if (!textOk) notes.push(`the fix changes no line holding ${[e.contains, e.or_contains].filter(Boolean).join(' or ')}`);
  if (!fileOk) notes.push(`the fix changes neither ${[e.modifies_file, e.or_modifies].filter(Boolean).join(' nor ')}`);

  const allowed = new Set([c.input.file, e.modifies_file, e.or_modifies, ...(c.may_modify ?? [])].filter((f): f is string => Boolean(f)));
  for (const needle of [e.contains, e.or_contains]) if (needle && /^[\w./-]+\.\w+$/.test(needle)) allowed.add(needle);
  const unrelated = changedFiles.filter((f) => !allowed.has(f));
  if (unrelated.length) notes.push(`changes unrelated files: ${unrelated.join(', ')}`);

  const weakening: string[] = [];
  for (const r of removed) {
    if (isTestFile(r.file) && ASSERTION.test(r.text) && !added.some((a) => a.file === r.file && a.text.trim() === r.text.trim()))
      weakening.push(`${r.file}: removed \`${r.text.trim()}\``);
  }
  for (const a of added) if (isTestFile(a.file) && SKIP_MARKER.test(a.text)) weakening.push(`${a.file}: added \`${a.text.trim()}\``);
  if (weakening.length) notes.push(`weakens the test: ${weakening.slice(0, 3).join('; ')}`);
  return { expectationMet: textOk && fileOk, unrelatedFiles: unrelated.length === 0, testIntent: weakening.length === 0, notes };
}

/** The explanation the PR body carries (its "The fix" section), or '' when the model gave none. */
export function prExplanation(body: string): string {
  const m = /## The fix\n([\s\S]*?)<details>/.exec(body);
  const text = (m?.[1] ?? '').trim();
  return text === '_The model gave no explanation._' ? '' : text;
}

/** A case's result before anything ran: a harness error unless something better is learned. */
export function emptyResult(c: EvalCase, error?: Error): CaseResult {
  return {
    id: c.id,
    name: c.name,
    category: c.category,
    kind: c.kind,
    outcome: 'harness_error',
    status: '',
    reason: error?.message ?? '',
    prOpened: false,
    errorFound: false,
    extracted: [],
    expectationMet: null,
    requirements: null,
    changedFiles: [],
    attempts: 0,
    seconds: 0,
    tokens: 0,
    costUsd: 0,
    modelCalls: 0,
    notes: error ? [error.message.split('\n')[0] ?? ''] : [],
  };
}

/** Runs one case end to end: a sandboxed failed run, the bundled action, then the judgement of what it pushed. */
export async function runCase(c: EvalCase, o: RunOptions): Promise<CaseResult> {
  const caseDir = join(o.root, 'evals', 'cases', c.id);
  const answers = o.provider === 'replay' ? readAnswers(answersDir(o.root, c.id, o.replaySet, o.replays)) : [];
  if (o.provider === 'replay' && o.replaySet && answers.length === 0) {
    throw new Error(`replay set ${o.replaySet} has no answers for ${c.id} (expected ${join(o.replays, o.replaySet, c.id, '1.md')})`);
  }
  const base = emptyResult(c);
  const world = await createWorld({
    project: join(caseDir, 'project'),
    command: c.command,
    commandEnv: { ...o.env, ...(c.log_env ?? {}) },
    ...(c.timeout_seconds ? { timeoutMs: c.timeout_seconds * 1000 } : {}),
    ...(c.step ? { stepName: c.step } : {}),
    ...(c.event ? { event: c.event } : {}),
    ...(c.head_repository ? { headRepository: c.head_repository } : {}),
    script: answers.map((content) => ({ content })),
    ...(o.upstream ? { upstream: o.upstream } : {}),
  });
  try {
    const failure = extractFailure(logsFromText(world.log));
    base.errorFound = failure.errors.some(
      (e) => e.message.includes(c.input.error) && (!c.input.file || e.file === c.input.file) && (!c.input.line || e.line === c.input.line),
    );
    base.extracted = failure.errors.slice(0, 3).map((e) => `${e.file ?? '-'}:${e.line ?? '-'} ${e.message.split('\n')[0]?.slice(0, 160)}`);
    if (!base.errorFound)
      base.notes.push(`no extracted error holds "${c.input.error}"${c.input.file ? ` in ${c.input.file}${c.input.line ? `:${c.input.line}` : ''}` : ''}`);

    const started = Date.now();
    const action = await runProcess(process.execPath, [join(o.root, 'dist', 'index.js')], {
      cwd: world.workspace,
      env: world.actionEnv({ model: o.model, ...(c.inputs ?? {}) }, { PATH: o.env.PATH ?? '' }),
    });
    base.seconds = (Date.now() - started) / 1000;
    base.log = action.out;
    const outputs = readOutputs(readFileSync(world.outputFile, 'utf8'));
    base.status = outputs.status ?? `exit ${action.code}`;
    base.reason = (outputs.reason ?? '').split('\n')[0]?.slice(0, 200) ?? '';
    base.attempts = Number(outputs.attempts ?? 0);
    base.tokens = Number(outputs.tokens ?? 0);
    base.costUsd = Number(outputs['cost-usd'] ?? 0);
    base.modelCalls = world.model.requests.length;
    if (!outputs.status) base.notes.push(`the action wrote no status (exit ${action.code}): ${action.out.split('\n').slice(-3).join(' ').slice(0, 300)}`);
    if (o.record) {
      const dir = answersDir(o.root, c.id, o.record, o.replays);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      world.model.recorded.forEach((r, i) => {
        writeFileSync(join(dir, `${i + 1}.md`), r.content);
      });
    }

    const pr = world.emulator.pulls[0];
    base.prOpened = Boolean(pr);
    if (!pr) {
      base.outcome = c.kind === 'negative' ? 'declined' : 'missed';
      if (c.kind === 'negative' && c.expected_status && base.status !== c.expected_status) base.notes.push(`expected status ${c.expected_status}`);
      return base;
    }
    // Judge what was pushed, not what the action says it pushed.
    const env = gitEnv(world.home);
    const tip = (await run('git', ['rev-parse', `refs/heads/${pr.head}`], { cwd: world.bare, env })).stdout.trim();
    base.changedFiles = (await run('git', ['diff', '--name-only', world.headSha, tip], { cwd: world.bare, env })).stdout.split('\n').filter(Boolean);
    const diff = (await run('git', ['diff', world.headSha, tip], { cwd: world.bare, env, maxBuffer: 64 * 1024 * 1024 })).stdout;
    const judged = judgeDiff(c, diff, base.changedFiles);
    const clone = join(world.root, 'judge');
    await run('git', ['clone', '--quiet', '--branch', pr.head, `file://${world.bare}`, clone], { env });
    const rerun = await runShell(c.command, clone, { ...o.env, CI: 'true' }, (c.timeout_seconds ?? 120) * 1000);
    const testsPass = rerun.exitCode === 0 && !rerun.timedOut;
    const explanation = prExplanation(pr.body ?? '').length > 0;
    base.expectationMet = judged.expectationMet;
    base.requirements = { unrelatedFiles: judged.unrelatedFiles, explanation, testIntent: judged.testIntent, testsPass };
    base.notes.push(...judged.notes);
    if (!explanation) base.notes.push('the PR carries no explanation');
    if (!testsPass) base.notes.push(`\`${c.command}\` fails on the pushed branch`);
    const withinTokens = c.max_tokens === undefined || base.tokens <= c.max_tokens;
    if (!withinTokens) base.notes.push(`used ${base.tokens} model tokens; the case allows ${c.max_tokens}`);
    const good = judged.expectationMet && judged.unrelatedFiles && judged.testIntent && explanation && testsPass && withinTokens;
    base.outcome = c.kind === 'negative' ? 'false_positive' : good ? 'fixed' : 'wrong_fix';
    return base;
  } finally {
    await world.stop();
  }
}

/** The toolchain PATH the cases run with: this checkout's node_modules/.bin, its Node, a Python that has pytest. */
export async function evalEnvironment(root: string, scratch: string): Promise<NodeJS.ProcessEnv> {
  const bin = join(scratch, 'bin');
  mkdirSync(bin, { recursive: true });
  const candidates = [process.env.CI_AUTOFIX_EVAL_PYTHON, '/usr/bin/python3', 'python3'].filter((p): p is string => Boolean(p));
  for (const python of candidates) {
    try {
      await run(python, ['-c', 'import pytest']);
      const real = (await run(python, ['-c', 'import sys; print(sys.executable)'])).stdout.trim();
      for (const name of ['python3', 'python']) {
        const shim = join(bin, name);
        if (!existsSync(shim)) writeFileSync(shim, `#!/bin/sh\nexec ${real} "$@"\n`, { mode: 0o755 });
      }
      break;
    } catch {
      // try the next one
    }
  }
  const nodeBin = join(process.execPath, '..');
  return { ...process.env, PATH: [bin, join(root, 'node_modules', '.bin'), nodeBin, process.env.PATH ?? ''].join(':') };
}
