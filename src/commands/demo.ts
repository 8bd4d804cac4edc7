import { runDemo } from '../demo.js';
import { type CommandRun, parseFlags } from './args.js';

/** `demo`: the bundled action against the local sandbox. */
export const run: CommandRun = async (args, { out }) => {
  parseFlags(args, {});
  return runDemo((line) => out(`${line}\n`));
};
