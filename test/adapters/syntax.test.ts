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
  'notes.txt': 'anything\n',
};

async function results(withTypeScript: boolean) {
  const { dir } = gitRepo(FILES);
  if (withTypeScript) {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(join(ROOT, 'node_modules', 'typescript'), join(dir, 'node_modules', 'typescript'));
  }
  const ws = new GitWorkspace(dir);
  const out = await checkSyntax(
    Object.entries(FILES).map(([path, text]) => ({ path, text })),
    (f, l) => ws.checkSyntax(f, l),
  );
  return Object.fromEntries(out.map((r) => [r.file, r.status]));
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
      'notes.txt': 'not_checked',
    });
  });
  it('reports TypeScript as not checked, never as passed, when the project has no TypeScript', async () => {
    const r = await results(false);
    expect(r['ok.ts']).toBe('not_checked');
    expect(r['bad.tsx']).toBe('not_checked');
  });
});
