import type { MechanicalFix } from '../types.js';

/** A tool as the PR names it: "black 23.1.0", "pre-commit 3.0.4 (hooks isort, black 24.2.0)". */
export function toolName(t: { tool: string; version: string | null; hooks?: string[] }): string {
  return `${t.tool}${t.version ? ` ${t.version}` : ''}${t.hooks?.length ? ` (hooks ${t.hooks.join(', ')})` : ''}`;
}

/** The tools that ran their fix mode, as the PR names them. */
export function toolNames(m: MechanicalFix): string {
  return m.tools.map(toolName).join(', ');
}
