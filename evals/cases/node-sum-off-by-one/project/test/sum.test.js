import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sum } from '../src/sum.js';

test('sum adds every value', () => {
  assert.equal(sum([2, 3]), 5, 'Expected 5');
});

test('sum of nothing is zero', () => {
  assert.equal(sum([]), 0);
});
