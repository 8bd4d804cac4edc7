import type { Category, ErrorLocation, LogStep } from '../types.js';

const TEST_TOOLS = new Set(['pytest', 'python', 'node-test', 'jest', 'vitest', 'mocha', 'surefire', 'gradle', 'test_progs']);
const TEST_COMMAND =
  /\b(pytest|py\.test|jest|vitest|mocha|ava|tap|node\s+--test|(?:npm|pnpm|yarn|bun)(?:\s+run)?\s+test|go\s+test|cargo\s+(?:test|nextest)|mvn\b.*\b(?:test|verify)\b|gradlew?\b.*\btest|rspec|phpunit|dotnet\s+test|tox|nox|unittest|manage\.py\s+test|--test-enable|nbval|ctest|make\s+test)\b/;
const LINT_COMMAND = /\b(eslint|ruff|flake8|pylint|prettier|black|isort|biome|golangci-lint|staticcheck|checkstyle|rubocop|stylelint|shellcheck|lint)\b/;
const TYPECHECK_COMMAND = /\b(tsc|mypy|pyright|vue-tsc|type-?check|typecheck)\b/;
const BUILD_COMMAND = /\b(build|compile|assemble|docker\s+build|buildx|webpack|vite\s+build|make)\b/;
const DEPENDENCY_COMMAND =
  /\b((?:npm|pnpm|yarn|bun)\s+(?:ci|install|i)\b|pip3?\s+install|poetry\s+install|uv\s+(?:sync|pip)|bundle\s+install|go\s+mod\s+download|composer\s+install|conda\s+install)/;
const DEPLOY = /\b(deploy|publish|release|helm\s+upgrade|kubectl\s+apply|terraform\s+apply|gh-pages|docker\s+push|firebase|vercel|netlify|upload)\b/i;

const TIMEOUT_LOG = /has exceeded the maximum execution time|timed out after \d+ minutes|The job was canceled because .* timeout/i;
const INFRA_LOG =
  /No space left on device|connection reset by peer|ECONNRESET|Could not resolve host|The runner has received a shutdown signal|lost communication with the server|Temporary failure in name resolution|TLS handshake timeout|rate limit exceeded for url/i;
const DEPENDENCY_LOG =
  /ERESOLVE|No matching distribution found|Could not find a version that satisfies|npm ERR! 404|Cannot find module '[^./]|THESE PACKAGES DO NOT MATCH THE HASHES|ResolutionImpossible|failed to resolve dependencies|Could not resolve all (?:files|dependencies|artifacts) for configuration/i;
const BUILD_LOG = /buildx failed|failed to build|error building|BUILD FAILED|Compilation failed|compilation terminated/;
const COMPILE_TOOLS = new Set(['tsc', 'cargo', 'maven', 'kotlin', 'go', 'cc', 'gradle-build']);
const LINT_TOOLS = new Set([
  'eslint',
  'ruff',
  'flake8',
  'pylint',
  'prettier',
  'ruff-format',
  'black',
  'checkstyle',
  'spotless',
  'ktlint',
  'detekt',
  'pmd',
  'spotbugs',
  'lint',
]);

/**
 * Classifies a failure from the failed step's name and command and what its log says.
 * A timeout or an infrastructure fault is never a test failure, whatever step it hit.
 */
export function classifyFailure(steps: readonly LogStep[], errors: readonly ErrorLocation[]): Category {
  const text = steps.flatMap((s) => s.lines.slice(-400)).join('\n');
  const what = steps.map((s) => `${s.name}\n${s.command ?? ''}`).join('\n');
  if (TIMEOUT_LOG.test(text)) return 'timeout';
  // A network fault is infrastructure even when a problem matcher pins it on an import line.
  if (INFRA_LOG.test(text) && (!errors.some((e) => e.file) || errors.every((e) => INFRA_LOG.test(e.message)))) return 'infra';
  if (DEPLOY.test(steps.map((s) => s.name).join('\n')) || /\b(deploy|publish)\b/i.test(what)) return 'deploy';
  if (DEPENDENCY_COMMAND.test(what) && !TEST_COMMAND.test(what)) return 'dependency';
  const tools = new Set(errors.map((e) => e.tool));
  const testLike = TEST_COMMAND.test(what) || [...tools].some((t) => TEST_TOOLS.has(t));
  // A compile error under `go test` or `cargo test` means the tests never ran.
  if (testLike && errors.length > 0 && errors.every((e) => COMPILE_TOOLS.has(e.tool) && !e.test) && !/^\s*--- FAIL/m.test(text)) {
    return tools.has('tsc') ? 'typecheck' : 'build';
  }
  if (testLike) {
    if (errors.length === 0 && DEPENDENCY_LOG.test(text)) return 'dependency';
    return 'test';
  }
  if (TYPECHECK_COMMAND.test(what) || tools.has('tsc') || tools.has('mypy')) return 'typecheck';
  if (LINT_COMMAND.test(what) || [...tools].some((t) => LINT_TOOLS.has(t))) return 'lint';
  if (DEPENDENCY_LOG.test(text)) return 'dependency';
  if (BUILD_COMMAND.test(what) || BUILD_LOG.test(text) || [...tools].some((t) => COMPILE_TOOLS.has(t))) return 'build';
  return 'other';
}
