import OpenAI from 'openai';
import type { ChatMessage, Model } from '../../ports.js';
import type { Usage } from '../../types.js';
import { UserError } from '../../user-error.js';

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
  constructor(o: OpenAIModelOptions) {
    this.name = o.model;
    this.baseUrl = o.baseUrl;
    this.githubModels = /models\.github\.ai|models\.inference\.ai\.azure\.com/.test(o.baseUrl);
    this.maxOutputTokens = o.maxOutputTokens ?? 4096;
    this.client = new OpenAI({ apiKey: o.apiKey, baseURL: o.baseUrl, timeout: o.timeoutMs ?? 120_000, maxRetries: o.maxRetries ?? 3 });
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
      throw error;
    }
    const text = response.choices?.[0]?.message?.content ?? '';
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
