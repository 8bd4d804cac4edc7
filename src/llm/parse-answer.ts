/**
 * OpenAI's `apply_patch` envelope (*** Begin Patch / *** Update File: / *** Add File:) as a
 * unified diff. Its hunks carry no line numbers: the patch engine places them by their context.
 */
export function applyPatchToDiff(text: string): string | null {
  const body = /\*\*\* Begin Patch\n([\s\S]*?)(?:\*\*\* End Patch|$)/.exec(text.replace(/\r\n?/g, '\n'))?.[1];
  if (!body) return null;
  const out: string[] = [];
  let mode: 'update' | 'add' | null = null;
  let added: string[] = [];
  let path = '';
  const flushAdd = () => {
    if (mode === 'add') out.push('--- /dev/null', `+++ b/${path}`, `@@ -0,0 +1,${added.length} @@`, ...added);
    added = [];
  };
  for (const line of body.split('\n')) {
    const update = /^\*\*\* Update File: (.+)$/.exec(line);
    const add = /^\*\*\* Add File: (.+)$/.exec(line);
    if (update?.[1] || add?.[1] || /^\*\*\* (Delete File|Move to|End of File)/.test(line)) {
      flushAdd();
      if (/^\*\*\* (Delete File|Move to)/.test(line)) return null; // needs the file's content: not expressible here
      if (/^\*\*\* End of File/.test(line)) continue;
      path = (update?.[1] ?? add?.[1] ?? '').trim();
      mode = update ? 'update' : 'add';
      if (update) out.push(`--- a/${path}`, `+++ b/${path}`, '@@ @@');
      continue;
    }
    if (mode === 'add') {
      if (line.startsWith('+')) added.push(line);
      continue;
    }
    if (mode === 'update') {
      if (line.startsWith('@@')) out.push('@@ @@');
      else if (/^[ +-]/.test(line)) out.push(line);
      else if (line === '') out.push(' ');
    }
  }
  flushAdd();
  return out.length > 0 ? `${out.join('\n')}\n` : null;
}

/** SEARCH/REPLACE blocks (a path line, <<<<<<< SEARCH, =======, >>>>>>> REPLACE) as a unified diff. */
export function searchReplaceToDiff(text: string): string | null {
  const out: string[] = [];
  const re = /(?:^|\n)([^\n`]*?\.[\w]+)\s*\n(?:```[\w-]*\n)?<{5,9} SEARCH\n([\s\S]*?)\n?={5,9}\n([\s\S]*?)\n?>{5,9} REPLACE/g;
  for (const m of text.replace(/\r\n?/g, '\n').matchAll(re)) {
    const path = (m[1] ?? '').trim().replace(/^[#*`\s]+|[*`\s:]+$/g, '');
    const search = m[2] === '' ? [] : (m[2] ?? '').split('\n');
    const replace = m[3] === '' ? [] : (m[3] ?? '').split('\n');
    if (!path) continue;
    if (search.length === 0) out.push('--- /dev/null', `+++ b/${path}`, `@@ -0,0 +1,${replace.length} @@`, ...replace.map((l) => `+${l}`));
    else out.push(`--- a/${path}`, `+++ b/${path}`, '@@ @@', ...search.map((l) => `-${l}`), ...replace.map((l) => `+${l}`));
  }
  return out.length > 0 ? `${out.join('\n')}\n` : null;
}

/** Splits a model's answer into its explanation and the unified diff it carries, if any. */
export function parseAnswer(text: string): { explanation: string; patch: string | null } {
  const envelope = applyPatchToDiff(text);
  if (envelope) return { explanation: text.slice(0, text.indexOf('*** Begin Patch')).trim(), patch: envelope };
  if (/<{5,9} SEARCH\n/.test(text)) {
    const blocks = searchReplaceToDiff(text);
    if (blocks) return { explanation: text.slice(0, text.search(/[^\n]*\n(?:```[\w-]*\n)?<{5,9} SEARCH/)).trim(), patch: blocks };
  }
  const fences = [...text.matchAll(/(^|\n)(`{3,}|~{3,})[ \t]*([\w+-]*)[^\n]*\n([\s\S]*?)\n\2[ \t]*(?=\n|$)/g)];
  const diffs = fences.filter((m) => looksLikeDiff(m[4] ?? ''));
  let patch: string | null = null;
  let explanation = text;
  if (diffs.length > 0) {
    patch = diffs.map((m) => (m[4] ?? '').replace(/\s+$/, '')).join('\n');
    for (const m of diffs) explanation = explanation.replace(m[0], '\n');
  } else {
    const start = text.search(/^(diff --git |--- (a\/)?\S)/m);
    if (start >= 0 && looksLikeDiff(text.slice(start))) {
      patch = text.slice(start).replace(/\s+$/, '');
      explanation = text.slice(0, start);
    }
  }
  return { explanation: explanation.replace(/\n{3,}/g, '\n\n').trim(), patch: patch ? `${patch}\n` : null };
}

function looksLikeDiff(text: string): boolean {
  return (/^--- \S/m.test(text) && /^\+\+\+ \S/m.test(text) && /^@@/m.test(text)) || /^diff --git \S/m.test(text);
}
