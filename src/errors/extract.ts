import { createHash } from 'node:crypto';
import type { PassLog } from '../logs/pass-log.js';
import type { ErrorLocation, Failure, LogStep, Logs } from '../types.js';
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
import type { Extractor } from './location.js';
import { narrowCommand } from './narrow-command.js';
import { extractNotebooks } from './notebook.js';
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
  const found: ErrorLocation[] = [];
  for (const ex of SPECIFIC) found.push(...ex(step.lines));
  if (!found.some((e) => e.tool === 'pytest')) found.push(...extractPythonTracebacks(step.lines));
  if (found.length === 0) found.push(...extractJsUncaught(step.lines));
  if (found.length === 0) found.push(...extractLineColon(step.lines));
  if (found.length === 0) found.push(...extractGradleFailure(step.lines));
  if (found.length === 0) found.push(...extractAnnotations(step.lines));
  if (found.length === 0) found.push(...extractPip(step.lines));
  if (found.length === 0) found.push(...rankLines(step, pass));
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

export interface ExtractOptions {
  /** The passing log of the same job (the last green run), as line hashes: its lines rank low. */
  pass?: PassLog;
}

/** Logs → Failure: the failed steps' root errors in priority order, category, command, signature. Never throws. */
export function extractFailure(logs: Logs, options: ExtractOptions = {}): Failure {
  const failed = logs.steps.filter((s) => s.failed);
  const steps = failed.length > 0 ? failed : logs.steps.slice(-1);
  const seen = new Set<string>();
  let errors: ErrorLocation[] = [];
  for (const step of steps) {
    for (const e of extractFromStep(step, options.pass)) {
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
  if (options.pass) {
    const pass = options.pass;
    const printedBefore = (e: ErrorLocation) => {
      const step = steps.find((s) => s.name === e.step);
      const i = e.logLine && step?.lineNumbers ? step.lineNumbers.indexOf(e.logLine) : -1;
      return i >= 0 && pass.has(step?.lines[i] ?? '');
    };
    errors = [...errors.filter((e) => !printedBefore(e)), ...errors.filter(printedBefore)];
  }
  errors = errors.slice(0, MAX_ERRORS);
  const { category, reason: categoryReason } = classifyFailure(steps, errors);
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
