import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GitWorkspace } from '../../src/adapters/git/workspace.js';
import { cleanTemps, gitRepo, tempDir } from '../helpers.js';

afterAll(cleanTemps);

const patch = '--- a/src/a.js\n+++ b/src/a.js\n@@ -1,2 +1,2 @@\n const x = 1;\n-export default x + 1;\n+export default x + 2;\n';

describe('GitWorkspace', () => {
  it('checks, applies and resets a patch on a real repository', async () => {
    const { dir, git } = gitRepo({ 'src/a.js': 'const x = 1;\nexport default x + 1;\n' });
    const ws = new GitWorkspace(dir);
    expect(await ws.isClean()).toBe(true);
    expect(await ws.checkPatch(patch)).toBeNull();
    await ws.applyPatch(patch);
    expect(readFileSync(join(dir, 'src/a.js'), 'utf8')).toBe('const x = 1;\nexport default x + 2;\n');
    expect(await ws.isClean()).toBe(false);
    writeFileSync(join(dir, 'new.txt'), 'stray');
    await ws.reset();
    expect(git('status', '--porcelain')).toBe('');
    expect(existsSync(join(dir, 'new.txt'))).toBe(false);
  });

  it('finds definitions across the repository with git grep, in Python, JavaScript, TypeScript and Go', async () => {
    const { dir } = gitRepo({
      'app/codec.py': 'import os\n\nclass Codec:\n    def to_bytes(self, x):\n        return x\n\nasync def parse(text):\n    return to_bytes(text)\n',
      'src/util.js': 'export function slugify(s) {\n  return s;\n}\nexport const total = (xs) => xs.length;\n',
      'src/cart.ts': 'export class Cart {\n  private add(item: Item): void {\n    this.items.push(item);\n  }\n}\n',
      'calc/sum.go': 'package calc\n\nfunc (s *Store) Sum(xs []int) int {\n\treturn 0\n}\n',
      'README.md': 'def parse(text): not code\n',
      'tests/test_codec.py': 'def test_parse():\n    assert parse("a") == b"a"\n',
      'src/lib.rs': 'pub fn checksum(data: &[u8]) -> u32 {\n    0\n}\n',
      'app/Cart.kt': 'class Cart {\n    suspend fun checkout(id: Int): Boolean = true\n}\n',
      'lib/cart.rb': 'class Cart\n  def self.discount(x)\n    x\n  end\nend\n',
      'src/Billing.java': 'public class Billing {\n    public static BigDecimal invoiceTotal(List<Line> lines) {\n        return null;\n    }\n}\n',
      'web/pay.php': '<?php\nfunction chargeCard($card) {\n  return 1;\n}\n',
    });
    const found = await new GitWorkspace(dir).findDefinitions([
      'to_bytes',
      'parse',
      'Codec',
      'slugify',
      'total',
      'add',
      'Sum',
      'checksum',
      'checkout',
      'discount',
      'invoiceTotal',
      'chargeCard',
      'missing',
      'x; rm -rf /',
    ]);
    expect(found.map((d) => `${d.name} ${d.file}:${d.line}`).sort()).toEqual([
      'Codec app/codec.py:3',
      'Sum calc/sum.go:3',
      'add src/cart.ts:2',
      'chargeCard web/pay.php:2',
      'checkout app/Cart.kt:2',
      'checksum src/lib.rs:1',
      'discount lib/cart.rb:2',
      'invoiceTotal src/Billing.java:2',
      'parse app/codec.py:7',
      'slugify src/util.js:1',
      'to_bytes app/codec.py:4',
      'total src/util.js:4',
    ]);
  });

  it('reports why a patch does not apply', async () => {
    const { dir } = gitRepo({ 'src/a.js': 'something else\n' });
    expect(await new GitWorkspace(dir).checkPatch(patch)).toMatch(/patch does not apply|error/);
  });

  it('sees through symlinks that leave the repository', async () => {
    const { dir } = gitRepo({ 'src/a.js': 'x\n' });
    const outside = tempDir();
    symlinkSync(outside, join(dir, 'escape'));
    const ws = new GitWorkspace(dir);
    expect(await ws.isInside('src/a.js')).toBe(true);
    expect(await ws.isInside('src/new-file.js')).toBe(true);
    expect(await ws.isInside('escape/evil.js')).toBe(false);
    expect(await ws.isInside('../x')).toBe(false);
    expect(await ws.readFile('escape/../../etc/passwd')).toBeNull();
  });

  it('runs commands without credentials in their environment', async () => {
    const { dir } = gitRepo({ 'a.txt': 'a\n' });
    const saved = { ...process.env };
    Object.assign(process.env, {
      GITHUB_TOKEN: 'ghs_secret1',
      INPUT_API_KEY: 'sk-x',
      ACTIONS_RUNTIME_TOKEN: 'rt',
      OPENAI_API_KEY: 'sk-y',
      MY_SETTING: 'kept',
      COPY: 'ghs_secret1',
    });
    try {
      const r = await new GitWorkspace(dir, ['ghs_secret1']).run('env', { timeoutMs: 10_000 });
      expect(r.exitCode).toBe(0);
      expect(r.output).toContain('MY_SETTING=kept');
      expect(r.output).not.toContain('ghs_secret1');
      expect(r.output).not.toMatch(/^(GITHUB_TOKEN|INPUT_API_KEY|ACTIONS_RUNTIME_TOKEN|OPENAI_API_KEY|COPY)=/m);
    } finally {
      process.env = saved;
    }
  });

  it('kills a command, and its children, at the timeout', async () => {
    const { dir } = gitRepo({ 'a.txt': 'a\n' });
    const r = await new GitWorkspace(dir).run('sleep 30 & sleep 30; echo never', { timeoutMs: 300 });
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).not.toBe(0);
    expect(r.output).not.toContain('never');
  });
});
