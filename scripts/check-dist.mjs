// Rebuilds dist/ from the source and fails when it differs from what is committed, showing the
// changed files (in the job summary too, on GitHub).
import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';

execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
const status = execFileSync('git', ['status', '--porcelain', '--', 'dist'], { encoding: 'utf8' });
if (status.trim()) {
  const message = `dist/ is out of date with the source. Run \`npm run build\` and commit dist/.\n\n${status}`;
  console.error(message);
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `### check-dist failed\n\n\`\`\`\n${message}\n\`\`\`\n`);
  process.exit(1);
}
console.log('dist/ is in sync with the source.');
