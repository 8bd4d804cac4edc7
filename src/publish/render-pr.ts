import { toolName } from '../fixers/names.js';
import { fence } from '../llm/render-prompt.js';
import type { Attempt, CommandResult, Failure, MechanicalFix, RunRef } from '../types.js';

export const SIGNATURE_MARKER = 'ci-autofix-signature';

export function signatureMarker(signature: string): string {
  return `<!-- ${SIGNATURE_MARKER}: ${signature} -->`;
}

export function categoryMarker(category: string): string {
  return `<!-- ci-autofix-category: ${category} -->`;
}

export function readCategory(body: string | null | undefined): string | null {
  return /<!-- ci-autofix-category: (\w+) -->/.exec(body ?? '')?.[1] ?? null;
}

export function readSignature(body: string | null | undefined): string | null {
  return new RegExp(`<!-- ${SIGNATURE_MARKER}: ([0-9a-f]+) -->`).exec(body ?? '')?.[1] ?? null;
}

export function branchFor(run: RunRef): string {
  return `ci/autofix-${run.runId}`;
}

/**
 * The first non-blank line of text from the failed run, control characters and runs of spaces
 * made one space, cut at a word near `max` characters with an ellipsis. Test names and messages
 * may span lines (jest prints a name's line breaks as they are); a title or a commit subject may not.
 */
export function oneLine(text: string, max: number): string {
  const line = (text.split(/\r\n|[\r\n\u2028\u2029]/).find((l) => l.trim()) ?? '')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f\s]+/g, ' ')
    .trim();
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  // The cut ends a word when the next character is a space; else back to the last space.
  const space = line[max - 1] === ' ' ? cut.length : cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function firstError(failure: Failure, max: number): string {
  const e = failure.errors[0];
  if (!e) return 'the failing tests';
  return oneLine(e.test ?? (e.file ? `${e.file}${e.line ? `:${e.line}` : ''}` : e.message), max) || 'the failing tests';
}

export function prTitle(failure: Failure): string {
  return `ci-autofix: fix ${firstError(failure, 100)}`;
}

export function commitMessage(run: RunRef, failure: Failure, files: readonly string[], explanation: string): string {
  const summary =
    explanation
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? '';
  return [
    `Fix failing ${failure.category}: ${firstError(failure, 70 - 'Fix failing : '.length - failure.category.length)}`,
    '',
    `Run ${run.htmlUrl} (${run.workflowName}) failed on ${run.headSha.slice(0, 12)}:`,
    ...failure.errors.slice(0, 5).map((e) => `- ${oneLine(`${e.file ?? '?'}:${e.line ?? '?'} ${e.message}`, 120)}`),
    '',
    `Changed: ${files.join(', ')}`,
    summary ? `\n${summary.slice(0, 500)}` : '',
    '',
    `Proposed by ci-autofix; verified by re-running \`${failure.testCommand ?? 'the failing command'}\`.`,
  ].join('\n');
}

function patchDetails(title: string, patch: string): string[] {
  return [`<details><summary>${title}</summary>`, '', fence(patch, 'diff'), '', '</details>', ''];
}

/** What changed: the tools' part (which tool, version, no model), then the model's part, each with its diff. */
function fixSection(input: PrBodyInput): string[] {
  const m = input.mechanical;
  const model = input.explanation.slice(0, 4000) || '_The model gave no explanation._';
  if (!m) return [model, '', ...patchDetails('Patch', input.patch)];
  const tools = m.tools.map((t) => `${toolName(t)} (\`${t.command}\`)`).join(', ');
  const mechanical = `**Mechanical part**: ${tools} rewrote ${m.files.map((f) => `\`${f}\``).join(', ')} with ${m.tools.length === 1 ? 'its' : 'their'} own fix mode; no model was asked for it.`;
  if (!input.patch) return [mechanical, '', ...patchDetails('Patch (the tools’ own output)', m.patch)];
  return [
    mechanical,
    '',
    ...patchDetails('Patch of the mechanical part', m.patch),
    `**The model's part**: what the tools could not fix (\`${m.verification?.command ?? 'the failing command'}\` still failed after them).`,
    '',
    model,
    '',
    ...patchDetails('Patch of the model’s part', input.patch),
  ];
}

export interface PrBodyInput {
  run: RunRef;
  failure: Failure;
  explanation: string;
  /** The model's patch ('' when the tools' fix mode alone fixed it). */
  patch: string;
  /** The formatters' own fix, applied before the model's patch. */
  mechanical?: MechanicalFix;
  attempts: readonly Attempt[];
  verification: CommandResult;
  flakyCheck?: CommandResult;
  tokens: number;
  costUsd: number;
  model: string;
}

/** The draft PR's body: what failed, what changed, how it was proven, what it cost. */
export function prBody(input: PrBodyInput): string {
  const { run, failure } = input;
  return [
    `> [!NOTE]`,
    `> Draft opened by **ci-autofix** for the failed run [${run.workflowName} #${run.runId}](${run.htmlUrl}). Review it like any other change: it was verified, not reviewed.`,
    '',
    '## What failed',
    '',
    ...failure.errors
      .slice(0, 10)
      .map(
        (e) =>
          `- \`${e.file ?? 'unknown'}${e.line ? `:${e.line}` : ''}\`: ${e.message.split('\n')[0]?.slice(0, 200)}${e.logUrl ? ` ([log](${e.logUrl}))` : ''}`,
      ),
    '',
    '## The fix',
    '',
    ...fixSection(input),
    '## Validation',
    '',
    '| check | command | result |',
    '|---|---|---|',
    ...(input.flakyCheck ? [`| flaky check (unchanged code) | \`${input.flakyCheck.command}\` | still fails (exit ${input.flakyCheck.exitCode}) |`] : []),
    ...(input.mechanical?.tools ?? []).map((t) => `| fix mode of ${toolName(t)} | \`${t.command}\` | exit ${t.exitCode} |`),
    ...[...(input.mechanical?.syntax ?? []), ...(input.patch ? (input.attempts.at(-1)?.syntax ?? []) : [])].map(
      (r) => `| syntax of \`${r.file}\` | ${r.detail} | ${r.status === 'ok' ? 'parses' : r.status === 'not_checked' ? 'not checked' : 'error'} |`,
    ),
    `| after the patch | \`${input.verification.command}\` | passes (exit 0, ${(input.verification.durationMs / 1000).toFixed(1)} s) |`,
    '',
    input.model
      ? `Attempts: ${input.attempts.length} · tokens: ${input.tokens} · cost: $${input.costUsd.toFixed(4)} · model: \`${input.model}\``
      : 'No model was asked: tokens 0 · cost $0.0000.',
    '',
    '## How to review',
    '',
    '1. Read the patch: does it fix the cause rather than the symptom?',
    '2. Let CI run on this branch (push an empty commit if checks did not start).',
    '3. Merge it into the failing branch, or close it if the fix is wrong: closing is how ci-autofix learns its false-positive rate.',
    '',
    signatureMarker(failure.signature),
    categoryMarker(failure.category),
  ].join('\n');
}
