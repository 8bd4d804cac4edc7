import type { Category, ErrorLocation, LogStep } from '../types.js';

const TEST_TOOLS = new Set(['pytest', 'python', 'node-test', 'jest', 'vitest', 'mocha', 'surefire', 'gradle', 'test_progs']);
const TEST_COMMAND =
  /\b(pytest|py\.test|jest|vitest|mocha|ava|tap|node\s+--test|(?:npm|pnpm|yarn|bun)(?:\s+run)?\s+test|go\s+test|cargo\s+(?:test|nextest)|mvn\b.*\b(?:test|verify)\b|gradlew?\b.*\btest|rspec|phpunit|dotnet\s+test|tox|nox|unittest|manage\.py\s+test|--test-enable|nbval|ctest|make\s+test)\b/;
const LINT_COMMAND =
  /\b(eslint|ruff|flake8|pylint|prettier|black|isort|biome|gofmt|pre-commit|golangci-lint|staticcheck|checkstyle|rubocop|stylelint|shellcheck|lint)\b/;
const TYPECHECK_COMMAND = /\b(tsc|mypy|pyright|vue-tsc|type-?check|typecheck)\b/;
const BUILD_COMMAND = /\b(build|compile|assemble|docker\s+build|buildx|webpack|vite\s+build|make)\b/;
const DEPENDENCY_COMMAND =
  /\b((?:npm|pnpm|yarn|bun)\s+(?:ci|install|i)\b|pip3?\s+install|poetry\s+install|uv\s+(?:sync|pip)|bundle\s+install|go\s+mod\s+download|composer\s+install|conda\s+install)/;
const DEPLOY = /\b(deploy|publish|release|helm\s+upgrade|kubectl\s+apply|terraform\s+apply|gh-pages|docker\s+push|firebase|vercel|netlify|upload)\b/i;

const TIMEOUT_LOG =
  /has exceeded the maximum execution time|timed out after \d+ minutes|The job was canceled because .* timeout|No output has been received in the last \d+m|Script timeout exceeded/i;
const INFRA_LOG =
  /No space left on device|connection reset by peer|ECONNRESET|Could not resolve host|The runner has received a shutdown signal|lost communication with the server|Temporary failure in name resolution|TLS handshake timeout|rate limit exceeded for url|The PostgreSQL server failed to start|is another postmaster .* running|lock file ".*" already exists|PSQL not started/i;
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
  'isort',
  'pre-commit',
  'biome',
  'checkstyle',
  'spotless',
  'ktlint',
  'detekt',
  'pmd',
  'spotbugs',
  'lint',
]);

