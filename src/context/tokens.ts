import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';

/**
 * Tokens of a text with o200k_base, the encoding of OpenAI's GPT-4o, GPT-4.1, o-series and GPT-5
 * models (gpt-tokenizer: a maintained pure-JS port of tiktoken, no native or network code).
 * Other models' tokenizers differ by some percent; the budget is a budget, not a bill.
 *
 * Imported statically: a dynamic import would make ncc split the 2.4 MB of ranks into a chunk,
 * and ncc then writes the chunk's licence file over the bundle's (the licence check caught it).
 */
export type TokenCounter = (text: string) => number;

const count: TokenCounter = (text) => (text ? countO200k(text) : 0);

export async function tokenCounter(): Promise<TokenCounter> {
  return count;
}
