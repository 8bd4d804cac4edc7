import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GitWorkspace } from '../../src/adapters/git/workspace.js';
import { checkSyntax } from '../../src/patch/check-syntax.js';
import { cleanTemps, gitRepo, ROOT } from '../helpers.js';

afterAll(cleanTemps);

const FILES: Record<string, string> = {
  'ok.py': 'def f(x):\n    return x + 1\n',
  'bad.py': 'def f(x)\n    return x + 1\n',
  'ok.mjs': 'export const a = 1;\n',
  'bad.js': 'const a = ;\n',
  'ok.json': '{"a": [1, 2]}\n',
  'bad.json': '{"a": [1, 2}\n',
  'bad.yml': 'a: [1, 2\nb: c\n',
  'ok.toml': 'name = "x"\n[deps]\na = "1"\n',
  'bad.toml': 'name = \n',
  'ok.ts': 'export const a: number = 1;\n',
  'bad.tsx': 'export const A = () => <div>{</div>;\n',
  // A real model answer's shape: a second element added beside the root instead of inside it.
  'two-roots.jsx': 'export function Card({ title }) {\n  return (\n    <h2>{title}</h2>\n    <p>details</p>\n  );\n}\n',
  'one-root.jsx': 'export function Card({ title }) {\n  return (\n    <>\n      <h2>{title}</h2>\n      <p>details</p>\n    </>\n  );\n}\n',
  'two-roots.tsx': 'export const Card = ({ t }: { t: string }) => (\n  <h2>{t}</h2>\n  <p>{t}</p>\n);\n',
  'ok.mts': 'export const f = <T,>(x: T): T => x;\n',
  'bad.cts': 'export const f = (x: number => x;\n',
  'notes.txt': 'anything\n',
};

async function checked(withTypeScript: boolean) {
  const { dir } = gitRepo(FILES);
  if (withTypeScript) {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(join(ROOT, 'node_modules', 'typescript'), join(dir, 'node_modules', 'typescript'));
  }
  const ws = new GitWorkspace(dir);
  return checkSyntax(
    Object.entries(FILES).map(([path, text]) => ({ path, text })),
    (f, l) => ws.checkSyntax(f, l),
  );
}
async function results(withTypeScript: boolean) {
  return Object.fromEntries((await checked(withTypeScript)).map((r) => [r.file, r.status]));
}

describe('checkSyntax with the checkout’s tools', () => {
  it('tells files that parse from files that do not, per language', async () => {
    expect(await results(true)).toEqual({
      'ok.py': 'ok',
      'bad.py': 'error',
      'ok.mjs': 'ok',
      'bad.js': 'error',
      'ok.json': 'ok',
      'bad.json': 'error',
      'bad.yml': 'error',
      'ok.toml': 'ok',
      'bad.toml': 'error',
      'ok.ts': 'ok',
      'bad.tsx': 'error',
      'two-roots.jsx': 'error',
      'one-root.jsx': 'ok',
      'two-roots.tsx': 'error',
      'ok.mts': 'ok',
      'bad.cts': 'error',
      'notes.txt': 'not_checked',
    });
  });
  it('parses TypeScript and JSX with the bundled parser, whether or not the project installs TypeScript', async () => {
    const without = await checked(false);
    expect(Object.fromEntries(without.map((r) => [r.file, r.status]))).toEqual(await results(true));
    expect(without.find((r) => r.file === 'two-roots.jsx')?.detail).toBe('line 3: JSX expressions must have one parent element.');
  });
});
