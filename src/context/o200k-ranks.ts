import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The ranks file the build copies beside each bundle (see scripts/build.mjs). */
export const RANKS_FILE = 'o200k_base.ranks.cjs';

/**
 * gpt-tokenizer's o200k_base ranks, loaded as a module on first use: the data file beside the
 * bundle in dist/, else the package's own (tests run the sources). Module loading, not file I/O:
 * the stage reads no file of the repository or the runner. The specifier is built at run time so
 * that ncc leaves it alone and the 2.4 MB stay out of the bundle every start would compile.
 */
export function loadO200kRanks(): unknown {
  const req = createRequire(import.meta.url);
  let path: string;
  try {
    path = req.resolve(join(dirname(fileURLToPath(import.meta.url)), RANKS_FILE));
  } catch {
    path = req.resolve(['gpt-tokenizer', 'cjs', 'bpeRanks', 'o200k_base'].join('/'));
  }
  return (req(path) as { default: unknown }).default;
}
