import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzlibSync } from 'fflate';
import type { Tool } from './helpers.js';
import { tempDir } from './helpers.js';

// Debian's chromium; on GitHub's Ubuntu runners, the Google Chrome they come with.
const CHROMIUM_BIN = ['/usr/bin/chromium', '/usr/bin/google-chrome'].find((p) => existsSync(p)) ?? null;
export const CHROMIUM: Tool = {
  name: 'headless Chromium',
  packages: 'chromium',
  present: () => CHROMIUM_BIN !== null && spawnSync(CHROMIUM_BIN, ['--version'], { stdio: 'ignore', timeout: 30_000 }).status === 0,
};

/** Headless Chromium on a local file, with no network of its own (the flags the machine needs). */
function chromium(args: string[]): string {
  const profile = tempDir('ci-autofix-chromium-');
  const r = spawnSync(
    CHROMIUM_BIN as string,
    [
      '--headless',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--hide-scrollbars',
      `--user-data-dir=${profile}`,
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      ...args,
    ],
    { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 << 20 },
  );
  if (r.status !== 0) throw new Error(`chromium exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return r.stdout;
}

/** The DOM after Chromium loaded and rendered the page. */
export function renderedDom(file: string): string {
  return chromium(['--dump-dom', `file://${file}`]);
}

/** A PNG screenshot of the page, decoded: width, height and RGBA pixels. */
export function screenshot(file: string, width = 1200, height = 1400): { png: Buffer; width: number; height: number; pixels: Uint8Array } {
  const out = join(tempDir('ci-autofix-shot-'), 'shot.png');
  chromium([`--screenshot=${out}`, `--window-size=${width},${height}`, `file://${file}`]);
  const png = readFileSync(out);
  return { png, ...decodePng(png) };
}

/** Decodes an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes) into RGBA pixels. */
export function decodePng(png: Buffer): { width: number; height: number; pixels: Uint8Array } {
  if (png.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error('not a PNG');
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error('only 8-bit, non-interlaced PNGs');
      channels = data[9] === 6 ? 4 : data[9] === 2 ? 3 : 0;
      if (!channels) throw new Error(`colour type ${data[9]} not handled`);
    } else if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const raw = unzlibSync(Buffer.concat(idat));
  const stride = width * channels;
  const rows = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] as number;
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? (rows[y * stride + x - channels] as number) : 0;
      const b = y > 0 ? (rows[(y - 1) * stride + x] as number) : 0;
      const c = x >= channels && y > 0 ? (rows[(y - 1) * stride + x - channels] as number) : 0;
      const p = a + b - c;
      const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
      const predictor = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter] ?? 0;
      rows[y * stride + x] = ((src[x] as number) + predictor) & 0xff;
    }
  }
  const pixels = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    pixels.set(rows.subarray(i * channels, i * channels + 3), i * 4);
    pixels[i * 4 + 3] = channels === 4 ? (rows[i * channels + 3] as number) : 255;
  }
  return { width, height, pixels };
}

/** How many pixels are within `tolerance` of the colour #rrggbb. */
export function countColour(pixels: Uint8Array, hex: string, tolerance = 8): number {
  const [r, g, b] = [0, 2, 4].map((i) => Number.parseInt(hex.slice(1 + i, 3 + i), 16)) as [number, number, number];
  let n = 0;
  for (let i = 0; i < pixels.length; i += 4)
    if (
      Math.abs((pixels[i] as number) - r) <= tolerance &&
      Math.abs((pixels[i + 1] as number) - g) <= tolerance &&
      Math.abs((pixels[i + 2] as number) - b) <= tolerance
    )
      n++;
  return n;
}
