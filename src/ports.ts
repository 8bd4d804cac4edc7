import type { SyntaxResult } from './patch/check-syntax.js';
import type { CommandResult, PullRequestRef, RecentChange, RunRef, Usage } from './types.js';

/** Where messages go: `@actions/core` in the action, stderr in the CLI. */
export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
  /** An annotation on a file and line; the action shows it on the run. */
  annotate(message: string, file?: string, line?: number): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

export interface RawJobLog {
  job: string;
  /** The job's page on GitHub (the jobs API's html_url). */
  url?: string;
  /** The job's steps as the jobs API numbers them. */
  steps?: { name: string; number: number; failed: boolean }[];
  /** Names of the steps the jobs API reports as failed. */
  failedSteps: string[];
  /** The log, as it arrives: read once, never held whole. */
  chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;
}

/** Run metadata and failed-job logs. Throws `UserError` for missing runs or expired logs. */
/** The last successful run of the same workflow on the same branch, and what changed since. */
export interface LastGreen {
  runId: number;
  headSha: string;
  changes: RecentChange[];
}

export interface RunSource {
  getRun(runId: number, attempt?: number): Promise<RunRef>;
  getFailedJobLogs(run: RunRef): Promise<RawJobLog[]>;
  /** Null when there is no earlier green run (or the source cannot tell). */
  lastGreen?(run: RunRef): Promise<LastGreen | null>;
  /**
   * The log of the job of that name in the last green run of the same workflow, as a stream;
   * null when there is none or it cannot be read (the ranking only loses a clue). Never throws.
   */
  passingJobLog?(run: RunRef, job: string): Promise<AsyncIterable<Uint8Array | string> | null>;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** One chat completion in, text and usage out. Throws on transport failures after its retries. */
export interface Model {
  readonly name: string;
  complete(messages: ChatMessage[]): Promise<{ text: string; usage: Usage }>;
}

export interface RunOptions {
  timeoutMs: number;
  env?: Record<string, string>;
}

/** Where a function, method or class of that name is defined. */
export interface Definition {
  name: string;
  file: string;
  line: number;
}

/** Finds the definitions of these names across the repository's tracked files (a fast search, never a full read). */
export type FindDefinitions = (names: readonly string[]) => Promise<Definition[]>;

/** The tracked files' lines that match a POSIX extended regular expression, in files matching the pathspecs. */
export type SearchFiles = (ere: string, pathspecs: readonly string[]) => Promise<{ file: string; line: number; text: string }[]>;

/** The checked-out repository: read files, apply patches, run commands. */
export interface Workspace {
  readonly root: string;
  findDefinitions?: FindDefinitions;
  searchFiles?: SearchFiles;
  readFile(path: string): Promise<string | null>;
  fileExists(path: string): Promise<boolean>;
  /** Whether `path` (repo-relative) resolves, through symlinks, to a place inside the repository. */
  isInside(path: string): Promise<boolean>;
  isClean(): Promise<boolean>;
  /** The checked-out commit. */
  headSha(): Promise<string>;
  /** `git apply --check`; returns the error text, or null when it applies. */
  checkPatch(patch: string): Promise<string | null>;
  applyPatch(patch: string): Promise<void>;
  /** Puts the work tree back to HEAD, removing what a patch added. */
  reset(): Promise<void>;
  /** The tracked files' changes against HEAD, as a unified diff ('' when none). */
  diff(): Promise<string>;
  run(command: string, options: RunOptions): Promise<CommandResult>;
  /** Parses a file with the checkout's toolchain; a missing tool is `not_checked`. */
  checkSyntax(file: string, language: 'python' | 'javascript'): Promise<SyntaxResult>;
}

export interface PullRequestDraft {
  branch: string;
  base: string;
  title: string;
  body: string;
  commitMessage: string;
  label: string;
  signature: string;
  comment?: string;
}

/** Pushes a branch and opens the draft PR. */
export interface Publisher {
  findOpenDuplicate(signature: string, label: string): Promise<PullRequestRef | null>;
  /** The first free branch name starting with `wanted`. */
  freeBranchName(wanted: string): Promise<string>;
  publish(draft: PullRequestDraft): Promise<PullRequestRef>;
}

/** What the pipeline talks to; the entries build them. */
export interface AutofixPorts {
  source: RunSource;
  model: Model;
  workspace: Workspace;
  /** null in a dry run. */
  publisher: Publisher | null;
  logger: Logger;
  /** The prompt template's text and where it came from (for error messages). */
  template: { text: string; name: string };
  /** The runner's checkout path, stripped from paths in logs (GITHUB_WORKSPACE). */
  runnerWorkspace?: string;
  now?: () => number;
}
