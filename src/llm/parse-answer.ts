/** Splits a model's answer into its explanation and the unified diff it carries, if any. */
export function parseAnswer(text: string): { explanation: string; patch: string | null } {
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
