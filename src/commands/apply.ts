import { GitWorkspace } from '../adapters/git/workspace.js';
import { preparePatch } from '../patch/prepare-patch.js';
import { type CommandRun, parseFlags, positiveInt, readInput, repoDir } from './args.js';

/** `apply`: a patch through repair, the guard and `git apply --check`; applied unless --check. */
export const run: CommandRun = async (args, { out, err }) => {
  const { values } = parseFlags(args, {
    patch: { type: 'string' },
    repo: { type: 'string' },
    check: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    'max-changed-lines': { type: 'string' },
  });
  const ws = new GitWorkspace(repoDir(values.repo));
  const policy = { maxChangedLines: positiveInt(values['max-changed-lines'], 'max-changed-lines', 100), maxFiles: 10 };
  const prepared = await preparePatch(readInput(values.patch, 'patch'), policy, ws);
  if (!prepared.ok) {
    err(`refused: ${prepared.reason}\n`);
    return 1;
  }
  for (const note of prepared.notes) err(`repaired: ${note}\n`);
  if (!values.check) await ws.applyPatch(prepared.patch);
  const { files, added, removed } = prepared.summary;
  if (values.json) out(`${JSON.stringify({ applied: !values.check, files, added, removed, patch: prepared.patch })}\n`);
  else out(`${values.check ? 'applies cleanly' : 'applied'}: ${files.join(', ')} (+${added} -${removed})\n`);
  return 0;
};
