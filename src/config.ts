import { CATEGORIES, type Category } from './types.js';
import { UserError } from './user-error.js';

export const GITHUB_MODELS_URL = 'https://models.github.ai/inference';
export const DEFAULT_MODEL = 'openai/gpt-4.1-mini';

/** Everything the pipeline is told, read and validated once. */
export interface Config {
  githubToken: string;
  runId?: string;
  apiKey: string;
  baseUrl: string;
  model: string;
  testCommand?: string;
  setupCommand?: string;
  verifyCommand?: string;
  metricsFile?: string;
  /** A PostgreSQL connection string: each run's row goes to `autofix_runs` there. */
  metricsDatabaseUrl?: string;
  categories: readonly Category[];
  maxAttempts: number;
  maxChangedLines: number;
  /** The size limit for a formatter's or linter's own fix (its output is mechanical, and larger). */
  maxFormatterLines: number;
  maxFiles: number;
  allowedPaths: readonly string[];
  protectedPaths: readonly string[];
  allowTestChanges: boolean;
  label: string;
  promptTemplate?: string;
  dryRun: boolean;
  allowForks: boolean;
  checkFlaky: boolean;
  testTimeoutMs: number;
  maxPromptTokens: number;
  /** Stop before a model call that would take the run's cost past this (US dollars). */
  maxCostUsd: number | null;
  /** US dollars per million input and output tokens, over the bundled price table. */
  modelPrice: { input: number; output: number } | null;
  authorName: string;
  authorEmail: string;
}

export type InputReader = (name: string) => string;

export function optionalInput(read: InputReader, name: string): string | undefined {
  const v = read(name).trim();
  return v === '' ? undefined : v;
}

function intInput(read: InputReader, name: string, fallback: number, min: number, max: number): number {
  const raw = optionalInput(read, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new UserError(`Input \`${name}\` must be a whole number from ${min} to ${max}, got \`${raw}\`.`);
  }
  return Number(raw);
}

function decimalInput(read: InputReader, name: string): number | null {
  const raw = optionalInput(read, name);
  if (raw === undefined) return null;
  if (!/^\d+(\.\d+)?$/.test(raw) || Number(raw) <= 0)
    throw new UserError(`Input \`${name}\` must be a positive amount in US dollars such as 0.05, got \`${raw}\`.`);
  return Number(raw);
}

/** `model-price`: "input,output" in US dollars per million tokens. */
function priceInput(read: InputReader): { input: number; output: number } | null {
  const raw = optionalInput(read, 'model-price');
  if (raw === undefined) return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*,\s*(\d+(?:\.\d+)?)\s*$/.exec(raw);
  if (!m) throw new UserError(`Input \`model-price\` must be "input,output" in US dollars per million tokens, such as \`0.15,0.60\`, got \`${raw}\`.`);
  return { input: Number(m[1]), output: Number(m[2]) };
}

function boolInput(read: InputReader, name: string, fallback: boolean): boolean {
  const raw = optionalInput(read, name);
  if (raw === undefined) return fallback;
  if (/^(true|yes|1)$/i.test(raw)) return true;
  if (/^(false|no|0)$/i.test(raw)) return false;
  throw new UserError(`Input \`${name}\` must be \`true\` or \`false\`, got \`${raw}\`.`);
}

/** A list of globs, one a line or comma-separated. */
function listInput(read: InputReader, name: string): string[] {
  return (optionalInput(read, name) ?? '')
    .split(/[\n,]/)
    .map((g) => g.trim())
    .filter(Boolean);
}

/** Reads and validates every input. Throws `UserError` naming the input, the value and the allowed values. */
export function readConfig(read: InputReader): Config {
  const categories = (optionalInput(read, 'categories') ?? 'test').split(/[\s,]+/).filter(Boolean);
  for (const c of categories) {
    if (!(CATEGORIES as readonly string[]).includes(c)) {
      throw new UserError(`Input \`categories\` holds \`${c}\`; allowed: ${CATEGORIES.join(', ')}.`);
    }
  }
  const githubToken = optionalInput(read, 'github-token') ?? '';
  const apiKey = optionalInput(read, 'api-key') ?? '';
  const baseUrl = optionalInput(read, 'base-url') ?? (apiKey ? 'https://api.openai.com/v1' : GITHUB_MODELS_URL);
  try {
    new URL(baseUrl);
  } catch {
    throw new UserError(`Input \`base-url\` must be a URL such as https://api.openai.com/v1, got \`${baseUrl}\`.`);
  }
  const label = optionalInput(read, 'label') ?? 'ci/autofix';
  if (label.length > 50) throw new UserError(`Input \`label\` must be at most 50 characters (GitHub's limit), got ${label.length}.`);
  const runId = optionalInput(read, 'run-id');
  const testCommand = optionalInput(read, 'test-command');
  const promptTemplate = optionalInput(read, 'prompt-template');
  const setupCommand = optionalInput(read, 'setup-command');
  const verifyCommand = optionalInput(read, 'verify-command');
  const metricsFile = optionalInput(read, 'metrics-file');
  const metricsDatabaseUrl = optionalInput(read, 'metrics-database-url');
  if (metricsDatabaseUrl !== undefined && !/^postgres(ql)?:\/\/\S+$/.test(metricsDatabaseUrl))
    throw new UserError(
      'Input `metrics-database-url` must be a PostgreSQL connection string such as postgresql://user:password@host:5432/db?sslmode=verify-full (pass it from a secret).',
    );
  return Object.freeze({
    githubToken,
    ...(runId !== undefined ? { runId } : {}),
    apiKey,
    baseUrl,
    model: optionalInput(read, 'model') ?? DEFAULT_MODEL,
    ...(testCommand !== undefined ? { testCommand } : {}),
    ...(setupCommand !== undefined ? { setupCommand } : {}),
    ...(verifyCommand !== undefined ? { verifyCommand } : {}),
    ...(metricsFile !== undefined ? { metricsFile } : {}),
    ...(metricsDatabaseUrl !== undefined ? { metricsDatabaseUrl } : {}),
    categories: categories as Category[],
    maxAttempts: intInput(read, 'max-attempts', 2, 1, 5),
    maxChangedLines: intInput(read, 'max-changed-lines', 100, 1, 2000),
    maxFormatterLines: intInput(read, 'max-formatter-lines', 500, 1, 20_000),
    maxFiles: intInput(read, 'max-files', 10, 1, 100),
    allowedPaths: listInput(read, 'allowed-paths'),
    protectedPaths: listInput(read, 'protected-paths'),
    allowTestChanges: boolInput(read, 'allow-test-changes', false),
    label,
    ...(promptTemplate !== undefined ? { promptTemplate } : {}),
    dryRun: boolInput(read, 'dry-run', false),
    allowForks: boolInput(read, 'allow-forks', false),
    checkFlaky: boolInput(read, 'check-flaky', true),
    testTimeoutMs: intInput(read, 'test-timeout-minutes', 15, 1, 360) * 60_000,
    maxPromptTokens: intInput(read, 'max-prompt-tokens', 6000, 500, 200_000),
    maxCostUsd: decimalInput(read, 'max-cost-usd'),
    modelPrice: priceInput(read),
    authorName: optionalInput(read, 'author-name') ?? 'github-actions[bot]',
    authorEmail: optionalInput(read, 'author-email') ?? '41898282+github-actions[bot]@users.noreply.github.com',
  });
}
