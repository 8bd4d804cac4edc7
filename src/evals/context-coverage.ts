import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import parseDiff from 'parse-diff';
import { selectContext } from '../context/select-context.js';
import { extractFailure } from '../errors/extract.js';
import { resolveErrorFiles } from '../errors/resolve-files.js';
import { parseAnswer } from '../llm/parse-answer.js';
import { logsFromText } from '../logs/read-log.js';
import { repairPatch } from '../patch/repair-patch.js';
import { runShell } from '../sandbox/process.js';
import { githubJobLog, runnerPaths } from '../sandbox/world.js';
import { answersDir, type EvalCase, readAnswers } from './cases.js';

export interface CoverageResult {
  id: string;
  /** file:line of every line the correct fix changes (old side), and whether the context shows it. */
  needed: { place: string; covered: boolean }[];
  covered: boolean;
  tokens: number;
  sections: number;
}

/** The lines a fix changes, on the old side; an insertion counts the line above it. */
export function linesTouched(patch: string): { file: string; line: number }[] {
  const out: { file: string; line: number }[] = [];
  for (const f of parseDiff(patch)) {
    const file = f.from && f.from !== '/dev/null' ? f.from : (f.to ?? '');
    for (const chunk of f.chunks) {
      let old = chunk.oldStart - 1;
      for (const c of chunk.changes) {
        if (c.type === 'normal') old = c.ln1;
        else if (c.type === 'del') {
          old = c.ln;
          out.push({ file, line: c.ln });
        } else out.push({ file, line: Math.max(1, old) });
      }
    }
  }
  return out.filter((p, i, all) => all.findIndex((q) => q.file === p.file && q.line === p.line) === i);
}

/**
 * Whether `context` shows the lines the case's correct fix changes: the failing command really
 * run, its log extracted, the context selected within `maxTokens`, and the fix (the case's last
 * scripted answer, placed by the patch engine) read for the lines it touches in the files the
 * expectation names.
 */
export async function contextCoverage(root: string, c: EvalCase, env: NodeJS.ProcessEnv, maxTokens = 6000): Promise<CoverageResult> {
  const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-coverage-'));
  try {
    const project = join(dir, 'widgets');
    cpSync(join(root, 'evals', 'cases', c.id, 'project'), project, { recursive: true });
    const readFile = async (p: string) => {
      const abs = join(project, p);
      return existsSync(abs) && !p.split('/').includes('..') ? readFileSync(abs, 'utf8') : null;
    };
    const answer = readAnswers(answersDir(root, c.id, null)).at(-1) ?? '';
    const repaired = await repairPatch(parseAnswer(answer).patch ?? '', readFile);
    if (!repaired.ok) throw new Error(`${c.id}: its answer does not place: ${repaired.reason}`);
    const expected = new Set([c.expected_fix?.modifies_file, c.expected_fix?.or_modifies, ...(c.may_modify ?? [])].filter(Boolean));
    const touched = linesTouched(repaired.patch).filter((p) => expected.size === 0 || expected.has(p.file));

    const run = await runShell(c.command, project, { ...env, ...(c.log_env ?? {}), CI: 'true', NO_COLOR: '1' }, (c.timeout_seconds ?? 120) * 1000);
    const output = runnerPaths(run.output, project, 'widgets');
    const log = githubJobLog([{ name: `Run ${c.command}`, command: c.command, output, exitCode: run.exitCode }]);
    const failure = await resolveErrorFiles(extractFailure(logsFromText(log)), async (p) => (await readFile(p)) !== null);
    const context = await selectContext(failure, readFile, maxTokens);
    const needed = touched.map((p) => ({
      place: `${p.file}:${p.line}`,
      covered: context.sections.some((s) => s.file === p.file && s.startLine <= p.line && p.line <= s.endLine),
    }));
    return { id: c.id, needed, covered: needed.every((n) => n.covered), tokens: context.tokens, sections: context.sections.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The closing line of a coverage table: the share covered within the budget, the median and largest token counts. */
export function coverageSummary(results: readonly { covered: boolean; tokens: number }[], maxTokens: number): string {
  const tokens = results.map((r) => r.tokens).sort((a, b) => a - b);
  const median = tokens.length ? ((tokens[(tokens.length - 1) >> 1] as number) + (tokens[tokens.length >> 1] as number)) / 2 : 0;
  const covered = results.filter((r) => r.covered).length;
  return `covered ${covered}/${results.length} (${((covered / Math.max(1, results.length)) * 100).toFixed(1)}%) within ${maxTokens} tokens; median ${median} tokens, max ${tokens.at(-1) ?? 0}`;
}

/** `ci-autofix score-context`: coverage of the correct fixes' lines and tokens, per eval case. */
export function renderCoverage(results: readonly CoverageResult[], maxTokens: number): string {
  return [
    ...results.map(
      (r) =>
        `${r.covered ? 'ok  ' : 'MISS'} ${r.id.padEnd(40)} ${String(r.tokens).padStart(5)} tokens  ${r.needed
          .filter((n) => !n.covered)
          .map((n) => `missing ${n.place}`)
          .join(', ')}`,
    ),
    '',
    coverageSummary(results, maxTokens),
  ].join('\n');
}
