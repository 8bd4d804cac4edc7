import type { PassLog } from './logs/pass-log.js';

/** Plain values that flow one way through the pipeline (see ../shared/ARCHITECTURE.md). */

export const STATUSES = [
  'fixed',
  'no_errors_found',
  'not_a_test_failure',
  'flaky',
  'untrusted',
  'patch_rejected',
  'verification_failed',
  'over_budget',
  'duplicate',
  'error',
] as const;
export type Status = (typeof STATUSES)[number];

export const CATEGORIES = ['test', 'lint', 'typecheck', 'build', 'dependency', 'infra', 'deploy', 'timeout', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

/** The failed run we act on. */
export interface RunRef {
  owner: string;
  repo: string;
  runId: number;
  attempt: number;
  workflowName: string;
  /** The workflow's id, to find its last successful run. */
  workflowId?: number;
  headSha: string;
  headBranch: string;
  /** The repository's default branch, where a last green run is looked for when the run's branch has none. */
  defaultBranch?: string;
  /** `push`, `pull_request`, … : the event that triggered the failed run. */
  event: string;
  conclusion: string;
  htmlUrl: string;
  /** owner/name of the repository the run's code came from. */
  headRepository: string;
  pullRequestNumber?: number;
  /** false for a fork's code. */
  isTrusted: boolean;
}

export interface LogStep {
  job: string;
  name: string;
  /** The command the step ran, from `##[group]Run <command>`. */
  command?: string;
  failed: boolean;
  lines: string[];
  /** Each kept line's number in the job's log (1-based; 0 for a `… N lines cut …` marker). */
  lineNumbers?: number[];
  /** The step's number in its job (1 for "Set up job"), as GitHub numbers a job's steps. */
  number?: number;
  /** The job log's line where the step starts (its `##[group]Run` header): line 1 of the step's log. */
  startLine?: number;
  /** The job's page on GitHub, whose `#step:N:L` anchor opens a line of a step's log. */
  jobUrl?: string;
}

export interface Logs {
  steps: LogStep[];
  /** Human-readable notes on what was cut or could not be read. */
  notes: string[];
  /** The failed jobs' passing counterparts (the last green run), as line hashes. */
  pass?: PassLog;
}

export interface ErrorLocation {
  file: string | null;
  line: number | null;
  column: number | null;
  message: string;
  tool: string;
  test?: string;
  /** Other places of the repository the stack or traceback passed through, outermost first. */
  frames?: { file: string; line: number }[];
  /** The line of the job's log the error was read from (1-based), where known. */
  logLine?: number;
  /** The step whose log it was read from. */
  step?: string;
  /** A link to that line of the run's log on GitHub, where the job's page is known. */
  logUrl?: string;
}

export interface Failure {
  category: Category;
  /** Why that category: the evidence in the step or its log. */
  categoryReason?: string;
  errors: ErrorLocation[];
  /** The failing command, as the log shows it. */
  testCommand: string | null;
  /** A command re-running only the failed tests, where the tool allows it. */
  narrowCommand: string | null;
  /** The step that failed. */
  step?: string;
  signature: string;
}

export interface ContextSection {
  file: string;
  startLine: number;
  endLine: number;
  reason: string;
  text: string;
}

/** A file's diff between the last green run and the failed one (the compare API's `patch`). */
export interface RecentChange {
  file: string;
  patch: string;
}

export interface Context {
  sections: ContextSection[];
  /** Changes since the last green run, capped, as diffs. */
  changes: { file: string; text: string; reason: string }[];
  tokens: number;
  omitted: string[];
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface Proposal {
  explanation: string;
  patch: string | null;
  usage: Usage;
  costUsd: number;
  model: string;
}

export interface CommandResult {
  command: string;
  exitCode: number;
  /** The tail of stdout and stderr, interleaved as the command wrote them. */
  output: string;
  timedOut: boolean;
  durationMs: number;
}

export interface Attempt {
  number: number;
  /** From the model call to the verification's end. */
  durationMs?: number;
  proposal?: Proposal;
  patch?: string;
  /** The files the prepared patch changes. */
  files?: string[];
  rejected?: string;
  /** Whether each changed file still parses after the patch. */
  syntax?: { file: string; status: 'ok' | 'error' | 'not_checked'; detail: string }[];
  verification?: CommandResult;
}

/** What the formatters' and linters' own fix modes did, before any model. */
export interface MechanicalFix {
  tools: { tool: string; version: string | null; command: string; exitCode: number; hooks?: string[] }[];
  /** The guarded change they made ('' when none, or refused). */
  patch: string;
  files: string[];
  syntax?: Attempt['syntax'];
  /** The failing command after their change (null when there was none). */
  verification: CommandResult | null;
  /** Whether their change alone makes the failing command pass. */
  fixed: boolean;
  /** The failure left for the model: the errors the failing command still reports. */
  remaining: Failure;
  /** Why their change was refused by the guard. */
  rejected?: string;
  note?: string;
}

export interface PullRequestRef {
  number: number;
  url: string;
  branch: string;
}

export interface Metrics {
  status: Status;
  category: Category | null;
  signature: string | null;
  attempts: number;
  timeToFixMs: number | null;
  tokens: number;
  costUsd: number;
  model: string;
  /** The formatter or linter whose own fix mode made the change, when it was made without a model. */
  fixer: string | null;
}

export interface Outcome {
  status: Status;
  reason: string;
  run?: RunRef;
  failure?: Failure;
  attempts: Attempt[];
  /** The verified patch, also in dry runs. */
  patch?: string;
  explanation?: string;
  pullRequest?: PullRequestRef;
  flakyCheck?: CommandResult;
  setup?: CommandResult;
  /** The formatters' fix modes, when a lint failure had them. */
  mechanical?: MechanicalFix;
  metrics: Metrics;
  notes: string[];
}
