import type { Fixed } from '../attempt-fixes.js';
import type { Config } from '../config.js';
import { toolNames } from '../fixers/names.js';
import type { Ending } from '../outcome.js';
import { totals } from '../outcome.js';
import type { Logger, Publisher, Workspace } from '../ports.js';
import type { Attempt, CommandResult, Failure, MechanicalFix, PullRequestRef, RunRef } from '../types.js';
import { UserError } from '../user-error.js';
import { branchFor, commitMessage, prBody, prTitle } from './render-pr.js';

/** An open autofix PR for the same failure signature: the run ends as `duplicate` and costs nothing more. */
export async function findDuplicate(failure: Failure, publisher: Publisher, label: string): Promise<{ pullRequest: PullRequestRef; ending: Ending } | null> {
  const pullRequest = await publisher.findOpenDuplicate(failure.signature, label);
  if (!pullRequest) return null;
  return {
    pullRequest,
    ending: {
      status: 'duplicate',
      reason: `Draft PR #${pullRequest.number} already proposes a fix for this failure (signature ${failure.signature}): ${pullRequest.url}`,
    },
  };
}

/** The explanation of a fix made by the tools alone: which tool, which version, no model. */
export function mechanicalExplanation(m: MechanicalFix): string {
  return `Reformatted by ${toolNames(m)}, running ${m.tools.length === 1 ? 'its' : 'their'} own fix mode (\`${m.tools.map((t) => t.command).join('` then `')}\`) on ${m.files.length} file(s). No model was asked.`;
}

export interface PublishInput {
  run: RunRef;
  failure: Failure;
  /** The model's verified patch; null when the tools' fix mode alone fixed it. */
  fixed: Fixed | null;
  /** What the formatters' fix modes changed first, if anything. */
  mechanical?: MechanicalFix | null;
  attempts: Attempt[];
  flakyCheck?: CommandResult;
}

/**
 * Pushes the validated patch (applied, uncommitted, in the tree) to a new branch and opens the
 * draft PR. A missing permission ends as `error` with the patch kept in the outputs; other errors
 * throw. The tree is reset on every path but success.
 */
export async function publishFix(
  input: PublishInput,
  config: Pick<Config, 'label' | 'maxAttempts'>,
  ports: { publisher: Publisher; workspace: Workspace; logger: Logger; model: { name: string } },
): Promise<{ pullRequest?: PullRequestRef; ending: Ending }> {
  const { run, failure, fixed, attempts } = input;
  const { publisher, workspace, logger } = ports;
  try {
    return await logger.group('Open the draft pull request', async () => {
      // Checked again: another job may have opened one while this one verified its patch.
      const duplicate = await findDuplicate(failure, publisher, config.label);
      if (duplicate) {
        await workspace.reset();
        return duplicate;
      }
      const winning = fixed?.attempt ?? null;
      const mechanical = input.mechanical?.patch ? input.mechanical : null;
      const verification = fixed?.verification ?? mechanical?.verification;
      if (!verification) throw new Error('publishFix: nothing was verified');
      const explanation = winning?.proposal.explanation ?? mechanicalExplanation(mechanical as MechanicalFix);
      const files = [...new Set([...(mechanical?.files ?? []), ...(winning?.files ?? [])])];
      const branch = await publisher.freeBranchName(branchFor(run));
      const { tokens, cost } = totals(attempts);
      let pr: PullRequestRef;
      try {
        pr = await publisher.publish({
          branch,
          base: run.headBranch,
          title: prTitle(failure),
          body: prBody({
            run,
            failure,
            explanation,
            patch: winning?.patch ?? '',
            ...(mechanical ? { mechanical } : {}),
            attempts,
            verification,
            ...(input.flakyCheck ? { flakyCheck: input.flakyCheck } : {}),
            tokens,
            costUsd: cost,
            model: winning ? ports.model.name : '',
          }),
          commitMessage: commitMessage(run, failure, files, explanation),
          label: config.label,
          signature: failure.signature,
          ...(winning
            ? {
                comment: `**Why this change** (the model's reasoning, attempt ${winning.number} of ${config.maxAttempts}):\n\n${winning.proposal.explanation.slice(0, 6000) || '_none given_'}`,
              }
            : {}),
        });
      } catch (error) {
        // Missing permissions, no draft PRs on this plan: the verified patch stays in the outputs.
        if (!(error instanceof UserError)) throw error;
        await workspace.reset().catch(() => undefined);
        return { ending: { status: 'error', reason: `${error.message} The verified patch is in the job summary and the \`patch\` output.` } };
      }
      return {
        pullRequest: pr,
        ending: { status: 'fixed', reason: `Opened draft PR #${pr.number} (${pr.url}) from \`${pr.branch}\` into \`${run.headBranch}\`.` },
      };
    });
  } catch (error) {
    await workspace.reset().catch(() => undefined);
    throw error;
  }
}
