import { describe, expect, it } from 'vitest';
import { GITHUB_MODELS_URL, readConfig } from '../../src/config.js';
import { resolveRunRequest } from '../../src/trigger/resolve-run.js';
import { UserError } from '../../src/user-error.js';

const read = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';

describe('readConfig', () => {
  it('uses GitHub Models with the workflow token when no api-key is given', () => {
    const c = readConfig(read({ 'github-token': 't' }));
    expect(c).toMatchObject({
      baseUrl: GITHUB_MODELS_URL,
      apiKey: '',
      categories: ['test'],
      maxAttempts: 2,
      maxChangedLines: 100,
      label: 'ci/autofix',
      dryRun: false,
      allowForks: false,
    });
  });
  it('reads the cost limit and a price override', () => {
    expect(readConfig(read({}))).toMatchObject({ maxCostUsd: null, modelPrice: null });
    expect(readConfig(read({ 'max-cost-usd': '0.05', 'model-price': ' 0.2 , 0.8 ' }))).toMatchObject({
      maxCostUsd: 0.05,
      modelPrice: { input: 0.2, output: 0.8 },
    });
  });
  it('uses OpenAI when an api-key is given and no base-url', () => {
    expect(readConfig(read({ 'api-key': 'sk' })).baseUrl).toBe('https://api.openai.com/v1');
  });
  it.each([
    ['max-attempts', '9', 'Input `max-attempts` must be a whole number from 1 to 5, got `9`.'],
    ['max-changed-lines', 'lots', 'Input `max-changed-lines` must be a whole number from 1 to 2000, got `lots`.'],
    ['dry-run', 'maybe', 'Input `dry-run` must be `true` or `false`, got `maybe`.'],
    ['categories', 'test,tests', 'Input `categories` holds `tests`; allowed: test, lint, typecheck, build, dependency, infra, deploy, timeout, other.'],
    ['base-url', 'not a url', 'Input `base-url` must be a URL such as https://api.openai.com/v1, got `not a url`.'],
    ['max-cost-usd', '-1', 'Input `max-cost-usd` must be a positive amount in US dollars such as 0.05, got `-1`.'],
    ['model-price', '0.15', 'Input `model-price` must be "input,output" in US dollars per million tokens, such as `0.15,0.60`, got `0.15`.'],
  ])('%s=%s is refused with a message that names it', (name, value, message) => {
    expect(() => readConfig(read({ [name]: value }))).toThrowError(new UserError(message));
  });
});

describe('resolveRunRequest', () => {
  it('takes the workflow_run event run and attempt', () => {
    expect(resolveRunRequest('workflow_run', { workflow_run: { id: 12, run_attempt: 2 } }, undefined)).toEqual({ runId: 12, attempt: 2 });
  });
  it('takes run-id for workflow_dispatch and workflow_call', () => {
    expect(resolveRunRequest('workflow_dispatch', {}, ' 99 ')).toEqual({ runId: 99 });
  });
  it('refuses a non-numeric run-id', () => {
    expect(() => resolveRunRequest('workflow_dispatch', {}, '12abc')).toThrowError(/Input `run-id` must be a workflow run id \(digits\), got `12abc`/);
  });
  it('refuses an event with no run', () => {
    expect(() => resolveRunRequest('push', {}, undefined)).toThrowError(/event is `push` and input `run-id` is empty/);
  });
});
