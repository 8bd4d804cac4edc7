import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
export function runAction(world: World, inputs: Record<string, string> = {}, extraEnv: Record<string, string> = {}): Promise<ActionRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [DIST_ENTRY], { cwd: world.workspace, env: world.actionEnv(inputs, extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.on('error', fail);
    child.on('close', (code) => {
      done({
        exitCode: code ?? 1,
        stdout,
        outputs: readOutputs(readFileSync(world.outputFile, 'utf8')),
        summary: readFileSync(world.summaryFile, 'utf8'),
      });
    });
  });
}
