import type { ErrorLocation } from '../types.js';
import { type Extractor, loc, withFrames } from './location.js';

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
    // Older Surefire writes `testX(pkg.FooTest)  Time elapsed: … <<< FAILURE!`.
    const modern = /^\[ERROR\] ([\w.$]+)\.(\w+)\s+Time elapsed: .*<<< (?:FAILURE|ERROR)!$/.exec(l);
    const older = modern ? null : /^(\w+)\(([\w.$]+)\)\s+Time elapsed: .*<<< (?:FAILURE|ERROR)!$/.exec(l.trim());
    const cls = modern?.[1] ?? older?.[2];
    const method = modern?.[2] ?? older?.[1];
    if (cls && method) {
      // The block: its exception and stack, up to a blank line or the next test's block.
      const stack: string[] = [];
      for (let k = i + 1; k < lines.length && k <= i + 60; k++) {
        const x = lines[k] ?? '';
        if (/Time elapsed: .*<<< (?:FAILURE|ERROR)!$/.test(x) || (!x.trim() && stack.length > 1)) break;
        stack.push(x);
      }
      const frame = testClassFrame(stack, cls);
      const e = loc('surefire', (lines[i + 1] ?? '').trim(), frame?.file ?? javaPath(cls), frame?.line, null, `${cls}.${method}`);
      out.push(withFrames(e, javaFrames(stack)));
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

// Frames of the JDK, test frameworks and build tools: never the project's code.
const FRAMEWORK =
  /^(?:java|javax|jdk|sun|com\.sun|org\.junit|junit|org\.apache\.maven|org\.testng|org\.mockito|org\.gradle|org\.hamcrest|org\.springframework|kotlin|scala|groovy|org\.codehaus|net\.bytebuddy|org\.powermock|org\.easymock|org\.assertj|org\.opentest4j|org\.eclipse\.jdt|com\.intellij)\./;

/** The project's frames of a Java stack, innermost first, as package paths (`com/acme/Foo.java`). */
export function javaFrames(lines: readonly string[]): { file: string; line: number }[] {
  const out: { file: string; line: number }[] = [];
  for (const l of lines) {
    const m = /^\s*at (?:[\w.@-]+\/\/?)?([\w.$]+)\.[\w$<>]+\((\w+\.(?:java|kt|scala|groovy)):(\d+)\)/.exec(l);
    if (!m?.[1] || !m[2] || FRAMEWORK.test(m[1])) continue;
    const owner = m[1].replace(/\$.*$/, '');
    const dir = owner.includes('.') ? owner.slice(0, owner.lastIndexOf('.')).replace(/\./g, '/') : '';
    out.push({ file: dir ? `${dir}/${m[2]}` : m[2], line: Number(m[3]) });
  }
  return out;
}

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

// Gradle lint tasks, by the linter in the task's name.
const GRADLE_LINTERS = /(checkstyle|spotless|ktlint|detekt|pmd|spotbugs|lint)/i;
// A file a build-failure cause names: the first path with a source or configuration extension.
const CAUSE_FILE = /(?:^|[\s{(:'"])((?:[\w.-]+\/)*[\w.-]+\.(?:xml|gradle|kts|java|kt|groovy|scala|properties|json|ya?ml|toml))(?=[}\s,:)'"]|$)/;

/**
 * Gradle's build failure block, a fallback for failures no other extractor explains (a linter that
 * cannot load its configuration, a plugin error): `* What went wrong:`, `Execution failed for task
 * ':app:checkstyleMain'.`, then the `> cause` lines, the deepest last.
 */
export const extractGradleFailure: Extractor = (lines) => {
  const out: ErrorLocation[] = [];
  for (let i = 0; i < lines.length; i++) {
    if ((lines[i] ?? '').trim() !== '* What went wrong:') continue;
    let task: string | null = null;
    const causes: string[] = [];
    for (let j = i + 1; j < Math.min(lines.length, i + 40); j++) {
      const l = lines[j] ?? '';
      if (/^\* (Try|Get more help|Exception is)/.test(l) || (l.trim() === '' && causes.length > 0)) break;
      const t = /^Execution failed for task '([^']+)'\.$/.exec(l.trim());
      if (t?.[1]) task = t[1];
      const c = /^\s*> (.+)$/.exec(l);
      // Console output interleaves `> Task :x FAILED` into the block.
      if (c?.[1] && !/^Task \S+( FAILED)?$/.test(c[1])) causes.push(c[1].trim());
    }
    if (causes.length === 0) continue;
    const taskName = task?.split(':').pop() ?? '';
    const linter = GRADLE_LINTERS.exec(taskName)?.[1]?.toLowerCase();
    const tool = linter ?? (/test/i.test(taskName) ? 'gradle' : 'gradle-build');
    const file = causes.map((c) => CAUSE_FILE.exec(c)?.[1]).find((f) => f && !f.startsWith('build/') && !f.includes('/build/')) ?? null;
    out.push(loc(tool, causes.join('\n'), file));
  }
  return out;
};
