import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProcess } from '../../src/sandbox/process.js';
import { readOutputs, type World } from '../../src/sandbox/world.js';
import { ROOT } from '../helpers.js';

export const DIST_ENTRY = join(ROOT, 'dist', 'index.js');

export interface ActionRun {
  exitCode: number;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Runs the bundled action as the runner does: `node dist/index.js` with the runner's variables. */
export async function runAction(world: World, inputs: Record<string, string> = {}, extraEnv: Record<string, string> = {}): Promise<ActionRun> {
  const r = await runProcess(process.execPath, [DIST_ENTRY], { cwd: world.workspace, env: world.actionEnv(inputs, extraEnv) });
  return {
    exitCode: r.code,
    stdout: r.out,
    outputs: readOutputs(readFileSync(world.outputFile, 'utf8')),
    summary: readFileSync(world.summaryFile, 'utf8'),
  };
}
