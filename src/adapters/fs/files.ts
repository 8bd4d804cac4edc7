import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../user-error.js';

export const DEFAULT_TEMPLATE = 'prompts/ci_autofix.eta';

/** The project's root: the nearest folder above this bundle holding `prompts/`. */
export function packageRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, DEFAULT_TEMPLATE))) return dir;
    dir = dirname(dir);
  }
  throw new Error(`Could not find ${DEFAULT_TEMPLATE} above ${from}: the action's files are incomplete.`);
}

/** The prompt template: the user's (relative to the workspace) or the bundled one. */
export function loadTemplate(userPath: string | undefined, workspace: string): { text: string; name: string } {
  if (!userPath) {
    const path = join(packageRoot(), DEFAULT_TEMPLATE);
    return { text: readFileSync(path, 'utf8'), name: 'bundled template prompts/ci_autofix.eta' };
  }
  const path = isAbsolute(userPath) ? userPath : resolve(workspace, userPath);
  if (!existsSync(path))
    throw new UserError(`Input \`prompt-template\` names \`${userPath}\`, which does not exist in the checkout. Commit the template or unset the input.`);
  return { text: readFileSync(path, 'utf8'), name: `template ${userPath}` };
}
