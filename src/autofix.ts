import type { Config } from './config.js';
import { selectContext } from './context/select-context.js';
import { countTokens } from './context/tokens.js';
import { extractFailure } from './errors/extract.js';
import { resolveErrorFiles } from './errors/resolve-files.js';
import { parseAnswer } from './llm/parse-answer.js';
import { ANSWER_TOKENS_ALLOWANCE, costUsd, priceOf } from './llm/pricing.js';
import { promptVariables, renderPrompt, SYSTEM_PROMPT } from './llm/render-prompt.js';
import { logsFromStream } from './logs/read-log.js';
import type { PatchPolicy } from './patch/check-policy.js';
import { checkSyntax } from './patch/check-syntax.js';
import { preparePatch } from './patch/prepare-patch.js';
import type { Logger, Model, Publisher, RunSource, Workspace } from './ports.js';
import { branchFor, commitMessage, prBody, prTitle } from './publish/render-pr.js';
import type { RunRequest } from './trigger/resolve-run.js';
import type { Attempt, CommandResult, Logs, Outcome, PullRequestRef, RunRef, Status } from './types.js';
import { UserError } from './user-error.js';

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

export function patchPolicy(config: Config): PatchPolicy {
  return {
    maxChangedLines: config.maxChangedLines,
    maxFiles: config.maxFiles,
    allowedPaths: config.allowedPaths,
    protectedPaths: config.protectedPaths,
    allowTestChanges: config.allowTestChanges,
  };
}

type Partial = Omit<Outcome, 'metrics' | 'status' | 'reason'>;

function totals(attempts: readonly Attempt[]): { tokens: number; cost: number } {
  return {
    tokens: attempts.reduce((a, t) => a + (t.proposal?.usage.totalTokens ?? 0), 0),
    cost: attempts.reduce((a, t) => a + (t.proposal?.costUsd ?? 0), 0),
  };
}

function finish(status: Status, reason: string, partial: Partial, config: Config, started: number, now: () => number): Outcome {
  const { tokens, cost } = totals(partial.attempts);
  return {
    ...partial,
    status,
    reason,
    metrics: {
      status,
      category: partial.failure?.category ?? null,
      signature: partial.failure?.signature ?? null,
      attempts: partial.attempts.length,
      timeToFixMs: status === 'fixed' ? now() - started : null,
      tokens,
      costUsd: cost,
      model: partial.attempts.some((a) => a.proposal) ? config.model : '',
    },
  };
}

/**
 * The whole autofix: run → logs → failure → context → prompt → patch → verified → PR.
 * Expected endings are returned as an `Outcome`; only bugs and `UserError`s throw.
 * The work tree is back at HEAD on every path except a published fix (committed on its branch).
 */
