import { UserError } from '../user-error.js';

export interface RunRequest {
  runId: number;
  attempt?: number;
}

/**
 * Which run to fix: the `workflow_run` event's run, or the `run-id` input for
 * `workflow_dispatch` and `workflow_call`. Throws `UserError` when neither names one.
 */
export function resolveRunRequest(eventName: string, payload: Record<string, unknown>, runIdInput: string | undefined): RunRequest {
  if (runIdInput !== undefined) {
    if (!/^\d{1,20}$/.test(runIdInput.trim())) {
      throw new UserError(
        `Input \`run-id\` must be a workflow run id (digits), got \`${runIdInput}\`. Pass \`\${{ github.event.workflow_run.id }}\` or the id from the run's URL.`,
      );
    }
    return { runId: Number(runIdInput.trim()) };
  }
  const run = payload.workflow_run as { id?: unknown; run_attempt?: unknown } | undefined;
  if (eventName === 'workflow_run' && run && typeof run.id === 'number') {
    return { runId: run.id, ...(typeof run.run_attempt === 'number' ? { attempt: run.run_attempt } : {}) };
  }
  throw new UserError(
    `No failed run to fix: the event is \`${eventName}\` and input \`run-id\` is empty. Trigger on \`workflow_run\` (types: [completed]) or pass \`run-id\`.`,
  );
}
