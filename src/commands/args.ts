import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { RecentChange } from '../types.js';

/** Where a command writes: stdout and stderr in the CLI, buffers in tests. */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** A command's entry: its arguments (after the command's name) in, the exit status out. */
export type CommandRun = (args: string[], io: Io) => Promise<number>;

/** Bad usage: the CLI prints it with the command's usage and exits 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Strict flags: an unknown option or a missing value throws ERR_PARSE_ARGS_*, which the CLI prints with the command's usage. */
export function parseFlags<O extends Options>(args: string[], options: O) {
  return parseArgs({ args, options, allowPositionals: true, strict: true });
}

/** A log as a stream: the file, or stdin for `-`. */
export function logStream(path: string | undefined, flag = 'log'): AsyncIterable<Uint8Array | string> {
  if (!path) throw new UsageError(`--${flag} is required`);
  if (path === '-') return process.stdin;
  if (!existsSync(path)) throw new UsageError(`cannot read --${flag} ${path}: no such file`);
  // 1 MB reads rather than the default 64 KB: 0.90 s -> 0.79 s on the 100 MB bench log.
  return createReadStream(path, { highWaterMark: 1 << 20 });
}

export function readInput(path: string | undefined, what: string): string {
  if (!path) throw new UsageError(`--${what} is required`);
  try {
    return path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --${what} ${path}: ${(error as Error).message}`);
  }
}

export function repoDir(path: string | undefined): string {
  if (!path) throw new UsageError('--repo is required');
  const dir = resolve(path);
  if (!existsSync(join(dir, '.git'))) throw new UsageError(`--repo ${path} is not a git work tree`);
  return dir;
}

/** The changes since `--since <ref>`; a ref that names no commit is bad usage. */
export async function changesSince(ws: { changesSince(ref: string): Promise<RecentChange[]> }, ref: string | undefined): Promise<RecentChange[]> {
  if (!ref) return [];
  try {
    return await ws.changesSince(ref);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--${name} must be a positive whole number, got ${value}`);
  return Number(value);
}
