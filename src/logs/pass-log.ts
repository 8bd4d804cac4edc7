import { BlockScanner, CANDIDATE, isHot, makePathRelative, stripLine } from './normalize.js';

/**
 * The passing log of the same job, reduced to what the ranking needs: a bounded set of hashes of
 * its failure-looking lines, with their volatile parts normalised. A line of the failed log that
 * the passing run printed too (an apt warning, a deprecation, a test that always logs "error")
 * is not why the job failed. Published work on CI log differencing (CiDiff, ISSTA 2025; the
 * LogChunks study, MSR 2020) finds the failure's lines this way in logs of any tool.
 */
export interface PassLog {
  has(line: string): boolean;
  /** Distinct lines held. */
  readonly size: number;
  /** Lines not held once the cap was reached. */
  readonly dropped: number;
}

/** At most this many distinct lines are held: 2 M hashes stay well under 100 MB. */
export const PASS_LOG_MAX_LINES = 2_000_000;

// The parts of a line that change from run to run: temporary paths, hashes and ids, numbers
// (times, durations, sizes, counts, ports, line numbers of generated code).
const TEMP_PATH = /(?:\/tmp|\/var\/folders|\/private\/var)\/[^\s'":)]*/g;
const HEX_ID = /\b(?=[0-9a-f]*\d)[0-9a-f]{7,}\b/g;
const NUMBER = /\d+/g;

/** A line as the passing and the failed log are compared: lower case, volatile parts made constant, spaces collapsed. */
export function volatileFree(line: string): string {
  return line.toLowerCase().replace(TEMP_PATH, '/tmp/_').replace(HEX_ID, 'h').replace(NUMBER, '#').replace(/\s+/g, ' ').trim();
}

/** 32-bit FNV-1a of a string's UTF-16 code units: a set of numbers instead of a copy of the text. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const keyOf = (normalizedLine: string) => hash(volatileFree(normalizedLine));

class HashSetPassLog implements PassLog {
  private readonly hashes = new Set<number>();
  dropped = 0;
  get size(): number {
    return this.hashes.size;
  }
  add(rawLine: string): void {
    const line = makePathRelative(stripLine(rawLine));
    if (!isHot(line)) return;
    const key = keyOf(line);
    if (this.hashes.has(key)) return;
    if (this.hashes.size >= PASS_LOG_MAX_LINES) this.dropped++;
    else this.hashes.add(key);
  }
  /** `line`: a failed log's line as the reader keeps it (stripped, paths made relative). */
  has(line: string): boolean {
    return this.hashes.has(keyOf(line));
  }
}

/**
 * Reads a passing log as a stream, in bounded memory: a byte scan flags the lines holding failure
 * vocabulary and only those are decoded, normalised and hashed; the text itself is never kept.
 */
export async function readPassLog(chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>): Promise<PassLog> {
  const log = new HashSetPassLog();
  const scanner = new BlockScanner();
  const block = (bytes: Buffer) => {
    const count = scanner.scan(bytes);
    const { starts, flags } = scanner;
    for (let i = 0; i < count; i++) {
      if (((flags[i] as number) & CANDIDATE) === 0) continue;
      const start = starts[i] as number;
      const end = Math.min((starts[i + 1] as number) - 1, start + 16_384);
      log.add(bytes.toString('utf8', start, end));
    }
  };
  let rest: Buffer | null = null;
  for await (const chunk of chunks) {
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (rest) {
      bytes = Buffer.concat([rest, bytes]);
      rest = null;
    }
    const cut = bytes.lastIndexOf(10);
    if (cut < 0) {
      // A line with no end in sight: its start is enough to hash.
      rest = bytes.length > 65_536 ? Buffer.from(bytes.subarray(0, 65_536)) : Buffer.from(bytes);
      continue;
    }
    if (cut + 1 < bytes.length) rest = Buffer.from(bytes.subarray(cut + 1));
    block(bytes.subarray(0, cut));
  }
  if (rest) block(rest);
  return log;
}

/** Several passing logs as one: a line any of them printed. */
export function unionOf(logs: readonly PassLog[]): PassLog | undefined {
  if (logs.length <= 1) return logs[0];
  return {
    has: (line) => logs.some((l) => l.has(line)),
    size: logs.reduce((a, l) => a + l.size, 0),
    dropped: logs.reduce((a, l) => a + l.dropped, 0),
  };
}

/** The same from text. */
export function passLogFromText(text: string): Promise<PassLog> {
  return readPassLog([text]);
}
