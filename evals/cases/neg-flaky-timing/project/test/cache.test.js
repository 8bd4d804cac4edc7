import assert from 'node:assert/strict';
import { test } from 'node:test';
import { warm } from '../src/cache.js';

test('the cache warms up in under 500 ms', async () => {
  const started = performance.now();
  const cache = await warm();
  const elapsed = Math.round(performance.now() - started);
  assert.ok(elapsed < 500, `cache warmed in ${elapsed} ms, expected under 500 ms`);
  assert.equal(cache.size, 1);
});
