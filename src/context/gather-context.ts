import type { Ending } from '../outcome.js';
import type { Logger, RunSource, Workspace } from '../ports.js';
import type { Context, Failure, RunRef } from '../types.js';
import { selectContext } from './select-context.js';

/** The code the model is shown: the sections the failure points at and the changes since the last green run, within `maxTokens`. */
export function gatherContext(
  run: RunRef,
  failure: Failure,
  maxTokens: number,
  ports: { source: RunSource; workspace: Workspace; logger: Logger },
): Promise<Context> {
  const { source, workspace, logger } = ports;
  return logger.group('Gather the code', async () => {
    const green = source.lastGreen ? await source.lastGreen(run) : null;
    if (green) logger.info(`Last green run #${green.runId} at ${green.headSha.slice(0, 12)}: ${green.changes.length} file(s) changed since`);
    const find = workspace.findDefinitions?.bind(workspace);
    const search = workspace.searchFiles?.bind(workspace);
    const c = await selectContext(failure, (p) => workspace.readFile(p), maxTokens, {
      ...(green ? { changes: green.changes } : {}),
      ...(find ? { findDefinitions: find } : {}),
      ...(search ? { searchFiles: search } : {}),
    });
    const changes = c.changes.length ? ` and ${c.changes.length} recent change(s)` : '';
    logger.info(`${c.sections.length} section(s)${changes}, ${c.tokens} tokens${c.omitted.length ? `; left out: ${c.omitted.join('; ')}` : ''}`);
    return c;
  });
}

/** A context with no code and no change gives the model nothing to fix: the run ends here, saying why. */
export function emptyContext(context: Context): Ending | null {
  if (context.sections.length > 0 || context.changes.length > 0) return null;
  const left = context.omitted.length ? ` (left out: ${context.omitted.slice(0, 3).join('; ')})` : '';
  return {
    status: 'no_errors_found',
    reason: `No code of the repository could be tied to the failure${left}: no error names a file in the checkout, and the failing command names no test file. The model was not asked.`,
  };
}
