import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './adapters/fs/files.js';
import { runProcess } from './sandbox/process.js';
import { createWorld, git, gitEnv, readOutputs } from './sandbox/world.js';

export const DEMO_CASE = 'evals/cases/node-sum-off-by-one';

/**
 * `ci-autofix demo`: the bundled action, run as the runner runs it, against the sandbox, on a
 * `node --test` project whose assertion fails (expected 5, got 3). Prints each stage.
 */
export async function runDemo(print: (line: string) => void): Promise<number> {
  const root = packageRoot();
  const caseDir = join(root, DEMO_CASE);
  const entry = join(root, 'dist', 'index.js');
  print('ci-autofix demo: the bundled action against a local sandbox (no network, no API key)');
  print('');
  const world = await createWorld({
    project: join(caseDir, 'project'),
    command: 'npm test',
    script: [{ content: readFileSync(join(caseDir, 'answers', '1.md'), 'utf8') }],
  });
  try {
    print(`  sample project  ${DEMO_CASE}/project: node --test, sum([2, 3]) returns 3, expected 5`);
    print(`  GitHub API      ${world.emulator.apiUrl} (emulator; git over smart HTTP at ${world.emulator.gitUrl})`);
    print(`  model           ${world.model.baseUrl} (OpenAI-compatible, replays ${DEMO_CASE}/answers/1.md)`);
    print(`  failed run      #${world.runId} "CI" on ${world.branch} @ ${world.headSha.slice(0, 12)}: \`npm test\` really run, exit 1`);
    print('');
    print(`▶ node dist/index.js  (INPUT_*, GITHUB_EVENT_PATH, GITHUB_OUTPUT, … as the runner sets them)`);
    const result = await runProcess(process.execPath, [entry], { cwd: world.workspace, env: world.actionEnv({}) });
    for (const line of result.out.split('\n')) {
      const group = /^::group::(.*)$/.exec(line);
      if (group) print(`  ▸ ${group[1]}`);
      else if (/^::error /.test(line)) print(`    annotation: ${line.replace(/^::error [^:]*::/, '')}`);
      else if (line.trim() && !line.startsWith('::')) print(`    ${line}`);
    }
    const outputs = readOutputs(readFileSync(world.outputFile, 'utf8'));
    print('');
    print(
      `  action exit code ${result.code}; outputs: status=${outputs.status} pr-number=${outputs['pr-number']} branch=${outputs.branch} attempts=${outputs.attempts} tokens=${outputs.tokens} cost-usd=${outputs['cost-usd']}`,
    );
    const pr = world.emulator.pulls[0];
    if (outputs.status !== 'fixed' || !pr) {
      print(`✖ no draft PR was opened (${outputs.reason ?? 'see above'})`);
      return 1;
    }
    print(`✔ draft PR #${pr.number} "${pr.title}" ${pr.head} → ${pr.base}, draft=${pr.draft}, labels=${pr.labels.join(',')}`);
    // Prove the pushed branch: clone it fresh and run the tests there.
    const check = join(world.root, 'verify');
    const env = gitEnv(world.home);
    git(world.root, ['clone', '--quiet', '--branch', pr.head, world.bare, check], env);
    const tests = await runProcess('bash', ['-c', 'npm test'], { cwd: check, env: process.env });
    const diff = git(check, ['show', '--format=%an <%ae>%n%s', '--stat', 'HEAD'], env);
    print(`✔ branch ${pr.head} on the remote, commit by ${diff.split('\n')[0]}`);
    print(`${tests.code === 0 ? '✔' : '✖'} fresh clone of ${pr.head}: \`npm test\` exit ${tests.code}`);
    print('');
    print('  the patch:');
    for (const l of (outputs.patch ?? '').split('\n')) if (l) print(`    ${l}`);
    print('');
    print(`  job summary written to GITHUB_STEP_SUMMARY (${readFileSync(world.summaryFile, 'utf8').length} bytes)`);
    return tests.code === 0 ? 0 : 1;
  } finally {
    await world.stop();
  }
}
