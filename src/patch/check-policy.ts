import parseDiff from 'parse-diff';

export interface PatchPolicy {
  maxChangedLines: number;
  maxFiles: number;
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

/** The path a diff header names, without its `a/` `b/` prefix. */
export function diffPath(raw: string | undefined): string | null {
  if (!raw || raw === '/dev/null') return null;
  return unquote(raw.trim()).replace(/^[ab]\//, '');
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
  if (paths.size === 0) return { ok: false, reason: 'the patch names no file', summary };
  if (added + removed > policy.maxChangedLines) {
    return {
      ok: false,
      reason: `the patch changes ${added + removed} lines, over the limit of ${policy.maxChangedLines} (input \`max-changed-lines\`)`,
      summary,
    };
  }
  if (paths.size > policy.maxFiles) return { ok: false, reason: `the patch touches ${paths.size} files, over the limit of ${policy.maxFiles}`, summary };
  return { ok: true, summary };
}
