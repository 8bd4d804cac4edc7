import { toolName } from '../fixers/names.js';
import { isPriced } from '../llm/pricing.js';
import { fence } from '../llm/render-prompt.js';
import type { Outcome } from '../types.js';

export const MAX_SUMMARY_BYTES = 1_000_000;

const ICON: Record<Outcome['status'], string> = {
  fixed: '✅',
  duplicate: '🔁',
  flaky: '🎲',
  no_errors_found: '🔍',
  not_a_test_failure: '⏭️',
  untrusted: '🛑',
  patch_rejected: '🚫',
  verification_failed: '❌',
  over_budget: '💸',
  error: '💥',
};

/** The job summary: status, errors, patch, validation, cost. Pure; capped under 1 MiB. */
export function renderSummary(outcome: Outcome, version = ''): string {
  const m = outcome.metrics;
  const out: string[] = [`## ${ICON[outcome.status]} ci-autofix: \`${outcome.status}\``, '', outcome.reason, ''];
  if (outcome.pullRequest) out.push(`**Draft PR**: ${outcome.pullRequest.url} (branch \`${outcome.pullRequest.branch}\`)`, '');
  if (outcome.run)
    out.push(
      `**Run**: [${outcome.run.workflowName} #${outcome.run.runId}](${outcome.run.htmlUrl}) on \`${outcome.run.headBranch}\` @ \`${outcome.run.headSha.slice(0, 12)}\``,
      '',
    );
  if (outcome.failure) {
    const f = outcome.failure;
    out.push(
      `**Category**: \`${f.category}\`${f.categoryReason ? ` (${f.categoryReason})` : ''} · **command**: \`${f.testCommand ?? 'unknown'}\`${f.narrowCommand ? ` · **failed tests only**: \`${f.narrowCommand}\`` : ''} · **signature**: \`${f.signature}\``,
      '',
    );
    if (f.errors.length > 0) {
      out.push('| file | line | tool | message |', '|---|---|---|---|');
      for (const e of f.errors.slice(0, 20)) {
        out.push(`| ${e.file ? `\`${e.file}\`` : '–'} | ${e.line ?? '–'} | ${e.tool} | ${e.message.split('\n')[0]?.slice(0, 160).replace(/\|/g, '\\|')} |`);
      }
      out.push('');
    }
  }
  if (outcome.flakyCheck) {
    out.push(`**Flaky check**: \`${outcome.flakyCheck.command}\` on the unchanged code exited ${outcome.flakyCheck.exitCode}.`, '');
  }
  const mech = outcome.mechanical;
  if (mech) {
    const tools = mech.tools.map((t) => `\`${t.command}\` (${toolName(t)}, exit ${t.exitCode})`).join(', ');
    const what = mech.rejected
      ? `its change was refused: ${mech.rejected}`
      : !mech.patch
        ? 'it changed nothing'
        : `it changed ${mech.files.length} file(s); \`${mech.verification?.command}\` then exited ${mech.verification?.exitCode}${mech.fixed ? ', so no model was asked' : ', so the model was asked for the rest'}`;
    out.push(`**Fix mode, no model**: ${tools}: ${what}.`, '');
  }
  for (const a of outcome.attempts) {
    const result = a.rejected
      ? `rejected: ${a.rejected}`
      : a.verification
        ? `\`${a.verification.command}\` exited ${a.verification.exitCode}${a.verification.timedOut ? ' (timed out)' : ''}`
        : 'no patch';
    const syntax = a.syntax?.length ? `; syntax: ${a.syntax.map((r) => `${r.file} ${r.status === 'not_checked' ? 'not checked' : r.status}`).join(', ')}` : '';
    out.push(
      `- Attempt ${a.number}: ${result}${syntax}${a.proposal ? ` (${a.proposal.usage.totalTokens} tokens${a.durationMs !== undefined ? `, ${(a.durationMs / 1000).toFixed(1)} s` : ''})` : ''}`,
    );
  }
  if (outcome.attempts.length > 0) out.push('');
  if (outcome.explanation) out.push('### Explanation', '', outcome.explanation.slice(0, 4000), '');
  if (outcome.patch) out.push('### Patch', '', fence(outcome.patch.slice(0, 200_000), 'diff'), '');
  for (const note of outcome.notes) out.push(`> ${note}`);
  if (outcome.notes.length > 0) out.push('');
  out.push(
    '| status | category | attempts | time to fix | tokens | cost | model | fixer |',
    '|---|---|---|---|---|---|---|---|',
    `| ${m.status} | ${m.category ?? '–'} | ${m.attempts} | ${m.timeToFixMs === null ? '–' : `${(m.timeToFixMs / 1000).toFixed(1)} s`} | ${m.tokens} | $${m.costUsd.toFixed(4)} | ${m.model || '–'} | ${m.fixer ?? '–'} |`,
  );
  if (m.model && m.tokens > 0 && m.costUsd === 0 && !isPriced(m.model)) out.push('', `> The cost shows $0: \`${m.model}\` is not in the bundled price table.`);
  if (version) out.push('', `<sub>ci-autofix ${version}</sub>`);
  const text = `${out.join('\n')}\n`;
  return Buffer.byteLength(text) > MAX_SUMMARY_BYTES ? `${text.slice(0, MAX_SUMMARY_BYTES / 2)}\n\n_(summary cut at 1 MiB)_\n` : text;
}
