import assert from 'node:assert/strict';
import { test } from 'node:test';
import { median } from '../src/stats.js';

test('median of an odd count', () => assert.equal(median([9, 1, 5]), 5));
test('median of an even count', () => assert.equal(median([4, 1, 3, 2]), 2.5));
