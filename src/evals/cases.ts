import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../user-error.js';

/** One eval case of `evals/ci_autofix.yaml` (the design's form, extended; see the schema beside it). */
export interface EvalCase {
  name: string;
  id: string;
  category: string;
  kind: 'positive' | 'negative';
  command: string;
  step?: string;
  input: { error: string; file?: string; line?: number };
  expected_fix?: { contains?: string; or_contains?: string; modifies_file?: string; or_modifies?: string };
  expected_status?: string;
  may_modify?: string[];
  /** Most model tokens the run may use (0: the tools' own fix mode, no model). */
  max_tokens?: number;
  inputs?: Record<string, string>;
  log_env?: Record<string, string>;
  timeout_seconds?: number;
  event?: string;
  head_repository?: string;
  answers?: string;
}

export interface EvalSuite {
  requirements: string[];
  cases: EvalCase[];
}

export const CASES_FILE = 'evals/ci_autofix.yaml';
export const SCHEMA_FILE = 'evals/ci_autofix.schema.json';

/**
 * Reads and validates the case file against its JSON schema (ajv: the schema is the format's
 * documentation too), then checks what a schema cannot: ids unique, folders present, positive
 * cases with an expectation.
 */
export function loadSuite(root: string): EvalSuite {
  const path = join(root, CASES_FILE);
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UserError(`Cannot read ${CASES_FILE}: ${(error as Error).message}`);
  }
  const ajv = new Ajv({ allErrors: true });
  const validate = ajv.compile(JSON.parse(readFileSync(join(root, SCHEMA_FILE), 'utf8')) as object);
  if (!validate(doc)) {
    const problems = (validate.errors ?? []).slice(0, 10).map((e) => `  ${e.instancePath || '/'} ${e.message ?? ''}`);
    throw new UserError(`${CASES_FILE} does not match ${SCHEMA_FILE}:\n${problems.join('\n')}`);
  }
  const suite = doc as { behavioral_requirements?: string[]; test_cases: EvalCase[] };
  const seen = new Set<string>();
  for (const c of suite.test_cases) {
    if (seen.has(c.id)) throw new UserError(`${CASES_FILE}: the id \`${c.id}\` is used twice.`);
    seen.add(c.id);
    if (!existsSync(join(root, 'evals', 'cases', c.id, 'project')))
      throw new UserError(`${CASES_FILE}: case \`${c.id}\` has no folder evals/cases/${c.id}/project.`);
    if (c.kind === 'positive' && !c.expected_fix) throw new UserError(`${CASES_FILE}: positive case \`${c.id}\` needs expected_fix.`);
  }
  return { requirements: suite.behavioral_requirements ?? [], cases: suite.test_cases };
}

/** The numbered answers (`1.md`, `2.md`, ...) of a replay set folder, in order. */
export function readAnswers(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^\d+\.md$/.test(f))
    .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10))
    .map((f) => readFileSync(join(dir, f), 'utf8'));
}

/** Where a case's replayed answers live: its own `answers/` (the scripted set) or a recorded set under `replays`. */
export function answersDir(root: string, caseId: string, replaySet: string | null, replays = join(root, 'evals', 'replays')): string {
  return replaySet ? join(replays, replaySet, caseId) : join(root, 'evals', 'cases', caseId, 'answers');
}

/** `--shard i/n`: the i-th of n slices, by position in the file (stable across machines). */
export function shard<T>(items: readonly T[], spec: string | undefined): T[] {
  if (!spec) return [...items];
  const m = /^(\d+)\/(\d+)$/.exec(spec);
  const i = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (!m || n < 1 || i < 1 || i > n) throw new UserError(`--shard must be i/n with 1 <= i <= n, got ${spec}`);
  return items.filter((_, k) => k % n === i - 1);
}
