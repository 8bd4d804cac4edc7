import type { ErrorLocation } from '../types.js';
import { type Extractor, loc } from './location.js';

// `#53/2    cgrp_local_storage/attach_cgroup:FAIL`, `#53      cgrp_local_storage:OK`
const RESULT = /^#(\d+)(?:\/(\d+))?\s+(\S+):(OK|FAIL|SKIP)$/;
// `test_attach_cgroup:FAIL:map_lookup(socket_cookies) unexpected error: -2 (errno 2)`
const CHECK = /^([\w.]+):FAIL:(.+)$/;

/**
 * The Linux kernel's BPF selftests runner (test_progs): `#N/M suite/test:FAIL` results, each after
 * the checks it ran (`name:PASS:…`, `name:FAIL:what`); the failed check is the message. A
 * subtest that fails under a parent reported OK is a deliberate one (the framework's own
 * self-test) and is left out; a failing parent is reported through its failing subtests.
 */
export const extractTestProgs: Extractor = (lines) => {
  const parents = new Map<string, string>();
  const failedSubtests = new Set<string>();
  for (const l of lines) {
    const r = RESULT.exec(l.trim());
    if (!r?.[1]) continue;
    if (r[2] === undefined) parents.set(r[1], r[4] ?? '');
    else if (r[4] === 'FAIL') failedSubtests.add(r[1]);
  }
  if (parents.size === 0) return [];
  const out: ErrorLocation[] = [];
  for (let i = 0; i < lines.length; i++) {
    const r = RESULT.exec((lines[i] ?? '').trim());
    if (!r?.[1] || r[4] !== 'FAIL') continue;
    const [, n, sub, name = ''] = r;
    if (sub !== undefined && parents.get(n) === 'OK') continue;
    if (sub === undefined && failedSubtests.has(n)) continue;
    let message = `${name} failed`;
    // The checks it ran are the lines just above, back to the previous result.
    for (let j = i - 1; j >= 0 && j >= i - 200; j--) {
      const l = (lines[j] ?? '').trim();
      if (RESULT.test(l)) break;
      const c = CHECK.exec(l);
      if (c?.[1]) {
        message = l;
        break;
      }
    }
    out.push(loc('test_progs', message, null, null, null, name));
  }
  return out;
};
