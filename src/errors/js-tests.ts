import { extractJest } from './jest.js';
import type { Extractor } from './location.js';
import { extractMocha } from './mocha.js';
import { extractNodeSpec, extractNodeTap } from './node-test.js';
import { extractVitest } from './vitest.js';

/** JavaScript test runners: the first whose output is there. */
export const extractJsTests: Extractor = (lines) => {
  for (const ex of [extractNodeSpec, extractVitest, extractJest, extractMocha, extractNodeTap]) {
    const found = ex(lines);
    if (found.length > 0) return found;
  }
  return [];
};
