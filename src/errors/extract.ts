import { createHash } from 'node:crypto';
import type { PassLog } from '../logs/pass-log.js';
import type { Category, ErrorLocation, Failure, LogStep, Logs } from '../types.js';
import { extractAnnotations, extractPip } from './annotations.js';
import { extractCargo } from './cargo.js';
import { classifyFailure } from './classify.js';
import { extractDotnet } from './dotnet.js';
import { extractEslint } from './eslint.js';
import { extractFormatters } from './formatters.js';
import { extractGoTest } from './go.js';
import { extractJsTests } from './js-tests.js';
import { extractJsUncaught } from './js-uncaught.js';
import { extractGradleFailure, extractJvm } from './jvm.js';
import { extractLineColon } from './line-colon.js';
import { type Extractor, loc } from './location.js';
import { narrowCommand } from './narrow-command.js';
import { extractNotebooks } from './notebook.js';
import { extractOdoo, isOdooLog, odooCategory, plainOdooLines } from './odoo.js';
import { extractPhpunit } from './phpunit.js';
import { extractPytest } from './pytest.js';
import { extractPythonTracebacks } from './python-traceback.js';
import { rankLines } from './rank-lines.js';
import { extractRspec } from './rspec.js';
import { extractTestProgs } from './test-progs.js';
import { extractTsc } from './tsc.js';

export const MAX_ERRORS = 20;

// Test runners first: their blocks carry the test id and the real message. The line-colon
// family and annotations are fallbacks for what no specific extractor understood.
const SPECIFIC: Extractor[] = [
  extractNotebooks,
  extractOdoo,
  extractPytest,
  extractJsTests,
  extractTsc,
  extractEslint,
  extractGoTest,
  extractCargo,
  extractJvm,
  extractRspec,
  extractPhpunit,
  extractDotnet,
  extractFormatters,
  extractTestProgs,
];
const ROOT_CAUSE = /ModuleNotFoundError|ImportError|Cannot find module|SyntaxError|IndentationError|ERROR collecting|error TS2307|undefined: /;

function extractFromStep(step: LogStep, pass?: PassLog): ErrorLocation[] {
  // An Odoo server log is read as the plain lines its records carry (one for one: line numbers hold).
  const lines = isOdooLog(step.lines) ? plainOdooLines(step.lines) : step.lines;
  const found: ErrorLocation[] = [];
  for (const ex of SPECIFIC) found.push(...ex(lines));
  if (!found.some((e) => e.tool === 'pytest')) found.push(...extractPythonTracebacks(lines));
  if (found.length === 0) found.push(...extractJsUncaught(lines));
  // pre-commit's rewriting hooks say which files they changed; its other hooks (flake8, pylint)
  // print file:line: messages.
  if (found.every((e) => e.tool === 'pre-commit')) found.push(...extractLineColon(lines));
  if (found.length === 0) found.push(...extractGradleFailure(lines));
  if (found.length === 0) found.push(...extractAnnotations(lines));
  if (found.length === 0) found.push(...extractPip(lines));
  if (found.length === 0) found.push(...rankLines(lines === step.lines ? step : { ...step, lines }, pass));
  return found;
}

/**
 * The line of the job's log an error was read from: the first line of its step holding the
 * first line of its message, else its `file:line`, else its test's name. Extractors read the
 * step's kept lines, so the message is there as it was printed, give or take what they joined.
 */
function logLineOf(e: ErrorLocation, step: LogStep): number | undefined {
  const numbers = step.lineNumbers;
  if (!numbers) return undefined;
  const keys: string[] = [];
  const message = (e.message.split('\n')[0] ?? '').trim().slice(0, 80);
  const base = e.file?.split('/').pop();
  // The line that holds both the message and the file is the error's own, not another with the same message.
  if (message.length >= 6 && base) {
    const i = step.lines.findIndex((l) => l.includes(message) && l.includes(base) && (!e.line || l.includes(String(e.line))));
    if (i >= 0 && (numbers[i] ?? 0) > 0) return numbers[i];
  }
  if (message.length >= 6) keys.push(message);
  if (base && e.line) keys.push(`${base}:${e.line}`, `${base}:[${e.line},`, `${base}", line ${e.line}`, `${base}(${e.line}`);
  if (e.test) keys.push(e.test.slice(0, 80));
  for (const key of keys) {
    const i = step.lines.findIndex((l) => l.includes(key));
    if (i >= 0 && (numbers[i] ?? 0) > 0) return numbers[i];
  }
  return undefined;
}

function normalizeForSignature(message: string): string {
  return message
    .toLowerCase()
    .replace(/0x[0-9a-f]+/g, 'X')
    .replace(/\d+(\.\d+)?(ms|s)\b/g, 'T')
    .replace(/\s+/g, ' ')
    .slice(0, 200);
}

