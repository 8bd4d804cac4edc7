import OpenAI from 'openai';
import type { ChatMessage, Model } from '../../ports.js';
import type { Usage } from '../../types.js';

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
  constructor(o: OpenAIModelOptions) {
    this.name = o.model;
    this.maxOutputTokens = o.maxOutputTokens ?? 4096;
    this.client = new OpenAI({ apiKey: o.apiKey, baseURL: o.baseUrl, timeout: o.timeoutMs ?? 120_000, maxRetries: o.maxRetries ?? 3 });
  }

  async complete(messages: ChatMessage[]): Promise<{ text: string; usage: Usage }> {
    const response = await this.client.chat.completions.create({
      model: this.name,
      messages,
      temperature: 0,
      max_tokens: this.maxOutputTokens,
    });
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
