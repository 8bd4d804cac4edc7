import { attemptFixes, type Fixed } from './attempt-fixes.js';
import type { Config } from './config.js';
import { emptyContext, gatherContext } from './context/gather-context.js';
import { gateFailure, readFailure } from './errors/read-failure.js';
import { mechanicalPlans, onTopOf, runFixers } from './fixers/mechanical-fix.js';
import { toolNames } from './fixers/names.js';
import { downloadLogs } from './logs/download-logs.js';
import { type Ending, finish, type Progress } from './outcome.js';
import type { AutofixPorts } from './ports.js';
import { findDuplicate, publishFix } from './publish/publish-fix.js';
import { refuseRun, resolveRun } from './trigger/check-run.js';
import type { RunRequest } from './trigger/resolve-run.js';
import type { Outcome } from './types.js';
import { checkFlaky, setUp } from './verify/prepare-run.js';

/**
 * The whole autofix: run → logs → failure → gate → duplicate → setup → flaky → fix modes (lint) →
 * context → attempts → PR.
 * Expected endings are returned as an `Outcome`; only bugs and `UserError`s throw.
 * The work tree is back at HEAD on every path except a published fix (committed on its branch).
 */
export async function autofix(config: Config, request: RunRequest, ports: AutofixPorts): Promise<Outcome> {
  const { source, workspace, logger } = ports;
  const now = ports.now ?? Date.now;
  const started = now();
  const progress: Progress = { attempts: [], notes: [] };
  const end = (ending: Ending): Outcome => {
    logger.info(`${ending.status}: ${ending.reason}`);
    return finish(ending, progress, config.model, now() - started);
  };

  const run = (progress.run = await resolveRun(request, source, logger));
  const refused = await refuseRun(run, config.allowForks, workspace);
  if (refused) return end(refused);

  const logs = await downloadLogs(run, source, logger, ports.runnerWorkspace);
  progress.notes.push(...logs.notes.map((n) => `Log cut: ${n}.`));
  if (logs.steps.length === 0) return end({ status: 'no_errors_found', reason: `Run ${run.runId} has no failed job with a log.` });

  const failure = (progress.failure = await readFailure(logs, workspace, logger));
  const commands = gateFailure(failure, config);
  if ('status' in commands) return end(commands);

  // As soon as the signature is known: a failure with an open PR costs no setup, test run or tokens.
  const publisher = config.dryRun ? null : ports.publisher;
  const duplicate = publisher ? await findDuplicate(failure, publisher, config.label) : null;
  if (duplicate) {
    progress.pullRequest = duplicate.pullRequest;
    return end(duplicate.ending);
  }
  if (config.setupCommand) {
    const setup = await setUp(config.setupCommand, config.testTimeoutMs, workspace, logger);
    progress.setup = setup.result;
    if (setup.ending) return end(setup.ending);
  }
  if (config.checkFlaky) {
    const flaky = await checkFlaky(commands.narrow ?? commands.command, failure, config.testTimeoutMs, workspace, logger);
    progress.flakyCheck = flaky.result;
    if (flaky.ending) return end(flaky.ending);
  }

  // A formatter's or fixable linter's own fix mode first: no model, no tokens.
  const plans = await mechanicalPlans(failure, commands, logs, workspace);
  const mechanical = plans.length > 0 ? (progress.mechanical = await runFixers(plans, failure, commands, config, ports)) : null;
  if (mechanical?.rejected)
    return end({ status: 'patch_rejected', reason: `The change of ${toolNames(mechanical)} was refused: ${mechanical.rejected}; nothing was pushed.` });
  let fixed: Fixed | null = null;
  if (!mechanical?.fixed) {
    // What the tools could not fix goes to the model, on top of what they changed.
    const left = mechanical?.remaining ?? failure;
    const work = mechanical?.patch ? onTopOf(workspace, mechanical.patch) : workspace;
    let attempt: Fixed | Ending;
    try {
      const context = await gatherContext(run, left, config.maxPromptTokens, { ...ports, workspace: work });
      attempt =
        emptyContext(context) ?? (await attemptFixes({ config, run, failure: left, context, commands }, progress.attempts, { ...ports, workspace: work, now }));
    } catch (error) {
      // A refused key or an unpriced model: the tools' change does not stay behind either.
      await workspace.reset();
      throw error;
    }
    if ('status' in attempt) {
      await workspace.reset();
      return end(attempt);
    }
    fixed = attempt;
    // With the tools' change under it, the patch is both: the tree against HEAD.
    progress.patch = mechanical?.patch ? await workspace.diff() : fixed.attempt.patch;
    progress.explanation = fixed.attempt.proposal.explanation;
  } else progress.patch = mechanical.patch;
  if (!publisher) {
    await workspace.reset();
    return end({ status: 'fixed', reason: `Dry run: the patch makes \`${commands.command}\` pass; it is in the summary, and nothing was pushed.` });
  }
  const published = await publishFix({ ...progress, run, failure, fixed, mechanical }, config, { ...ports, publisher });
  if (published.pullRequest) progress.pullRequest = published.pullRequest;
  return end(published.ending);
}
