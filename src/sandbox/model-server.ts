import { createServer, type Server } from 'node:http';
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

/**
 * An OpenAI-compatible `/chat/completions` endpoint on loopback that replays scripted replies
 * in order (the last one repeats), reports usage, and can misbehave.
 */
export class ModelServer {
  readonly requests: ModelRequest[] = [];
  script: ScriptedReply[];
  url = '';
  private server: Server | null = null;
  private served = 0;

  constructor(script: ScriptedReply[] = []) {
    this.script = script;
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
        this.requests.push({ model: body.model ?? '', messages: body.messages ?? [], authorization: req.headers.authorization, path: req.url ?? '' });
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
        const promptChars = (body.messages ?? []).reduce((a, m) => a + String(m.content).length, 0);
        const usage =
          'usage' in reply && reply.usage ? reply.usage : { prompt_tokens: Math.ceil(promptChars / 4), completion_tokens: Math.ceil(reply.content.length / 4) };
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
