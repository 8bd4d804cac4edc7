import { parse as parseYaml } from 'yaml';
import { patchPolicy } from '../attempt-fixes.js';
import type { Config } from '../config.js';
import { extractFailure } from '../errors/extract.js';
import type { FailingCommands } from '../errors/read-failure.js';
import { resolveErrorFiles } from '../errors/resolve-files.js';
import { makePathRelative } from '../logs/normalize.js';
import { checkSyntax } from '../patch/check-syntax.js';
import { preparePatch } from '../patch/prepare-patch.js';
import type { Logger, Workspace } from '../ports.js';
import type { CommandResult, Failure, Logs, MechanicalFix } from '../types.js';
import { toolName } from './names.js';
import { type FixPlan, planFixes } from './plan-fix.js';

const passed = (r: CommandResult) => r.exitCode === 0 && !r.timedOut;

/**
 * The fix modes for a lint failure whose command ran a formatter or a fixable linter: the failed
 * step's command (or `test-command`), its log (pre-commit's report), the checkout's npm scripts.
 */
export async function mechanicalPlans(failure: Failure, commands: FailingCommands, logs: Logs, workspace: Workspace): Promise<FixPlan[]> {
  if (failure.category !== 'lint') return [];
  let scripts: Record<string, string> = {};
  try {
    const pkg = JSON.parse((await workspace.readFile('package.json')) ?? '{}') as { scripts?: unknown };
    if (pkg.scripts && typeof pkg.scripts === 'object') scripts = pkg.scripts as Record<string, string>;
  } catch {
    // An unreadable package.json names no scripts.
  }
  const stepLines = logs.steps.filter((s) => s.failed && s.name === failure.step).flatMap((s) => s.lines);
  const hooks = configuredHooks(await workspace.readFile('.pre-commit-config.yaml'));
  return planFixes({ command: commands.command, errors: failure.errors, stepLines, scripts, ...(hooks ? { hooks } : {}) });
}

/** The tool's version: the first line of `--version` that holds a version number. */
async function versionOf(plan: FixPlan, workspace: Workspace): Promise<string | null> {
  const r = await workspace.run(plan.versionCommand, { timeoutMs: 60_000 });
  if (r.exitCode !== 0) return null;
  const line = r.output.split('\n').find((l) => /\d+\.\d+/.test(l));
  return line ? (/\d+\.\d+(?:\.\d+)?(?:[-.\w]*)?/.exec(line)?.[0] ?? null) : null;
}

/**
 * The failure that is left after the tools' pass, read from the failing command's output as the
 * run's own log would show it: what the tools could not fix, for the model.
 */
async function remainingFailure(failure: Failure, result: CommandResult, workspace: Workspace): Promise<Failure> {
  // Paths as the tool printed them here (eslint's are absolute): relative to the checkout, as in a run's log.
  const lines = result.output.split('\n').map((l) => makePathRelative(l, workspace.root));
  const step = { job: 'ci-autofix', name: failure.step ?? 'lint', command: result.command, failed: true, lines };
  const left = await resolveErrorFiles(extractFailure({ steps: [step], notes: [] }), (p) => workspace.fileExists(p));
  // Same failure (category, signature, command) for duplicates and metrics; the errors are what is left.
  return left.errors.length > 0 ? { ...failure, errors: left.errors } : failure;
}

/**
 * Runs each tool's fix mode in the checkout (no credentials, like the tests), then guards what
 * they changed as it guards a model's patch (paths, `max-formatter-lines`, files, syntax) and
 * re-runs the failing command. The tree ends with the guarded change applied (alone: what the
 * tools wrote elsewhere, caches or reports, is dropped), or at HEAD when there is none or it
 * was refused. Never asks a model.
 */
export async function runFixers(
  plans: readonly FixPlan[],
  failure: Failure,
  commands: FailingCommands,
  config: Config,
  ports: { workspace: Workspace; logger: Logger },
): Promise<MechanicalFix> {
  const { workspace, logger } = ports;
  const timeoutMs = config.testTimeoutMs;
  return logger.group(`Fix mode of ${plans.map((p) => p.tool).join(', ')} (no model)`, async () => {
    const tools: MechanicalFix['tools'] = [];
    for (const plan of plans) {
      const version = await versionOf(plan, workspace);
      const result = await workspace.run(plan.command, { timeoutMs });
      logger.info(`\`${plan.command}\` exited ${result.exitCode} (${toolName({ tool: plan.tool, version, ...(plan.hooks ? { hooks: plan.hooks } : {}) })})`);
      tools.push({ tool: plan.tool, version, command: plan.command, exitCode: result.exitCode, ...(plan.hooks?.length ? { hooks: plan.hooks } : {}) });
    }
    const diff = await workspace.diff();
    await workspace.reset();
    const base = { tools, patch: '', files: [] as string[], verification: null, fixed: false, remaining: failure };
    if (!diff.trim()) {
      logger.info('The fix mode changed nothing.');
      return { ...base, note: 'the fix mode changed nothing' };
    }
    // The guard as for a model's patch, but formatter output has its own size limit, and a
    // formatter rewrites test files as it rewrites the rest.
    const policy = { ...patchPolicy(config), maxChangedLines: config.maxFormatterLines, sizeInput: 'max-formatter-lines', allowTestChanges: true };
    const prepared = await preparePatch(diff, policy, workspace, { repair: false });
    if (!prepared.ok) {
      logger.warning(`The tools' change was refused: ${prepared.reason}`);
      return { ...base, rejected: prepared.reason };
    }
    await workspace.applyPatch(prepared.patch);
    const changed = await Promise.all(prepared.summary.files.map(async (path) => ({ path, text: await workspace.readFile(path) })));
    const syntax = await checkSyntax(changed, (file, language) => workspace.checkSyntax(file, language));
    const broken = syntax.find((r) => r.status === 'error');
    if (broken) {
      await workspace.reset();
      return { ...base, rejected: `the reformatted \`${broken.file}\` no longer parses: ${broken.detail}` };
    }
    const verification = await workspace.run(commands.full, { timeoutMs });
    logger.info(`\`${verification.command}\` exited ${verification.exitCode} after the fix mode`);
    // Only the guarded change stays: what the check wrote (caches, reports) goes.
    await workspace.reset();
    await workspace.applyPatch(prepared.patch);
    const fixed = passed(verification);
    return {
      ...base,
      patch: prepared.patch,
      files: prepared.summary.files,
      syntax,
      verification,
      fixed,
      remaining: fixed ? failure : await remainingFailure(failure, verification, workspace),
    };
  });
}

/** The hooks .pre-commit-config.yaml defines, id → pinned revision (null for a local hook); null without a readable config. */
function configuredHooks(config: string | null): Record<string, string | null> | null {
  if (config === null) return null;
  try {
    const doc = parseYaml(config) as { repos?: { rev?: string; hooks?: { id?: string }[] }[] } | null;
    const out: Record<string, string | null> = {};
    for (const r of doc?.repos ?? []) for (const h of r.hooks ?? []) if (h.id) out[h.id] = r.rev ?? null;
    return out;
  } catch {
    // A config pre-commit itself could not read: the hooks are only checked for plain ids.
    return null;
  }
}

/**
 * The checkout as the model's attempts see it: "back to HEAD" means back to the tools' change,
 * so each attempt's patch lands on top of it and the published branch holds both.
 */
export function onTopOf(workspace: Workspace, patch: string): Workspace {
  return Object.assign(Object.create(workspace) as Workspace, {
    async reset() {
      await workspace.reset();
      await workspace.applyPatch(patch);
    },
  });
}
