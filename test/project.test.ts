import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './helpers.js';

interface ActionYml {
  runs: { using: string; main: string };
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
}
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml;
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe('action.yml', () => {
  it('runs the bundled entry on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });
  it('documents every input and output', () => {
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description.length, name).toBeGreaterThan(10);
      expect(input.default, name).toBeDefined();
    }
    for (const [name, output] of Object.entries(action.outputs)) expect(output.description.length, name).toBeGreaterThan(5);
  });
  it('every input the code reads is declared, and every declared input is read', () => {
    const source = readFileSync(join(ROOT, 'src', 'config.ts'), 'utf8');
    const read = new Set([...source.matchAll(/Input\(read, '([a-z-]+)'/g)].map((m) => m[1]));
    expect([...read].sort()).toEqual(Object.keys(action.inputs).sort());
  });
});

describe('README', () => {
  function table(heading: string): Map<string, string[]> {
    const section = readme.split(`### ${heading}`)[1]?.split('\n### ')[0] ?? '';
    const rows = new Map<string, string[]>();
    for (const line of section.split('\n')) {
      const m = /^\| `([a-z-]+)` \|(.*)\|$/.exec(line);
      if (m?.[1])
        rows.set(
          m[1],
          (m[2] ?? '').split(' | ').map((c) => c.trim()),
        );
    }
    return rows;
  }
  it('lists exactly the inputs of action.yml, with their defaults', () => {
    const rows = table('Inputs');
    expect([...rows.keys()]).toEqual(Object.keys(action.inputs));
    for (const [name, input] of Object.entries(action.inputs)) {
      const cell = rows.get(name)?.[0] ?? '';
      expect(cell, name).toBe(input.default ? `\`${input.default}\`` : '');
    }
  });
  it('lists exactly the outputs of action.yml', () => {
    expect([...table('Outputs').keys()]).toEqual(Object.keys(action.outputs));
  });
  it('gives the quick start and the test command that .ci/run calls', () => {
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('npm ci && npm test');
    expect(readFileSync(join(ROOT, '.ci', 'run'), 'utf8')).toMatch(/^npm test$/m);
  });
});

describe('architecture', () => {
  it('stage folders do no I/O: no @actions/*, openai, child_process, fs or fetch', () => {
    const stages = ['trigger', 'logs', 'errors', 'context', 'llm', 'patch', 'verify', 'publish', 'report'];
    const offenders: string[] = [];
    for (const stage of stages) {
      for (const file of files(join(ROOT, 'src', stage))) {
        const text = readFileSync(file, 'utf8');
        if (/from '(@actions\/[^']+|openai|node:child_process|node:fs(\/promises)?|child_process|fs)'|\bfetch\(/.test(text))
          offenders.push(relative(ROOT, file));
      }
    }
    expect(offenders).toEqual([]);
  });
  it('the prompt template ships next to the bundle', () => {
    expect(statSync(join(ROOT, 'prompts', 'ci_autofix.eta')).size).toBeGreaterThan(500);
  });
});
