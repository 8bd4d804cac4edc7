import { checkPolicy, type PatchPolicy, type PatchSummary } from './check-policy.js';
import { repairPatch } from './repair-patch.js';

export interface PatchPorts {
  readFile(path: string): Promise<string | null>;
  isInside(path: string): Promise<boolean>;
  /** `git apply --check`: the error, or null when the patch applies. */
  checkPatch(patch: string): Promise<string | null>;
}

export type PreparedPatch = { ok: true; patch: string; summary: PatchSummary; notes: string[] } | { ok: false; reason: string };

/**
 * A model's patch → the canonical patch that may be applied, or the reason it may not: the guard
 * on the paths as written, repair against the real files (not for a tool's exact diff), the
 * guard again on the repaired patch (sizes and test rules), symlinks, and `git apply --check`.
 */
export async function preparePatch(raw: string, policy: PatchPolicy, ports: PatchPorts, options: { repair?: boolean } = {}): Promise<PreparedPatch> {
  // Paths first: nothing is read for a patch that names a forbidden place.
  const asWritten = checkPolicy(raw, { ...policy, maxChangedLines: Number.MAX_SAFE_INTEGER, maxFiles: Number.MAX_SAFE_INTEGER, allowTestChanges: true });
  if (!asWritten.ok) return { ok: false, reason: asWritten.reason };
  for (const file of asWritten.summary.files) {
    if (!(await ports.isInside(file))) return { ok: false, reason: `\`${file}\` resolves outside the repository (through a symlink)` };
  }
  // A tool's own output (git diff of what a formatter wrote) is exact: repair would re-indent
  // it to the file's old style, undoing the formatter.
  const repaired = options.repair === false ? { ok: true as const, patch: raw, notes: [] } : await repairPatch(raw, (p) => ports.readFile(p));
  if (!repaired.ok) return { ok: false, reason: repaired.reason };
  const policed = checkPolicy(repaired.patch, policy);
  if (!policed.ok) return { ok: false, reason: policed.reason };
  const problem = await ports.checkPatch(repaired.patch);
  if (problem) return { ok: false, reason: `git apply --check refused the repaired patch: ${problem.split('\n')[0]}` };
  return { ok: true, patch: repaired.patch, summary: policed.summary, notes: repaired.notes };
}
