// npm run release -- 1.2.3 [--push] [--skip-build]
// Bumps package.json (and the lock file), stamps CHANGELOG.md's Unreleased section with the
// version and date, rebuilds dist/ (the version is bundled), commits, tags v1.2.3 and moves the
// major tag (v1). With --push, pushes the commit and both tags to origin. The release workflow
// then checks dist/, runs the tests and publishes the GitHub release.
// --skip-build is for repositories whose dist/ does not carry the version (the script's tests).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const version = args.find((a) => !a.startsWith('--'));
const push = args.includes('--push');
const skipBuild = args.includes('--skip-build');
const git = (...a) => execFileSync('git', a, { encoding: 'utf8' }).trim();
const fail = (m) => {
  console.error(`release: ${m}`);
  process.exit(1);
};

if (!version || !/^\d+\.\d+\.\d+$/.test(version)) fail(`give the version as X.Y.Z, got ${version ?? 'nothing'}: npm run release -- 1.2.3`);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const newer = (a, b) => {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] > y[i];
  return false;
};
if (!newer(version, pkg.version)) fail(`${version} is not newer than the current ${pkg.version}`);
if (git('status', '--porcelain')) fail('the work tree has uncommitted changes; commit or stash them first');
if (git('tag', '--list', `v${version}`)) fail(`tag v${version} exists already`);

const changelog = readFileSync('CHANGELOG.md', 'utf8');
const unreleased = /^## \[Unreleased\]\n([\s\S]*?)(?=^## \[|(?![\s\S]))/m.exec(changelog);
if (!unreleased?.[1].trim()) fail('CHANGELOG.md has no entries under "## [Unreleased]": say what this release changes');
const date = process.env.RELEASE_DATE ?? new Date().toISOString().slice(0, 10);
writeFileSync('CHANGELOG.md', changelog.replace(/^## \[Unreleased\]\n/m, `## [Unreleased]\n\n## [${version}] - ${date}\n`));

pkg.version = version;
writeFileSync('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
if (existsSync('package-lock.json')) {
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
  lock.version = version;
  if (lock.packages?.['']) lock.packages[''].version = version;
  writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
}
if (!skipBuild) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });

const major = `v${version.split('.')[0]}`;
git('add', '--all');
git('commit', '--quiet', '-m', `Release v${version}`);
git('tag', '--annotate', `v${version}`, '-m', `v${version}`);
git('tag', '--force', '--annotate', major, '-m', `${major} → v${version}`);
if (push) {
  git('push', '--quiet', 'origin', 'HEAD', `refs/tags/v${version}`);
  git('push', '--quiet', '--force', 'origin', `refs/tags/${major}`);
}
console.log(
  `Released v${version} (${major} moved to it)${push ? ', pushed' : '; push with: git push origin HEAD v' + version + ' && git push --force origin ' + major}.`,
);
