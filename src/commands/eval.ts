import { packageRoot } from '../adapters/fs/files.js';
import { runEvals } from '../evals/run-evals.js';
import type { CommandRun } from './args.js';

/** `eval`: the eval cases through the bundled action (its own flags: `ci-autofix eval --help`). */
export const run: CommandRun = (args, { out, err }) => runEvals(args, packageRoot(), out, err);
