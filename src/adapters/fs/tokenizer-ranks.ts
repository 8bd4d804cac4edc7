import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The ranks file the build copies beside each bundle (see scripts/build.mjs). */
export const RANKS_FILE = 'o200k_base.ranks.cjs';

/**
 * gpt-tokenizer's o200k_base ranks, read on first use: beside the bundle in dist/, else from
 * node_modules (tests run the sources). The specifier is built at run time so that ncc leaves
 * it alone and the 2.4 MB stay out of the bundle every start would compile.
 */
export function loadO200kRanks(): unknown {
  const bundled = join(dirname(fileURLToPath(import.meta.url)), RANKS_FILE);
  const req = createRequire(import.meta.url);
  const path = existsSync(bundled) ? bundled : req.resolve(['gpt-tokenizer', 'cjs', 'bpeRanks', 'o200k_base'].join('/'));
  return (req(path) as { default: unknown }).default;
}
