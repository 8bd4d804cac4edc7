import OpenAI from 'openai';
import type { ChatMessage, Model } from '../../ports.js';
import type { Usage } from '../../types.js';
import { UserError } from '../../user-error.js';

/** Longer answers are cut here: a fix is a few KB; megabytes are a runaway model, not a patch. */
export const MAX_ANSWER_CHARS = 1_000_000;

export interface OpenAIModelOptions {
  apiKey: string;
  baseUrl: string;
  model: string;
  timeoutMs?: number;
  maxRetries?: number;
  maxOutputTokens?: number;
}

/**
 * Any OpenAI-compatible chat endpoint (OpenAI, GitHub Models, Azure, Ollama, vLLM, LiteLLM)
 * through the `openai` SDK, which retries 408/409/429/5xx honouring `retry-after`.
 */
export class OpenAIModel implements Model {
  readonly name: string;
  private readonly client: OpenAI;
  private readonly maxOutputTokens: number;
  private readonly baseUrl: string;
  private readonly githubModels: boolean;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  constructor(o: OpenAIModelOptions) {
    this.name = o.model;
    this.baseUrl = o.baseUrl;
    this.githubModels = /models\.github\.ai|models\.inference\.ai\.azure\.com/.test(o.baseUrl);
    this.maxOutputTokens = o.maxOutputTokens ?? 4096;
    this.timeoutMs = o.timeoutMs ?? 120_000;
    this.maxRetries = o.maxRetries ?? 3;
    this.client = new OpenAI({ apiKey: o.apiKey, baseURL: o.baseUrl, timeout: this.timeoutMs, maxRetries: this.maxRetries });
  }

  async complete(messages: ChatMessage[]): Promise<{ text: string; usage: Usage }> {
    let response: OpenAI.Chat.Completions.ChatCompletion;
    try {
      response = await this.client.chat.completions.create({
        model: this.name,
        messages,
        temperature: 0,
        max_tokens: this.maxOutputTokens,
      });
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 401 || status === 403) {
        throw new UserError(
          this.githubModels
            ? `GitHub Models refused the workflow token (HTTP ${status}). Add \`permissions: { models: read }\` to the job, or set \`api-key\` for another provider.`
            : `The model endpoint ${this.baseUrl} refused the key (HTTP ${status}). Check the \`api-key\` secret.`,
          { cause: error },
        );
      }
      if (status === 404)
        throw new UserError(
          `The model \`${this.name}\` was not found at ${this.baseUrl} (HTTP 404). Check the \`model\` input against the provider's model names.`,
          { cause: error },
        );
      const tries = `${this.maxRetries + 1} ${this.maxRetries === 0 ? 'try' : 'tries'}`;
      if (error instanceof OpenAI.APIConnectionTimeoutError) {
        throw new Error(`The model at ${this.baseUrl} did not answer within ${this.timeoutMs / 1000} s (${tries}).`, { cause: error });
      }
      if (status === 429 || (status !== undefined && status >= 500)) {
        throw new Error(
          `The model at ${this.baseUrl} kept answering HTTP ${status} (${tries}, honouring retry-after): ${(error as Error).message.split('\n')[0]}`,
          {
            cause: error,
          },
        );
      }
      if (error instanceof SyntaxError || /JSON/.test((error as Error).message)) {
        throw new Error(
          `The model at ${this.baseUrl} answered with something that is not an OpenAI chat completion: ${(error as Error).message.split('\n')[0]}`,
          {
            cause: error,
          },
        );
      }
      throw error;
    }
    if (!response || typeof response !== 'object' || !Array.isArray(response.choices)) {
      throw new Error(`The model at ${this.baseUrl} answered with something that is not an OpenAI chat completion (no \`choices\`).`);
    }
    const raw = response.choices[0]?.message?.content ?? '';
    const text = typeof raw === 'string' && raw.length > MAX_ANSWER_CHARS ? raw.slice(0, MAX_ANSWER_CHARS) : raw;
    const u = response.usage;
    return {
      text: typeof text === 'string' ? text : '',
      usage: {
        promptTokens: u?.prompt_tokens ?? 0,
        completionTokens: u?.completion_tokens ?? 0,
        totalTokens: u?.total_tokens ?? (u?.prompt_tokens ?? 0) + (u?.completion_tokens ?? 0),
      },
    };
  }
}
