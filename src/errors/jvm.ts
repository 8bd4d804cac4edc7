import type { ErrorLocation } from '../types.js';
import { type Extractor, loc } from './location.js';

/** Maven (compiler and Surefire) and Gradle's JUnit summaries. */
export const extractJvm: Extractor = (lines) => {
  const out: ErrorLocation[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    const c = /^\[ERROR\] (?:\/.*?\/)?((?:src|[\w-]+\/src)\/\S+?\.(?:java|kt|scala)):\[(\d+),(\d+)\] (.+)$/.exec(l);
    if (c?.[1]) {
      out.push(loc('maven', c[4] ?? '', c[1], c[2], c[3]));
      continue;
    }
    const kt = /^e: (?:file:\/\/)?(?:\/.*?\/)?((?:src|[\w-]+\/src)\/\S+?\.kts?):(\d+):(\d+) (.+)$/.exec(l);
    if (kt?.[1]) {
      out.push(loc('kotlin', kt[4] ?? '', kt[1], kt[2], kt[3]));
      continue;
    }
    const s = /^\[ERROR\]\s+([\w$]+)\.(\w+):(\d+) (.+)$/.exec(l);
    if (s?.[1]) {
      out.push(loc('surefire', s[4] ?? '', `${s[1]}.java`, s[3], null, `${s[1]}.${s[2]}`));
      continue;
    }
    // Surefire's per-test block: `[ERROR] pkg.FooTest.testX  Time elapsed: … <<< FAILURE!`, the
    // exception, then the stack: the first frame in the test class is the location.
    const block = /^\[ERROR\] ([\w.$]+)\.(\w+)\s+Time elapsed: .*<<< (FAILURE|ERROR)!$/.exec(l);
    if (block?.[1]) {
      const frame = testClassFrame(lines.slice(i + 1, i + 60), block[1]);
      out.push(loc('surefire', (lines[i + 1] ?? '').trim(), frame?.file ?? javaPath(block[1]), frame?.line, null, `${block[1]}.${block[2]}`));
      continue;
    }
    const g = /^([\w.$]+) > (\w+)(?:\(\))? FAILED$/.exec(l.trim());
    if (g?.[1]) {
      const next = (lines[i + 1] ?? '').trim();
      const frame = testClassFrame(lines.slice(i + 1, i + 40), g[1]);
      out.push(loc('gradle', next || 'test failed', frame?.file ?? null, frame?.line, null, `${g[1]}.${g[2]}`));
    }
  }
  return out;
};

function javaPath(fqcn: string): string {
  return `${fqcn.replace(/\$.*$/, '').replace(/\./g, '/')}.java`;
}

/** The first stack frame in `cls` (a simple or fully qualified name): its source path and line. */
function testClassFrame(lines: readonly string[], cls: string): { file: string; line: string } | null {
  const simple = cls.split('.').pop() ?? cls;
  for (const l of lines) {
    // Java 9+ may print the class loader or module first: `at app//com.acme.FooTest.x(FooTest.java:12)`.
    const m = /at (?:[\w.@-]+\/\/?)?([\w.$]+)\.[\w$<>]+\((\w+\.(?:java|kt)):(\d+)\)/.exec(l);
    if (!m?.[1] || !m[2]) continue;
    const owner = m[1].replace(/\$.*$/, '');
    if (owner === cls || owner.endsWith(`.${simple}`) || owner === simple) {
      const dir = owner.includes('.') ? owner.slice(0, owner.lastIndexOf('.')).replace(/\./g, '/') : '';
      return { file: dir ? `${dir}/${m[2]}` : m[2], line: m[3] ?? '' };
    }
  }
  return null;
}
