import type { Config } from './config.js';
import { countTokens } from './context/tokens.js';
import type { FailingCommands } from './errors/read-failure.js';
import { parseAnswer } from './llm/parse-answer.js';
import { ANSWER_TOKENS_ALLOWANCE, costUsd, priceOf } from './llm/pricing.js';
import { promptVariables, renderPrompt, SYSTEM_PROMPT } from './llm/render-prompt.js';
import type { Ending } from './outcome.js';
import { totals } from './outcome.js';
import type { PatchPolicy } from './patch/check-policy.js';
import { checkSyntax } from './patch/check-syntax.js';
import { preparePatch } from './patch/prepare-patch.js';
import type { Logger, Model, Workspace } from './ports.js';
import type { Attempt, CommandResult, Context, Failure, RunRef } from './types.js';
import { UserError } from './user-error.js';

export function patchPolicy(config: Config): PatchPolicy {
  return {
    maxChangedLines: config.maxChangedLines,
    maxFiles: config.maxFiles,
    allowedPaths: config.allowedPaths,
    protectedPaths: config.protectedPaths,
    allowTestChanges: config.allowTestChanges,
  };
}

export interface AttemptPorts {
  model: Model;
  workspace: Workspace;
  logger: Logger;
  template: { text: string; name: string };
  now: () => number;
}

/** A patch that made the failing command pass, and the attempt that proposed it. */
export interface Fixed {
  attempt: Attempt & { patch: string; proposal: NonNullable<Attempt['proposal']> };
  verification: CommandResult;
}

/**
 * Up to `max-attempts` rounds of: ask the model, repair and guard its patch, apply it, check
 * syntax, re-run the failed tests and then the whole command; each failure feeds the next prompt.
 * Appends every round to `attempts`. On success the validated patch alone is applied to the tree;
 * otherwise the tree is back at HEAD and an Ending says why. Throws a UserError for what fails
 * every attempt alike (a refused key, an unpriced model under `max-cost-usd`).
 */
export async function attemptFixes(
  input: { config: Config; run: RunRef; failure: Failure; context: Context; commands: FailingCommands },
  attempts: Attempt[],
  ports: AttemptPorts,
): Promise<Fixed | Ending> {
  const { config, run, failure, context, commands } = input;
  const { model, workspace, logger } = ports;
  const price = priceOf(model.name, config.modelPrice);
  if (config.maxCostUsd !== null && !price) {
    throw new UserError(
      `\`max-cost-usd\` is set, but \`${model.name}\` is not in the bundled price table: set \`model-price\` ("input,output" in US dollars per million tokens, e.g. \`0.15,0.60\`).`,
    );
  }
  for (let n = 1; n <= config.maxAttempts; n++) {
    const prompt = renderPrompt(ports.template.text, promptVariables(run, failure, context, attempts), ports.template.name);
    if (config.maxCostUsd !== null && price) {
      // The prompt's exact tokens, and an allowance for the answer: stop before, not after.
      const promptTokens = countTokens(SYSTEM_PROMPT) + countTokens(prompt);
      const estimate = (promptTokens * price.input + ANSWER_TOKENS_ALLOWANCE * price.output) / 1_000_000;
      const spent = totals(attempts).cost;
      if (spent + estimate > config.maxCostUsd) {
        const reason = `Attempt ${n} would cost about $${estimate.toFixed(4)} (${promptTokens} prompt tokens and up to ${ANSWER_TOKENS_ALLOWANCE} answer tokens); with $${spent.toFixed(4)} spent that passes \`max-cost-usd\` $${config.maxCostUsd}. Nothing more was asked, and nothing was pushed.`;
        logger.warning(reason);
        await workspace.reset();
        return { status: 'over_budget', reason };
      }
    }
    const attempt: Attempt = { number: n };
    attempts.push(attempt);
    const started = ports.now();
    const verification = await logger.group(`Attempt ${n}: ask ${model.name}, check and verify the patch`, () =>
      tryAttempt(attempt, prompt, config, commands, ports),
    );
    attempt.durationMs = ports.now() - started;
    if (verification) return { attempt: attempt as Fixed['attempt'], verification };
  }
  await workspace.reset();
  const last = attempts.at(-1);
  return attempts.some((a) => a.verification)
    ? { status: 'verification_failed', reason: `No patch made \`${commands.command}\` pass in ${attempts.length} attempt(s); nothing was pushed.` }
    : { status: 'patch_rejected', reason: `Every proposed patch was refused (last: ${last?.rejected ?? 'no patch'}); nothing was pushed.` };
}

/** One round; records what happened on `attempt` and returns the passing verification, or null. */
async function tryAttempt(attempt: Attempt, prompt: string, config: Config, commands: FailingCommands, ports: AttemptPorts): Promise<CommandResult | null> {
  const { model, workspace, logger } = ports;
  const reject = (reason: string) => {
    attempt.rejected = reason;
    logger.warning(reason);
    return null;
  };
  let answer: Awaited<ReturnType<Model['complete']>>;
  try {
    answer = await model.complete([
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: prompt },
    ]);
  } catch (error) {
    // A refused token or an unknown model fails every attempt the same way: say so once.
    if (error instanceof UserError) throw error;
    return reject(`the model call failed: ${(error as Error).message.split('\n')[0]}`);
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
  if (!parsed.patch) return reject('the answer holds no unified diff');
  attempt.patch = parsed.patch;
  const prepared = await preparePatch(parsed.patch, patchPolicy(config), workspace);
  if (!prepared.ok) {
    attempt.rejected = prepared.reason;
    logger.warning(`Patch refused: ${prepared.reason}`);
    return null;
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
    if (broken) return reject(`the patched \`${broken.file}\` no longer parses: ${broken.detail}`);
    // The failed tests first (fast, and the likeliest to still fail), then the whole command.
    const timeoutMs = config.testTimeoutMs;
    let result = commands.narrow ? await workspace.run(commands.narrow, { timeoutMs }) : null;
    if (!result || (result.exitCode === 0 && !result.timedOut)) result = await workspace.run(commands.full, { timeoutMs });
    attempt.verification = result;
    passed = result.exitCode === 0 && !result.timedOut;
    logger.info(`\`${result.command}\` exited ${result.exitCode} after the patch`);
    return passed ? result : null;
  } finally {
    // Back to HEAD; a passing patch is re-applied alone, so what the tests wrote (caches,
    // reports, a formatter's rewrite) is never committed: the branch holds exactly the
    // validated patch.
    await workspace.reset();
    if (passed) await workspace.applyPatch(prepared.patch);
  }
}
