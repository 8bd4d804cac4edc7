/**
 * US dollars per million tokens, input and output. Sources: the providers' published price
 * pages (OpenAI API pricing; GitHub Models bills the same models at the same list prices).
 */
export const PRICES_PER_MILLION: Record<string, { input: number; output: number }> = {
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-5': { input: 1.25, output: 10 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  'o4-mini': { input: 1.1, output: 4.4 },
  'o3-mini': { input: 1.1, output: 4.4 },
};

export type Price = { input: number; output: number };

/** The price of a model: the user's `model-price`, else the table (provider prefixes like `openai/` ignored). */
export function priceOf(model: string, override: Price | null = null): Price | null {
  return override ?? PRICES_PER_MILLION[model.replace(/^[\w-]+\//, '').toLowerCase()] ?? null;
}

/** Cost of one call; 0 for a model without a price (and the summary says so). */
export function costUsd(model: string, promptTokens: number, completionTokens: number, override: Price | null = null): number {
  const price = priceOf(model, override);
  if (!price) return 0;
  return (promptTokens * price.input + completionTokens * price.output) / 1_000_000;
}

export function isPriced(model: string, override: Price | null = null): boolean {
  return priceOf(model, override) !== null;
}

/** What `max-cost-usd` assumes an answer may cost: a patch and its explanation rarely pass this. */
export const ANSWER_TOKENS_ALLOWANCE = 1024;
