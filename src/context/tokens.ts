import { GptEncoding } from 'gpt-tokenizer/GptEncoding';
import { loadO200kRanks } from './o200k-ranks.js';

/**
 * Tokens of a text with o200k_base, the encoding of OpenAI's GPT-4o, GPT-4.1, o-series and GPT-5
 * models (gpt-tokenizer: a maintained pure-JS port of tiktoken, no native or network code).
 * Other models' tokenizers differ by some percent; the budget is a budget, not a bill.
 *
 * The encoder's ranks are 2.4 MB of JavaScript: inside the bundle they cost every start ~0.15 s
 * of compiling, even unused. The build copies them beside the bundle (dist/o200k_base.ranks.cjs)
 * and they are required on first use, so runs that never count tokens (a deploy failure,
 * `extract`) do not pay. (A dynamic import would make ncc split a chunk and write the chunk's
 * licence file over the bundle's.)
 *
 * Byte-pair merging is quadratic in the length of a run without spaces: a 3 MB answer of one
 * "word" took minutes. Lines longer than LONG_LINE are estimated at 3 characters a token (more
 * than any encoding yields for such text), so a hostile line costs a budget, not a hang.
 */
export const LONG_LINE = 2_000;

let encoding: GptEncoding | null = null;

export function countTokens(text: string): number {
  if (!text) return 0;
  encoding ??= GptEncoding.getEncodingApi('o200k_base', loadO200kRanks as Parameters<typeof GptEncoding.getEncodingApi>[1]);
  if (text.length <= LONG_LINE) return encoding.countTokens(text);
  let total = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    total += line.length > LONG_LINE ? Math.ceil(line.length / 3) : line ? encoding.countTokens(line) : 0;
    if (end < text.length) total += 1;
    start = end + 1;
  }
  return total;
}
