import type { Ending } from '../outcome.js';
import type { Logger, RunSource, Workspace } from '../ports.js';
import type { RunRef } from '../types.js';
import type { RunRequest } from './resolve-run.js';

/** The failed run's metadata. Throws what the RunSource throws (a UserError for a missing run or permission). */
export function resolveRun(request: RunRequest, source: RunSource, logger: Logger): Promise<RunRef> {
  return logger.group('Resolve the failed run', async () => {
    const r = await source.getRun(request.runId, request.attempt);
    logger.info(`Run ${r.runId} attempt ${r.attempt} of "${r.workflowName}" on ${r.headBranch} @ ${r.headSha.slice(0, 12)}: ${r.conclusion}`);
    return r;
  });
}

/** Why this run must not be acted on (not failed, a fork's code, another commit checked out, a dirty tree), or null. */
export async function refuseRun(run: RunRef, allowForks: boolean, workspace: Workspace): Promise<Ending | null> {
  if (run.conclusion !== 'failure') {
    return {
      status: 'no_errors_found',
      reason: `Run ${run.runId} concluded \`${run.conclusion || 'in progress'}\`, not \`failure\`: there is nothing to fix.`,
    };
  }
  if (!run.isTrusted && !allowForks) {
    return {
      status: 'untrusted',
      reason: `Run ${run.runId} ran code from \`${run.headRepository}\`, not from this repository. Autofix runs no fork's code unless \`allow-forks: true\`.`,
    };
  }
  // A fix computed on other code than the code that failed proves nothing.
  const head = await workspace.headSha();
  if (run.headSha !== 'HEAD' && head !== run.headSha) {
    return {
      status: 'error',
      reason: `The checkout is at ${head.slice(0, 12)}, but run ${run.runId} failed on ${run.headSha.slice(0, 12)}. Check out the failed commit: actions/checkout with \`ref: \${{ github.event.workflow_run.head_sha }}\`.`,
    };
  }
  if (!(await workspace.isClean())) {
    return {
      status: 'error',
      reason:
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression for the user to copy
        'The work tree has uncommitted changes. Run autofix on a clean checkout of the failing commit (actions/checkout with `ref: ${{ github.event.workflow_run.head_sha }}`).',
    };
  }
  return null;
}