export async function autofix(config: Config, request: RunRequest, ports: AutofixPorts): Promise<Outcome> {
  const { source, model, workspace, logger } = ports;
  const now = ports.now ?? Date.now;
  const started = now();
  const partial: Partial = { attempts: [], notes: [] };
  const end = (status: Status, reason: string) => {
    logger.info(`${status}: ${reason}`);
    return finish(status, reason, partial, config, started, now);
  };

  const run: RunRef = await logger.group('Resolve the failed run', async () => {
    const r = await source.getRun(request.runId, request.attempt);
    logger.info(`Run ${r.runId} attempt ${r.attempt} of "${r.workflowName}" on ${r.headBranch} @ ${r.headSha.slice(0, 12)}: ${r.conclusion}`);
    return r;
  });
  partial.run = run;
  if (run.conclusion !== 'failure') {
    return end('no_errors_found', `Run ${run.runId} concluded \`${run.conclusion || 'in progress'}\`, not \`failure\`: there is nothing to fix.`);
  }
  if (!run.isTrusted && !config.allowForks) {
    return end(
      'untrusted',
      `Run ${run.runId} ran code from \`${run.headRepository}\`, not from this repository. Autofix runs no fork's code unless \`allow-forks: true\`.`,
    );
  }
  // A fix computed on other code than the code that failed proves nothing.
  const head = await workspace.headSha();
  if (run.headSha !== 'HEAD' && head !== run.headSha) {
    return end(
      'error',
      `The checkout is at ${head.slice(0, 12)}, but run ${run.runId} failed on ${run.headSha.slice(0, 12)}. Check out the failed commit: actions/checkout with \`ref: \${{ github.event.workflow_run.head_sha }}\`.`,
    );
  }
  if (!(await workspace.isClean())) {
    return end(
      'error',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression for the user to copy
      'The work tree has uncommitted changes. Run autofix on a clean checkout of the failing commit (actions/checkout with `ref: ${{ github.event.workflow_run.head_sha }}`).',
    );
  }

  const logs: Logs = await logger.group('Download the failed jobs’ logs', async () => {
    const jobs = await source.getFailedJobLogs(run);
    const steps: Logs['steps'] = [];
    const notes: string[] = [];
    for (const j of jobs) {
      const one = await logsFromStream(j.chunks, {
        job: j.job,
        failedSteps: j.failedSteps,
        ...(ports.runnerWorkspace ? { workspace: ports.runnerWorkspace } : {}),
      });
      steps.push(...one.steps);
      notes.push(...one.notes);
    }
    for (const note of notes) logger.info(`Log cut: ${note}`);
    partial.notes.push(...notes.map((n) => `Log cut: ${n}.`));
    logger.info(`${jobs.length} failed job(s), ${steps.length} step(s), ${steps.filter((s) => s.failed).length} failed`);
    return { steps, notes };
  });
  if (logs.steps.length === 0) return end('no_errors_found', `Run ${run.runId} has no failed job with a log.`);

  const failure = await logger.group('Extract the errors', async () => {
    const f = await resolveErrorFiles(extractFailure(logs), (p) => workspace.fileExists(p));
    logger.info(`Category ${f.category}, ${f.errors.length} error(s), command: ${f.testCommand ?? 'unknown'}`);
    for (const e of f.errors.slice(0, 10)) logger.annotate(e.message.split('\n')[0] ?? e.message, e.file ?? undefined, e.line ?? undefined);
    return f;
  });
  partial.failure = failure;
  if (!config.categories.includes(failure.category)) {
    return end(
      'not_a_test_failure',
      `The failure is a \`${failure.category}\` failure (step "${failure.step ?? 'unknown'}"); autofix acts on: ${config.categories.join(', ')} (input \`categories\`).`,
    );
  }
  if (failure.errors.length === 0) return end('no_errors_found', `No error with a file or message could be read from step "${failure.step ?? 'unknown'}".`);
  const command = config.testCommand ?? failure.testCommand;
  if (!command) return end('error', 'The failing command could not be read from the log. Set input `test-command`.');

  if (config.setupCommand) {
    const setupCommand = config.setupCommand;
    const setup = await logger.group('Set up the toolchain (setup-command)', () => workspace.run(setupCommand, { timeoutMs: config.testTimeoutMs }));
    partial.setup = setup;
    if (setup.exitCode !== 0 || setup.timedOut) {
      return end(
        'error',
        `\`setup-command\` failed (exit ${setup.exitCode}${setup.timedOut ? ', timed out' : ''}): ${setup.output.trim().split('\n').slice(-1)[0]?.slice(0, 300) ?? ''}`,
      );
    }
    // Setup may write caches or build output; the tree must be clean again before any patch.
    if (!(await workspace.isClean())) await workspace.reset();
  }
  // The failed tests alone, where the tool allows it (and the user did not name the command).
  const narrow = config.testCommand || config.verifyCommand ? null : failure.narrowCommand;
  const fullCommand = config.verifyCommand ?? command;
  if (config.checkFlaky) {
    const check = await logger.group('Re-run the failing command on the unchanged code', () =>
      workspace.run(narrow ?? command, { timeoutMs: config.testTimeoutMs }),
    );
    partial.flakyCheck = check;
    if (check.exitCode === 0 && !check.timedOut) {
      const test = failure.errors.find((e) => e.test)?.test ?? failure.errors[0]?.file ?? 'the failing test';
      return end('flaky', `\`${command}\` passed on the unchanged code: ${test} is flaky, so no fix is proposed.`);
    }
  }

  const context = await logger.group('Gather the code', async () => {
    const green = source.lastGreen ? await source.lastGreen(run) : null;
    if (green) logger.info(`Last green run #${green.runId} at ${green.headSha.slice(0, 12)}: ${green.changes.length} file(s) changed since`);
    const c = await selectContext(failure, (p) => workspace.readFile(p), config.maxPromptTokens, green ? { changes: green.changes } : {});
    logger.info(
      `${c.sections.length} section(s)${c.changes.length ? ` and ${c.changes.length} recent change(s)` : ''}, ${c.tokens} tokens${c.omitted.length ? `; left out: ${c.omitted.join('; ')}` : ''}`,
    );
    return c;
  });

  const price = priceOf(model.name, config.modelPrice);
  if (config.maxCostUsd !== null && !price) {
    throw new UserError(
      `\`max-cost-usd\` is set, but \`${model.name}\` is not in the bundled price table: set \`model-price\` ("input,output" in US dollars per million tokens, e.g. \`0.15,0.60\`).`,
    );
  }
  let verified: CommandResult | null = null;
  let overBudget: string | null = null;
  for (let n = 1; n <= config.maxAttempts && !verified && !overBudget; n++) {
    const prompt = renderPrompt(ports.template.text, promptVariables(run, failure, context, partial.attempts), ports.template.name);
    if (config.maxCostUsd !== null && price) {
      // The prompt's exact tokens, and an allowance for the answer: stop before, not after.
      const promptTokens = countTokens(SYSTEM_PROMPT) + countTokens(prompt);
      const estimate = (promptTokens * price.input + ANSWER_TOKENS_ALLOWANCE * price.output) / 1_000_000;
      const spent = totals(partial.attempts).cost;
      if (spent + estimate > config.maxCostUsd) {
        overBudget = `Attempt ${n} would cost about $${estimate.toFixed(4)} (${promptTokens} prompt tokens and up to ${ANSWER_TOKENS_ALLOWANCE} answer tokens); with $${spent.toFixed(4)} spent that passes \`max-cost-usd\` $${config.maxCostUsd}. Nothing more was asked, and nothing was pushed.`;
        logger.warning(overBudget);
        break;
      }
    }
    const attempt: Attempt = { number: n };
    partial.attempts.push(attempt);
    const attemptStarted = now();
    await logger.group(`Attempt ${n}: ask ${model.name}, check and verify the patch`, async () => {
      let answer: Awaited<ReturnType<Model['complete']>>;
      try {
        answer = await model.complete([
          { role: 'system', content: SYSTEM_PROMPT },
          { role: 'user', content: prompt },
        ]);
      } catch (error) {
        // A refused token or an unknown model fails every attempt the same way: say so once.
        if (error instanceof UserError) throw error;
        attempt.rejected = `the model call failed: ${(error as Error).message.split('\n')[0]}`;
        logger.warning(attempt.rejected);
        return;
      }
      const parsed = parseAnswer(answer.text);
      attempt.proposal = {
        explanation: parsed.explanation,
        patch: parsed.patch,
        usage: answer.usage,
        costUsd: costUsd(model.name, answer.usage.promptTokens, answer.usage.completionTokens, config.modelPrice),
        model: model.name,
      };
      logger.info(`${answer.usage.totalTokens} tokens`);
      if (!parsed.patch) {
        attempt.rejected = 'the answer holds no unified diff';
        logger.warning(attempt.rejected);
        return;
      }
      attempt.patch = parsed.patch;
      const prepared = await preparePatch(parsed.patch, patchPolicy(config), workspace);
      if (!prepared.ok) {
        attempt.rejected = prepared.reason;
        logger.warning(`Patch refused: ${prepared.reason}`);
        return;
      }
      attempt.patch = prepared.patch;
      attempt.files = prepared.summary.files;
      for (const note of prepared.notes) logger.info(`Repaired: ${note}`);
      await workspace.applyPatch(prepared.patch);
      let passed = false;
      try {
        const changed = await Promise.all(prepared.summary.files.map(async (path) => ({ path, text: await workspace.readFile(path) })));
        attempt.syntax = await checkSyntax(changed, (file, language) => workspace.checkSyntax(file, language));
        const broken = attempt.syntax.find((r) => r.status === 'error');
        if (broken) {
          attempt.rejected = `the patched \`${broken.file}\` no longer parses: ${broken.detail}`;
          logger.warning(attempt.rejected);
          return;
        }
        // The failed tests first (fast, and the likeliest to still fail), then the whole command.
        let result = narrow ? await workspace.run(narrow, { timeoutMs: config.testTimeoutMs }) : null;
        if (!result || (result.exitCode === 0 && !result.timedOut)) result = await workspace.run(fullCommand, { timeoutMs: config.testTimeoutMs });
        attempt.verification = result;
        passed = result.exitCode === 0 && !result.timedOut;
        logger.info(`\`${result.command}\` exited ${result.exitCode} after the patch`);
        if (passed) verified = result;
      } finally {
        // Back to HEAD; a passing patch is re-applied alone, so what the tests wrote (caches,
        // reports, a formatter's rewrite) is never committed: the branch holds exactly the
        // validated patch.
        await workspace.reset();
        if (passed) await workspace.applyPatch(prepared.patch);
      }
    });
    attempt.durationMs = now() - attemptStarted;
  }
  const last = partial.attempts.at(-1);
  if (!verified) {
    await workspace.reset();
    if (overBudget) return end('over_budget', overBudget);
    const anyVerified = partial.attempts.some((a) => a.verification);
    return anyVerified
      ? end('verification_failed', `No patch made \`${command}\` pass in ${partial.attempts.length} attempt(s); nothing was pushed.`)
      : end('patch_rejected', `Every proposed patch was refused (last: ${last?.rejected ?? 'no patch'}); nothing was pushed.`);
  }
  const winning = last as Attempt & { patch: string; proposal: NonNullable<Attempt['proposal']> };
  const verification: CommandResult = verified;
  partial.patch = winning.patch;
  partial.explanation = winning.proposal.explanation;

  if (!ports.publisher || config.dryRun) {
    await workspace.reset();
    return end('fixed', `Dry run: the patch makes \`${command}\` pass; it is in the summary, and nothing was pushed.`);
  }
  const publisher = ports.publisher;
  try {
    return await logger.group('Open the draft pull request', async () => {
      const duplicate = await publisher.findOpenDuplicate(failure.signature, config.label);
      if (duplicate) {
        partial.pullRequest = duplicate;
        await workspace.reset();
        return end('duplicate', `Draft PR #${duplicate.number} already proposes a fix for this failure (signature ${failure.signature}): ${duplicate.url}`);
      }
      const branch = await publisher.freeBranchName(branchFor(run));
      const { tokens, cost } = totals(partial.attempts);
      let pr: PullRequestRef;
      try {
        pr = await publisher.publish({
          branch,
          base: run.headBranch,
          title: prTitle(failure),
          body: prBody({
            run,
            failure,
            explanation: winning.proposal.explanation,
            patch: winning.patch,
            attempts: partial.attempts,
            verification,
            ...(partial.flakyCheck ? { flakyCheck: partial.flakyCheck } : {}),
            tokens,
            costUsd: cost,
            model: model.name,
          }),
          commitMessage: commitMessage(run, failure, winning.files ?? [], winning.proposal.explanation),
          label: config.label,
          signature: failure.signature,
          comment: `**Why this change** (the model's reasoning, attempt ${winning.number} of ${config.maxAttempts}):\n\n${winning.proposal.explanation.slice(0, 6000) || '_none given_'}`,
        });
      } catch (error) {
        // Missing permissions, no draft PRs on this plan: the verified patch stays in the outputs.
        if (!(error instanceof UserError)) throw error;
        await workspace.reset().catch(() => undefined);
        return end('error', `${error.message} The verified patch is in the job summary and the \`patch\` output.`);
      }
      partial.pullRequest = pr;
      return end('fixed', `Opened draft PR #${pr.number} (${pr.url}) from \`${pr.branch}\` into \`${run.headBranch}\`.`);
    });
  } catch (error) {
    await workspace.reset().catch(() => undefined);
    throw error;
  }
}
