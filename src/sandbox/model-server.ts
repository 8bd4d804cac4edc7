import { createServer, type Server, type ServerResponse } from 'node:http';
import { countTokens } from '../context/tokens.js';
import { close, listen, readBody, sendJson } from './http-util.js';

/** One scripted reply: an answer, an HTTP error, a delay, or raw bytes. */
export type ScriptedReply =
  | { content: string; usage?: { prompt_tokens: number; completion_tokens: number } }
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | { delayMs: number; content: string }
  | { raw: string };

export interface ModelRequest {
  model: string;
  messages: { role: string; content: string }[];
  authorization: string | undefined;
  path: string;
}

/** A live provider the server forwards to instead of replaying (the evals' recording proxy). */
export interface Upstream {
  /** The provider's OpenAI-compatible base URL, e.g. https://api.openai.com/v1. */
  baseUrl: string;
  apiKey: string;
}

/**
 * An OpenAI-compatible `/chat/completions` endpoint on loopback that replays scripted replies
 * in order (the last one repeats), reports usage, and can misbehave. With an upstream it
 * forwards each request to a live provider and keeps the answers, so they can be replayed.
 */
export class ModelServer {
  readonly requests: ModelRequest[] = [];
  /** The upstream's answers, in order (only with an upstream). */
  readonly recorded: { content: string; usage?: { prompt_tokens: number; completion_tokens: number } }[] = [];
  script: ScriptedReply[];
  /** Called with each request before it is answered: a test's hook into the middle of a run. */
  onRequest: ((request: ModelRequest) => void | Promise<void>) | null = null;
  url = '';
  private server: Server | null = null;
  private served = 0;
  private readonly upstream: Upstream | null;

  constructor(script: ScriptedReply[] = [], upstream: Upstream | null = null) {
    this.script = script;
    this.upstream = upstream;
  }

  /** Sends the request on to the upstream and passes its answer back as it came. */
  private async forward(raw: string, res: ServerResponse): Promise<void> {
    const upstream = this.upstream as Upstream;
    let response: Response;
    try {
      response = await fetch(`${upstream.baseUrl.replace(/\/+$/, '')}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${upstream.apiKey}` },
        body: raw,
      });
    } catch (error) {
      return sendJson(res, 502, { error: { message: `upstream ${upstream.baseUrl} unreachable: ${(error as Error).message}` } });
    }
    const text = await response.text();
    if (response.ok) {
      try {
        const body = JSON.parse(text) as { choices?: { message?: { content?: string } }[]; usage?: { prompt_tokens: number; completion_tokens: number } };
        const content = body.choices?.[0]?.message?.content;
        if (typeof content === 'string') this.recorded.push({ content, ...(body.usage ? { usage: body.usage } : {}) });
      } catch {
        // not JSON: the action reports it; nothing to record
      }
    }
    const headers: Record<string, string> = { 'content-type': response.headers.get('content-type') ?? 'application/json' };
    const retryAfter = response.headers.get('retry-after');
    if (retryAfter) headers['retry-after'] = retryAfter;
    res.writeHead(response.status, headers);
    res.end(text);
  }

  get baseUrl(): string {
    return `${this.url}/v1`;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void (async () => {
        const raw = (await readBody(req)).toString('utf8');
        if (req.method !== 'POST' || !/\/chat\/completions$/.test(req.url ?? '')) return sendJson(res, 404, { error: { message: 'not found' } });
        let body: { model?: string; messages?: { role: string; content: string }[] };
        try {
          body = JSON.parse(raw);
        } catch {
          return sendJson(res, 400, { error: { message: 'invalid JSON' } });
        }
        const request = { model: body.model ?? '', messages: body.messages ?? [], authorization: req.headers.authorization, path: req.url ?? '' };
        this.requests.push(request);
        await this.onRequest?.(request);
        if (this.upstream) return this.forward(raw, res);
        const reply = this.script[Math.min(this.served, this.script.length - 1)];
        this.served++;
        if (!reply) return sendJson(res, 500, { error: { message: 'the model server has no scripted reply' } });
        if ('status' in reply) return sendJson(res, reply.status, reply.body ?? { error: { message: `scripted ${reply.status}` } }, reply.headers);
        if ('raw' in reply) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(reply.raw);
          return;
        }
        if ('delayMs' in reply) await new Promise((r) => setTimeout(r, reply.delayMs));
        // Usage as a provider reports it, counted with the o200k_base tokenizer (messages' text only).
        const usage =
          'usage' in reply && reply.usage
            ? reply.usage
            : { prompt_tokens: (body.messages ?? []).reduce((a, m) => a + countTokens(String(m.content)), 0), completion_tokens: countTokens(reply.content) };
        sendJson(res, 200, {
          id: `chatcmpl-${this.served}`,
          object: 'chat.completion',
          created: 1767225600,
          model: body.model ?? 'scripted',
          choices: [{ index: 0, message: { role: 'assistant', content: reply.content }, finish_reason: 'stop', logprobs: null }],
          usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
        });
      })().catch((error: Error) => sendJson(res, 500, { error: { message: error.message } }));
    });
    this.url = await listen(this.server);
    return this.url;
  }

  async stop(): Promise<void> {
    if (this.server) await close(this.server);
  }
}