// A test runner's own verdict that tests failed (JUnit/Surefire, unittest, pytest, go, TAP, jest,
// mocha, RSpec, PHPUnit, Odoo's test runner): the tests ran, and some failed.
const TEST_VERDICT =
  /Tests run: \d+, Failures: [1-9]|Tests run: \d+, Failures: \d+, Errors: [1-9]|There (?:are|were) test failures|Tests in error:|^Failed tests:|^FAILED \((?:failures|errors)=\d+|^(?:FAIL|ERROR): test\w*|^=+ .*\b\d+ (?:failed|errors?)\b.* =+$|^--- FAIL:|^not ok \d+|^Test Suites: \d+ failed|^\s*\d+ failing$|^\d+ examples?, [1-9]\d* failures?|^FAILURES!$|^Tests: \d+, Assertions: \d+, (?:Failures|Errors): [1-9]|odoo\.addons\.[\w.]+: (?:FAIL|ERROR): |[1-9]\d* failed, \d+ error\(s\) of \d+ tests/m;
// The code did not compile, so no test ran.
const COMPILE_LOG =
  /COMPILATION ERROR|Compilation failure|compiler-plugin:[\d.]+:(?:test)?[cC]ompile .* failed|: error: cannot find symbol|cannot be resolved to a type|error\[E\d{4}\]|^\S+\.(?:c|cc|cpp|h):\d+:\d+: (?:fatal )?error:/m;
// Lines where Travis names the command that failed.
const TRAVIS_FAILED = /^The command "(.+)" exited with [1-9]\d*\.$/;

export interface Classification {
  category: Category;
  /** The evidence, in a sentence: what in the step or its log decided the category. */
  reason: string;
  /** For a timeout or an infrastructure fault: the log's text that says so (the root error of such a failure). */
  evidence?: string;
}

/**
 * Classifies a failure from causes that hold across tools: the runner's timeout and
 * infrastructure faults, the failed step's name and command, a test runner's verdict that tests
 * failed, compile errors before any test ran, dependency resolution errors, linters. A timeout
 * or an infrastructure fault is never a test failure, whatever step it hit.
 */
export function classifyFailure(steps: readonly LogStep[], errors: readonly ErrorLocation[]): Classification {
  const tail = steps.flatMap((s) => s.lines.slice(-400));
  const text = tail.join('\n');
  // Logs of other CI systems name the failed command in their own words.
  const named = tail.map((l) => TRAVIS_FAILED.exec(l)?.[1]).filter((c): c is string => Boolean(c));
  const what = [...steps.map((s) => `${s.name}\n${s.command ?? ''}`), ...named].join('\n');
  const c = (category: Category, reason: string): Classification => ({ category, reason });
  const timeout = TIMEOUT_LOG.exec(text);
  if (timeout) return { ...c('timeout', `the log says the job ran out of time ("${timeout[0]}")`), evidence: timeout[0] };
  // A network fault is infrastructure even when a problem matcher pins it on an import line.
  const infra = INFRA_LOG.exec(text);
  if (infra && (!errors.some((e) => e.file) || errors.every((e) => INFRA_LOG.test(e.message))))
    return { ...c('infra', `an infrastructure fault: "${infra[0]}"`), evidence: infra[0] };
  if (DEPLOY.test(steps.map((s) => s.name).join('\n')) || /\b(deploy|publish)\b/i.test(what)) return c('deploy', 'the failed step deploys or publishes');
  if (DEPENDENCY_COMMAND.test(what) && !TEST_COMMAND.test(what)) return c('dependency', 'the failed step installs dependencies');
  const tools = new Set(errors.map((e) => e.tool));
  const verdict = TEST_VERDICT.exec(text);
  const testLike = TEST_COMMAND.test(what) || [...tools].some((t) => TEST_TOOLS.has(t)) || verdict !== null;
  // A compile error under `go test` or `cargo test` means the tests never ran.
  if (testLike && errors.length > 0 && errors.every((e) => COMPILE_TOOLS.has(e.tool) && !e.test) && !/^\s*--- FAIL/m.test(text) && !verdict) {
    return tools.has('tsc') ? c('typecheck', 'type errors before any test ran') : c('build', 'compile errors before any test ran');
  }
  if (!verdict && COMPILE_LOG.test(text) && (!testLike || errors.every((e) => !e.test)))
    return c('build', `the code did not compile ("${COMPILE_LOG.exec(text)?.[0]}")`);
  if (testLike) {
    if (errors.length === 0 && !verdict && DEPENDENCY_LOG.test(text)) return c('dependency', 'a dependency could not be resolved before the tests ran');
    if (verdict) return c('test', `the test runner reports failed tests ("${verdict[0].trim().slice(0, 80)}")`);
    const tool = [...tools].find((t) => TEST_TOOLS.has(t));
    return c('test', tool ? `failed tests read by the ${tool} extractor` : 'the failed command runs tests');
  }
  if (TYPECHECK_COMMAND.test(what) || tools.has('tsc') || tools.has('mypy')) return c('typecheck', "the failed command or its errors are a type checker's");
  if (LINT_COMMAND.test(what) || [...tools].some((t) => LINT_TOOLS.has(t))) return c('lint', "the failed command or its errors are a linter's");
  const dependency = DEPENDENCY_LOG.exec(text);
  if (dependency) return c('dependency', `a dependency could not be resolved ("${dependency[0]}")`);
  if (BUILD_COMMAND.test(what) || BUILD_LOG.test(text) || [...tools].some((t) => COMPILE_TOOLS.has(t))) return c('build', 'the failed step builds or compiles');
  return c('other', 'no test runner, compiler, linter or installer was recognised');
}
