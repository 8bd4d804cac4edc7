import { isTestFile } from '../patch/check-policy.js';
import type { ErrorLocation } from '../types.js';

const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
// `-t` takes a regular expression (jest and vitest): a test name is matched literally.
const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A command that re-runs only the failed tests, where the tool allows it; null otherwise (the
 * full failing command is the fallback). Only single-line commands are narrowed.
 */
export function narrowCommand(command: string | null, errors: readonly ErrorLocation[]): string | null {
  if (!command || command.includes('\n') || errors.length === 0) return null;
  const tests = errors.filter((e) => e.test);
  const tool = tests[0]?.tool ?? errors[0]?.tool;
  if (/\bpytest\b/.test(command) && (tool === 'pytest' || tool === 'nbval')) {
    const ids = [...new Set(tests.map((e) => e.test as string).filter((t) => t.includes('::') || t.endsWith('.py')))];
    if (ids.length === 0) return null;
    // Path arguments of the original command would widen the run again: drop them.
    const kept = command.split(/\s+/).filter((tok, i) => i === 0 || !/(^|\/)[\w.-]+\/?$/.test(tok) || tok.startsWith('-') || !/[/.]/.test(tok));
    return `${kept.join(' ')} ${ids.map(quote).join(' ')}`;
  }
  if (tool === 'vitest' && tests[0]?.test) {
    const [file, ...names] = (tests[0].test as string).split(' > ');
    // A command that runs vitest itself keeps its own flags (`--globals`, `--config`, ...).
    if (/^(npx\s+)?vitest(\s+run)?(\s+-\S+)*$/.test(command.trim())) {
      const base = /\bvitest\s+run\b/.test(command) ? command.trim() : command.trim().replace(/\bvitest\b/, 'vitest run');
      return `${base} ${quote(file ?? '')}${names.length ? ` -t ${quote(literal(names.at(-1) ?? ''))}` : ''}`;
    }
    return `npx vitest run ${quote(file ?? '')}${names.length ? ` -t ${quote(literal(names.at(-1) ?? ''))}` : ''}`;
  }
  if (tool === 'jest' && tests[0]?.file) {
    // A command that runs jest itself keeps its own flags; otherwise the project's jest.
    const base = /^(npx\s+)?jest(\s+-\S+)*$/.test(command.trim()) ? command.trim() : 'npx jest';
    // jest shows `describe › it`; -t matches the full name joined by spaces, so the last part is enough.
    return `${base} ${quote(tests[0].file)} -t ${quote(literal((tests[0].test ?? '').split(' › ').at(-1) ?? ''))}`;
  }
  if (tool === 'node-test') {
    const files = [...new Set(errors.map((e) => e.file).filter((f): f is string => !!f))];
    // An error located in the code under test (a stack frame) names no test file to run.
    if (files.some((f) => !isTestFile(f))) return null;
    return files.length ? `node --test ${files.map(quote).join(' ')}` : null;
  }
  if (tool === 'go' && /\bgo test\b/.test(command) && tests.length > 0) {
    const dirs = [...new Set(tests.map((e) => (e.file?.includes('/') ? `./${e.file.slice(0, e.file.lastIndexOf('/'))}` : './...')))];
    const names = [...new Set(tests.map((e) => (e.test as string).split('/')[0]))];
    return `go test ${dirs.join(' ')} -run ${quote(`^(${names.join('|')})$`)}`;
  }
  if (tool === 'cargo' && /\bcargo test\b/.test(command) && tests[0]?.test) return `cargo test ${quote(tests[0].test as string)}`;
  return null;
}
