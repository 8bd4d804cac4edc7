import type { Config } from '../config.js';
import type { Ending } from '../outcome.js';
import type { Logger, Workspace } from '../ports.js';
import type { Failure, Logs } from '../types.js';
import { extractFailure } from './extract.js';
import { resolveErrorFiles } from './resolve-files.js';

/** The failure in the logs, its files resolved against the checkout, its root errors annotated. */
export function readFailure(logs: Logs, workspace: Workspace, logger: Logger): Promise<Failure> {
  return logger.group('Extract the errors', async () => {
    const f = await resolveErrorFiles(linkToLog(extractFailure(logs), logs), (p) => workspace.fileExists(p));
    logger.info(`Category ${f.category}, ${f.errors.length} error(s), command: ${f.testCommand ?? 'unknown'}`);
    for (const e of f.errors.slice(0, 10)) {
      const message = e.message.split('\n')[0] ?? e.message;
      logger.annotate(e.logUrl ? `${message}\n\nIn the run's log: ${e.logUrl}` : message, e.file ?? undefined, e.line ?? undefined);
    }
    return f;
  });
}

/**
 * Each error's link to its line of the run's log: the job's page with GitHub's `#step:N:L`
 * anchor, L counted from the step's header line.
 */
export function linkToLog(failure: Failure, logs: Logs): Failure {
  const errors = failure.errors.map((e) => {
    const step = logs.steps.find((s) => s.name === e.step && s.jobUrl);
    if (!step?.jobUrl || !step.number || !step.startLine || !e.logLine || e.logLine < step.startLine) return e;
    return { ...e, logUrl: `${step.jobUrl}#step:${step.number}:${e.logLine - step.startLine + 1}` };
  });
  return { ...failure, errors };
}

/** The commands that reproduce a failure: the one that failed, the failed tests alone, and the one that proves a fix. */
export interface FailingCommands {
  command: string;
  /** The failed tests alone, where the tool allows it (and the user did not name the command). */
  narrow: string | null;
  /** What a fix must make pass: `verify-command`, else the failing command. */
  full: string;
}

/** Whether autofix acts on this failure, and with which commands; an Ending when it does not. */
export function gateFailure(failure: Failure, config: Pick<Config, 'categories' | 'testCommand' | 'verifyCommand'>): Ending | FailingCommands {
  if (!config.categories.includes(failure.category)) {
    return {
      status: 'not_a_test_failure',
      reason: `The failure is a \`${failure.category}\` failure (step "${failure.step ?? 'unknown'}"); autofix acts on: ${config.categories.join(', ')} (input \`categories\`).`,
    };
  }
  if (failure.errors.length === 0)
    return { status: 'no_errors_found', reason: `No error with a file or message could be read from step "${failure.step ?? 'unknown'}".` };
  // `test-command` and `verify-command` are the tests': a lint failure is reproduced and proven
  // by its own command (a workflow that sets them for Odoo's test runner also lints).
  const own = failure.category === 'lint' && failure.testCommand !== null;
  const testCommand = own ? undefined : config.testCommand;
  const verifyCommand = own ? undefined : config.verifyCommand;
  const command = testCommand ?? failure.testCommand;
  if (!command) return { status: 'error', reason: 'The failing command could not be read from the log. Set input `test-command`.' };
  const narrow = testCommand || verifyCommand ? null : failure.narrowCommand;
  return { command, narrow, full: verifyCommand ?? command };
}
