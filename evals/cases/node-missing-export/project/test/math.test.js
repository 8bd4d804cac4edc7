import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clamp, lerp } from '../src/math.js';

test('lerp', () => assert.equal(lerp(0, 10, 0.5), 5));
test('clamp', () => assert.equal(clamp(12, 0, 10), 10));
