import parseDiff from 'parse-diff';
import picomatch from 'picomatch';

export interface PatchPolicy {
  maxChangedLines: number;
  /** The input that sets maxChangedLines, named when the limit is passed (default `max-changed-lines`). */
  sizeInput?: string;
  maxFiles: number;
  /** When set, every changed path must match one of these globs. */
  allowedPaths?: readonly string[];
  /** Globs refused on top of the built-in list. */
  protectedPaths?: readonly string[];
  /** Let the patch edit assertions, skip tests or delete test files. */
  allowTestChanges?: boolean;
}

const TEST_FILE = /(^|\/)(tests?|__tests__|specs?)\/|(^|\/)test_[^/]*\.py$|_test\.(py|go)$|\.(test|spec)\.[cm]?[jt]sx?$|Tests?\.(java|kt|cs)$|_spec\.rb$/;
const ASSERTION = /\bassert|\bexpect\s*\(|\.should\b|\bt\.(Error|Fatal|Fail)|\brequire\.\w+\(|\bassertThat\b|\bEXPECT_|\bASSERT_/;
const SKIP_MARKER =
  /@pytest\.mark\.(skip|xfail)|@unittest\.(skip|expectedFailure)|\bself\.skipTest\(|\bpytest\.skip\(|\b(it|test|describe|suite)\.(skip|only|todo)\b|\b(xit|xdescribe|xtest|fit|fdescribe)\s*\(|\bt\.Skip(Now|f)?\(|@(Disabled|Ignore)\b|\{\s*skip:\s*true|#\[ignore\]/;

export function isTestFile(path: string): boolean {
  return TEST_FILE.test(path);
}

/** A reason when the patch weakens the tests rather than fixing the code, or null. */
function weakensTests(files: ReturnType<typeof parseDiff>): string | null {
  for (const file of files) {
    const path = diffPath(file.to) ?? diffPath(file.from) ?? '';
    const changes = file.chunks.flatMap((c) => c.changes);
    const added = changes.filter((c) => c.type === 'add').map((c) => c.content.slice(1));
    const removed = changes.filter((c) => c.type === 'del').map((c) => c.content.slice(1));
    const marker = added.find((l) => SKIP_MARKER.test(l));
    if (marker) return `the patch skips or narrows tests in \`${path}\` (\`${marker.trim().slice(0, 80)}\`)`;
    const fromPath = diffPath(file.from);
    if (!isTestFile(fromPath ?? path)) continue;
    if (diffPath(file.to) === null) return `the patch deletes the test file \`${fromPath}\``;
    const removedAsserts = removed.filter((l) => ASSERTION.test(l)).length;
    const addedAsserts = added.filter((l) => ASSERTION.test(l)).length;
    if (removedAsserts > addedAsserts) return `the patch removes ${removedAsserts - addedAsserts} assertion(s) from \`${path}\``;
    if (removedAsserts > 0)
      return `the patch changes what an assertion in \`${path}\` expects; fix the code under test instead (or set \`allow-test-changes\`)`;
  }
  return null;
}

export interface PatchSummary {
  files: string[];
  added: number;
  removed: number;
}

export type PolicyResult = { ok: true; summary: PatchSummary } | { ok: false; reason: string; summary?: PatchSummary };

// Files whose edit would change what CI runs or leak credentials: a model must never touch them.
const PROTECTED: { pattern: RegExp; why: string }[] = [
  { pattern: /^\.github\//, why: 'workflow and repository settings under .github/' },
  { pattern: /(^|\/)\.env(\.|$)/, why: 'an environment file that may hold secrets' },
  { pattern: /\.(pem|key|p12|pfx)$/, why: 'a key or certificate file' },
  { pattern: /(^|\/)id_(rsa|dsa|ecdsa|ed25519)/, why: 'an SSH key' },
  { pattern: /(^|\/)\.(npmrc|pypirc|netrc)$/, why: 'a credentials file' },
  { pattern: /(^|\/)\.git(\/|$)/, why: 'git metadata' },
];

function unquote(path: string): string {
  return path.replace(/^"(.*)"$/, '$1');
}

/** The path parse-diff read from a header (it has already removed the `a/` `b/` prefix), or null for /dev/null. */
export function diffPath(raw: string | undefined): string | null {
  if (!raw || raw === '/dev/null') return null;
  return unquote(raw.trim());
}

function pathProblem(path: string): string | null {
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return `\`${path}\` is an absolute path`;
  if (path.split(/[\\/]/).includes('..')) return `\`${path}\` leaves the repository through \`..\``;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  if (/[\u0000-\u001f]/.test(path)) return `\`${path}\` holds control characters`;
  for (const p of PROTECTED) if (p.pattern.test(path)) return `\`${path}\` is ${p.why}, which autofix never edits`;
  return null;
}

/** Checks a unified diff against the policy before anything touches the work tree. */
export function checkPolicy(patch: string, policy: PatchPolicy): PolicyResult {
  if (/^GIT binary patch$|^Binary files .* differ$/m.test(patch)) return { ok: false, reason: 'the patch is binary; autofix applies text patches only' };
  let files: ReturnType<typeof parseDiff>;
  try {
    files = parseDiff(patch);
  } catch (error) {
    return { ok: false, reason: `the patch could not be parsed: ${(error as Error).message}` };
  }
  if (files.length === 0) return { ok: false, reason: 'the answer holds no file diff' };
  const paths = new Set<string>();
  let added = 0;
  let removed = 0;
  for (const file of files) {
    // git reads the paths from `diff --git` and `---`/`+++`: check every one of them.
    for (const raw of [file.from, file.to]) {
      const path = diffPath(raw);
      if (path === null) continue;
      const problem = pathProblem(path);
      if (problem) return { ok: false, reason: problem };
      paths.add(path);
    }
    added += file.additions;
    removed += file.deletions;
  }
  for (const m of patch.matchAll(/^(?:diff --git a\/(\S+) b\/(\S+)|rename (?:from|to) (.+)|copy (?:from|to) (.+))$/gm)) {
    for (const raw of m.slice(1)) {
      if (!raw) continue;
      const problem = pathProblem(unquote(raw));
      if (problem) return { ok: false, reason: problem };
    }
  }
  const summary = { files: [...paths], added, removed };
  if (policy.allowedPaths && policy.allowedPaths.length > 0) {
    const allowed = picomatch([...policy.allowedPaths], { dot: true });
    const outside = summary.files.find((p) => !allowed(p));
    if (outside) return { ok: false, reason: `\`${outside}\` is outside \`allowed-paths\` (${policy.allowedPaths.join(', ')})`, summary };
  }
  if (policy.protectedPaths && policy.protectedPaths.length > 0) {
    const guarded = picomatch([...policy.protectedPaths], { dot: true });
    const hit = summary.files.find((p) => guarded(p));
    if (hit) return { ok: false, reason: `\`${hit}\` matches \`protected-paths\` (${policy.protectedPaths.join(', ')})`, summary };
  }
  if (!policy.allowTestChanges) {
    const weak = weakensTests(files);
    if (weak) return { ok: false, reason: weak, summary };
  }
  if (paths.size === 0) return { ok: false, reason: 'the patch names no file', summary };
  if (added + removed > policy.maxChangedLines) {
    return {
      ok: false,
      reason: `the patch changes ${added + removed} lines, over the limit of ${policy.maxChangedLines} (input \`${policy.sizeInput ?? 'max-changed-lines'}\`)`,
      summary,
    };
  }
  if (paths.size > policy.maxFiles) return { ok: false, reason: `the patch touches ${paths.size} files, over the limit of ${policy.maxFiles}`, summary };
  return { ok: true, summary };
}
