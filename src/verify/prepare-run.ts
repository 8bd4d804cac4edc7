import type { Ending } from '../outcome.js';
import type { Logger, Workspace } from '../ports.js';
import type { CommandResult, Failure } from '../types.js';

const passed = (r: CommandResult) => r.exitCode === 0 && !r.timedOut;

/** Runs `setup-command`; an Ending when it fails. The tree is clean again afterwards (setup may write caches). */
export async function setUp(
  command: string,
  timeoutMs: number,
  workspace: Workspace,
  logger: Logger,
): Promise<{ result: CommandResult; ending: Ending | null }> {
  const result = await logger.group('Set up the toolchain (setup-command)', () => workspace.run(command, { timeoutMs }));
  if (!passed(result)) {
    const last = result.output.trim().split('\n').slice(-1)[0]?.slice(0, 300) ?? '';
    return {
      result,
      ending: { status: 'error', reason: `\`setup-command\` failed (exit ${result.exitCode}${result.timedOut ? ', timed out' : ''}): ${last}` },
    };
  }
  if (!(await workspace.isClean())) await workspace.reset();
  return { result, ending: null };
}

/** Re-runs the failing command on the unchanged code: a pass means a flaky test, and an Ending. */
export async function checkFlaky(
  command: string,
  failure: Failure,
  timeoutMs: number,
  workspace: Workspace,
  logger: Logger,
): Promise<{ result: CommandResult; ending: Ending | null }> {
  const result = await logger.group('Re-run the failing command on the unchanged code', () => workspace.run(command, { timeoutMs }));
  if (!passed(result)) return { result, ending: null };
  const test = failure.errors.find((e) => e.test)?.test ?? failure.errors[0]?.file ?? 'the failing test';
  return { result, ending: { status: 'flaky', reason: `\`${command}\` passed on the unchanged code: ${test} is flaky, so no fix is proposed.` } };
}
