import assert from 'node:assert/strict';
import { test } from 'node:test';
import { capitalize } from '../src/strings.js';

test('capitalizes the first letter', () => assert.equal(capitalize('hello world'), 'Hello world'));
