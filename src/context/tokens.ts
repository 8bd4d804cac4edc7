import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';

/**
 * Tokens of a text with o200k_base, the encoding of OpenAI's GPT-4o, GPT-4.1, o-series and GPT-5
 * models (gpt-tokenizer: a maintained pure-JS port of tiktoken, no native or network code).
 * Other models' tokenizers differ by some percent; the budget is a budget, not a bill.
 *
 * Imported statically: a dynamic import would make ncc split the 2.4 MB of ranks into a chunk,
 * and ncc then writes the chunk's licence file over the bundle's (the licence check caught it).
 *
 * Byte-pair merging is quadratic in the length of a run without spaces: a 3 MB answer of one
 * "word" took minutes. Lines longer than LONG_LINE are estimated at 3 characters a token (more
 * than any encoding yields for such text), so a hostile line costs a budget, not a hang.
 */
export type TokenCounter = (text: string) => number;

export const LONG_LINE = 2_000;

const count: TokenCounter = (text) => {
  if (!text) return 0;
  if (text.length <= LONG_LINE) return countO200k(text);
  let total = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    total += line.length > LONG_LINE ? Math.ceil(line.length / 3) : line ? countO200k(line) : 0;
    if (end < text.length) total += 1;
    start = end + 1;
  }
  return total;
};

export async function tokenCounter(): Promise<TokenCounter> {
  return count;
}