/** A stable id for "the same failure": category and root errors, without times or addresses. */
export function failureSignature(category: string, errors: readonly ErrorLocation[]): string {
  const parts = errors.slice(0, 5).map((e) => `${e.file ?? ''}|${e.test ?? ''}|${normalizeForSignature(e.message)}`);
  return createHash('sha256')
    .update(`${category}\n${parts.sort().join('\n')}`)
    .digest('hex')
    .slice(0, 16);
}

/** The line that says a job timed out or hit an infrastructure fault, as its root error. */
function evidenceError(steps: readonly LogStep[], evidence: string): ErrorLocation | null {
  const step = [...steps].reverse().find((st) => st.lines.some((l) => l.includes(evidence)));
  const i = step ? step.lines.findLastIndex((l) => l.includes(evidence)) : -1;
  if (!step || i < 0) return null;
  const e = loc('runner', (step.lines[i] ?? '').trim(), null);
  const n = step.lineNumbers?.[i];
  if (n) e.logLine = n;
  e.step = step.name;
  return e;
}

/** Odoo's own word on the category (a view it cannot load, a module it cannot install, pylint-odoo), where it overrides. */
function odooOverride(category: Category, errors: readonly ErrorLocation[], steps: readonly LogStep[]): { category: Category; reason: string } | null {
  const odoo = odooCategory(errors, steps.map((st) => st.lines.slice(-2000).join('\n')).join('\n'));
  if (!odoo || odoo === category || category === 'timeout' || category === 'infra') return null;
  // Failed tests stay test failures though an install error is logged beside them.
  if (odoo === 'build' && category === 'test' && errors.some((e) => e.test)) return null;
  const what =
    odoo === 'lint'
      ? 'pylint-odoo or OCA hook messages'
      : odoo === 'dependency'
        ? 'a module it cannot install for a missing dependency'
        : 'a view, record or manifest it cannot load';
  return { category: odoo, reason: `Odoo reports ${what}` };
}

/**
 * Logs → Failure: the failed steps' root errors in priority order, category, command, signature.
 * With `logs.pass` (the same job's passing log), what it printed too ranks last. Never throws.
 */
export function extractFailure(logs: Logs): Failure {
  const failed = logs.steps.filter((s) => s.failed);
  const steps = failed.length > 0 ? failed : logs.steps.slice(-1);
  const seen = new Set<string>();
  let errors: ErrorLocation[] = [];
  for (const step of steps) {
    for (const e of extractFromStep(step, logs.pass)) {
      const key = `${e.file}:${e.line}:${e.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (e.logLine === undefined) {
        const logLine = logLineOf(e, step);
        if (logLine !== undefined) e.logLine = logLine;
      }
      e.step = step.name;
      errors.push(e);
    }
  }
  // Import and collection errors cause the assertion failures after them: they go first.
  errors = [...errors.filter((e) => ROOT_CAUSE.test(e.message)), ...errors.filter((e) => !ROOT_CAUSE.test(e.message))];
  // What the passing run printed too is not why this one failed: last, however it was read.
  const pass = logs.pass;
  if (pass) {
    const printedBefore = (e: ErrorLocation) => {
      const step = steps.find((s) => s.name === e.step);
      const i = e.logLine && step?.lineNumbers ? step.lineNumbers.indexOf(e.logLine) : -1;
      return i >= 0 && pass.has(step?.lines[i] ?? '');
    };
    errors = [...errors.filter((e) => !printedBefore(e)), ...errors.filter(printedBefore)];
  }
  errors = errors.slice(0, MAX_ERRORS);
  const classified = classifyFailure(steps, errors);
  // A timeout or an infrastructure fault is its own root error: the line that says so comes first.
  const evidence = classified.evidence;
  const runner = evidence && !errors.some((e) => e.message.includes(evidence)) ? evidenceError(steps, evidence) : null;
  if (runner) errors = [runner, ...errors].slice(0, MAX_ERRORS);
  const odoo = odooOverride(classified.category, errors, steps);
  const category = odoo?.category ?? classified.category;
  const categoryReason = odoo?.reason ?? classified.reason;
  const step = steps.find((s) => s.command) ?? steps[0];
  // Logs of other CI systems: Travis prints `The command "X" exited with N.`
  const travis = steps
    .flatMap((s) => s.lines)
    .map((l) => /^The command "(.+)" exited with [1-9]\d*\.$/.exec(l)?.[1])
    .find(Boolean);
  const testCommand = step?.command ?? travis ?? null;
  return {
    category,
    categoryReason,
    errors,
    testCommand,
    narrowCommand: narrowCommand(testCommand, errors),
    ...(step ? { step: step.name } : {}),
    signature: failureSignature(category, errors),
  };
}
