import assert from 'node:assert/strict';
import { test } from 'node:test';
import { displayName } from '../src/user.js';

test('uses the nickname', () => {
  assert.equal(displayName({ name: 'Ada Lovelace', profile: { nickname: 'ada' } }), 'ada');
});

test('falls back to the name without a profile', () => {
  assert.equal(displayName({ name: 'Ada Lovelace', profile: null }), 'Ada Lovelace');
});
