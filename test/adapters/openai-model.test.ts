import { afterEach, describe, expect, it } from 'vitest';
import { MAX_ANSWER_CHARS, OpenAIModel } from '../../src/adapters/model/openai-model.js';
import { ModelServer, type ScriptedReply } from '../../src/sandbox/model-server.js';
import { UserError } from '../../src/user-error.js';

const servers: ModelServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

async function provider(script: ScriptedReply[], o: { timeoutMs?: number; maxRetries?: number } = {}): Promise<{ server: ModelServer; model: OpenAIModel }> {
  const server = new ModelServer(script);
  servers.push(server);
  await server.start();
  return { server, model: new OpenAIModel({ apiKey: 'sk-test', baseUrl: server.baseUrl, model: 'gpt-4o-mini', ...o }) };
}
const ask = (m: OpenAIModel) => m.complete([{ role: 'user', content: 'fix it' }]);

describe('an OpenAI-compatible provider, over loopback', () => {
  it('sends the key and the model, and returns the answer with its usage', async () => {
    const { server, model } = await provider([{ content: 'the fix', usage: { prompt_tokens: 12, completion_tokens: 3 } }]);
    expect(await ask(model)).toEqual({ text: 'the fix', usage: { promptTokens: 12, completionTokens: 3, totalTokens: 15 } });
    expect(server.requests[0]).toMatchObject({ model: 'gpt-4o-mini', authorization: 'Bearer sk-test', path: '/v1/chat/completions' });
  });

  it('retries a 429 (honouring retry-after) and a 500, then answers', async () => {
    const { server, model } = await provider([
      { status: 429, headers: { 'retry-after': '0' }, body: { error: { message: 'Rate limit reached' } } },
      { status: 500 },
      { content: 'after the storm' },
    ]);
    expect((await ask(model)).text).toBe('after the storm');
    expect(server.requests).toHaveLength(3);
  });

  it('a provider that keeps failing is one clear error after the retries', async () => {
    const { server, model } = await provider([{ status: 503, headers: { 'retry-after': '0' } }], { maxRetries: 2 });
    await expect(ask(model)).rejects.toThrow(/kept answering HTTP 503 \(3 tries, honouring retry-after\)/);
    expect(server.requests).toHaveLength(3);
  });

  it('a provider that does not answer in time is a timeout error naming the limit', async () => {
    const { server, model } = await provider([{ delayMs: 2000, content: 'too late' }], { timeoutMs: 300, maxRetries: 1 });
    await expect(ask(model)).rejects.toThrow(/did not answer within 0\.3 s \(2 tries\)/);
    expect(server.requests).toHaveLength(2);
  });

  it('garbage instead of a completion is a clear error, not a crash further on', async () => {
    const { model } = await provider([{ raw: '<html>502 Bad Gateway</html>' }], { maxRetries: 0 });
    await expect(ask(model)).rejects.toThrow(/not an OpenAI chat completion/);
    const { model: empty } = await provider([{ raw: '{"id": "x", "object": "chat.completion"}' }], { maxRetries: 0 });
    await expect(ask(empty)).rejects.toThrow(/not an OpenAI chat completion \(no `choices`\)/);
  });

  it('a huge answer is cut to the cap', async () => {
    const { model } = await provider([{ content: `${'x'.repeat(3 * MAX_ANSWER_CHARS)}` }]);
    const answer = await ask(model);
    expect(answer.text).toHaveLength(MAX_ANSWER_CHARS);
  });

  it('a refused key is a UserError that says which input to check', async () => {
    const { model } = await provider([{ status: 401, body: { error: { message: 'Incorrect API key' } } }]);
    const error = await ask(model).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toContain('Check the `api-key` secret');
  });
});
