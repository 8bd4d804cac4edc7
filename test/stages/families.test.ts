import { describe, expect, it } from 'vitest';
import { extractFailure } from '../../src/errors/extract.js';
import { narrowCommand } from '../../src/errors/narrow-command.js';
import { logsFromText } from '../../src/logs/read-log.js';
import { githubJobLog } from '../../src/sandbox/world.js';
import { itWith, NBCLIENT, PYTHON, producedLog } from '../helpers.js';

// Short excerpts in each tool's own output format, for the tools that cannot run on this
// machine; the tools that can (pytest, unittest, node --test, tsc) are run for real in extract.test.ts.
function failure(command: string, output: string) {
  return extractFailure(logsFromText(githubJobLog([{ name: command, command, output, exitCode: 1 }])));
}

describe('one excerpt per tool family', () => {
  it.each([
    [
      'jest',
      'npx jest',
      'FAIL test/sum.test.js\n  ● sum › adds two numbers\n\n    expect(received).toBe(expected) // Object.is equality\n\n    Expected: 5\n    Received: 3\n\n      4 | test("adds two numbers", () => {\n    > 5 |   expect(sum(2, 3)).toBe(5);\n        |                     ^\n\n      at Object.toBe (test/sum.test.js:5:21)\n\nTests:       1 failed, 1 total\n',
      { file: 'test/sum.test.js', line: 5, tool: 'jest', test: 'sum › adds two numbers' },
      'expect(received).toBe(expected)',
    ],
    [
      'vitest',
      'npx vitest run',
      ' FAIL  test/sum.test.ts > sum > adds two numbers\nAssertionError: expected 3 to be 5 // Object.is equality\n ❯ test/sum.test.ts:6:22\n',
      { file: 'test/sum.test.ts', line: 6, tool: 'vitest' },
      'expected 3 to be 5',
    ],
    [
      'mocha',
      'npx mocha',
      '  0 passing (5ms)\n  1 failing\n\n  1) sum\n       adds two numbers:\n     AssertionError [ERR_ASSERTION]: 3 == 5\n      at Context.<anonymous> (test/sum.spec.js:7:12)\n',
      { file: 'test/sum.spec.js', line: 7, tool: 'mocha' },
      '3 == 5',
    ],
    [
      'node TAP',
      'node --test --test-reporter=tap',
      "not ok 1 - sum adds\n  ---\n  duration_ms: 1.2\n  location: '/home/runner/work/w/w/test/sum.test.js:5:1'\n  failureType: 'testCodeFailure'\n  error: 'Expected 5, got 3'\n  code: 'ERR_ASSERTION'\n  stack: |-\n    TestContext.<anonymous> (file:///home/runner/work/w/w/test/sum.test.js:6:10)\n  ...\n",
      { file: 'test/sum.test.js', line: 6, tool: 'node-test' },
      'Expected 5, got 3',
    ],
    [
      'eslint',
      'npx eslint .',
      "/home/runner/work/w/w/src/app.js\n  12:5  error  'x' is assigned a value but never used  no-unused-vars\n\n✖ 1 problem (1 error, 0 warnings)\n",
      { file: 'src/app.js', line: 12, tool: 'eslint' },
      'no-unused-vars',
    ],
    [
      'ruff',
      'ruff check .',
      'app/calc.py:3:1: F401 [*] `os` imported but unused\nFound 1 error.\n',
      { file: 'app/calc.py', line: 3, tool: 'flake8' },
      '`os` imported but unused',
    ],
    [
      'mypy',
      'mypy app',
      'app/calc.py:9: error: Incompatible return value type (got "str", expected "int")  [return-value]\nFound 1 error in 1 file (checked 3 source files)\n',
      { file: 'app/calc.py', line: 9, tool: 'mypy' },
      'Incompatible return value type',
    ],
    [
      'pylint',
      'pylint app',
      "************* Module app.calc\napp/calc.py:4:0: E0602: Undefined variable 'totl' (undefined-variable)\n",
      { file: 'app/calc.py', line: 4, tool: 'pylint' },
      "Undefined variable 'totl'",
    ],
    [
      'go test',
      'go test ./...',
      '--- FAIL: TestSum (0.00s)\n    sum_test.go:9: Sum([2 3]) = 3, want 5\nFAIL\nFAIL\tgithub.com/acme/widgets/calc\t0.002s\n',
      { file: 'sum_test.go', line: 9, tool: 'go', test: 'TestSum' },
      'want 5',
    ],
    [
      'go build',
      'go build ./...',
      '# github.com/acme/widgets/calc\ncalc/sum.go:7:2: undefined: totl\n',
      { file: 'calc/sum.go', line: 7, tool: 'go' },
      'undefined: totl',
    ],
    [
      'cargo',
      'cargo test',
      'error[E0425]: cannot find value `totl` in this scope\n --> src/lib.rs:4:5\n  |\n4 |     totl\n  |     ^^^^ help: a local variable with a similar name exists: `total`\n',
      { file: 'src/lib.rs', line: 4, tool: 'cargo' },
      'cannot find value',
    ],
    [
      'maven surefire',
      'mvn -B test',
      '[ERROR] Tests run: 1, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.02 s <<< FAILURE! - in com.acme.SumTest\n[ERROR] com.acme.SumTest.adds  Time elapsed: 0.01 s  <<< FAILURE!\norg.opentest4j.AssertionFailedError: expected: <5> but was: <3>\n\tat org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:55)\n\tat com.acme.SumTest.adds(SumTest.java:12)\n',
      { file: 'com/acme/SumTest.java', line: 12, tool: 'surefire' },
      'expected: <5> but was: <3>',
    ],
    [
      'gradle',
      './gradlew test',
      'SumTest > adds() FAILED\n    org.opentest4j.AssertionFailedError: expected: <5> but was: <3>\n        at app//com.acme.SumTest.adds(SumTest.java:12)\n',
      { line: 12, tool: 'gradle' },
      'expected: <5> but was: <3>',
    ],
    [
      'rspec',
      'bundle exec rspec',
      "Failures:\n\n  1) Calculator#add returns the sum\n     Failure/Error: expect(calc.add(2, 3)).to eq(5)\n\n       expected: 5\n            got: 3\n\n     # ./spec/calculator_spec.rb:6:in `block (3 levels) in <top (required)>'\n\nFinished in 0.01 seconds\n",
      { file: 'spec/calculator_spec.rb', line: 6, tool: 'rspec' },
      'expected: 5 got: 3',
    ],
    [
      'phpunit',
      'vendor/bin/phpunit',
      'There was 1 failure:\n\n1) Tests\\CalculatorTest::testAdd\nFailed asserting that 3 matches expected 5.\n\n/home/runner/work/w/w/tests/CalculatorTest.php:12\n\nFAILURES!\n',
      { file: 'tests/CalculatorTest.php', line: 12, tool: 'phpunit' },
      'Failed asserting that 3 matches expected 5.',
    ],
    [
      'dotnet test',
      'dotnet test',
      '  Failed Calculator.Tests.AddTests.Adds [12 ms]\n  Error Message:\n   Assert.Equal() Failure\nExpected: 5\nActual:   3\n  Stack Trace:\n     at Calculator.Tests.AddTests.Adds() in /home/runner/work/w/w/tests/AddTests.cs:line 12\n',
      { file: 'tests/AddTests.cs', line: 12, tool: 'dotnet' },
      'Assert.Equal() Failure',
    ],
    [
      'nbval',
      'pytest --nbval notebooks',
      '_____________________ notebooks/analysis.ipynb::Cell 3 _____________________\nNotebook cell execution failed\nCell 3: Cell outputs differ\n\nZeroDivisionError: division by zero\n=========================== short test summary info ============================\nFAILED notebooks/analysis.ipynb::Cell 3\n',
      { file: 'notebooks/analysis.ipynb', tool: 'nbval' },
      'ZeroDivisionError: division by zero',
    ],
    [
      'papermill',
      'papermill notebooks/report.ipynb out.ipynb',
      'Input Notebook:  notebooks/report.ipynb\nOutput Notebook: out.ipynb\nExecuting: 100%|██████████| 4/4\nTraceback (most recent call last):\n  File "/usr/bin/papermill", line 8, in <module>\npapermill.exceptions.PapermillExecutionError: \n---------------------------------------------------------------------------\nException encountered at "In [3]":\n---------------------------------------------------------------------------\nKeyError                                  Traceback (most recent call last)\nKeyError: \'revenue\'\n',
      { file: 'notebooks/report.ipynb', tool: 'papermill' },
      'Cell In[3]',
    ],
    [
      'prettier',
      'npx prettier --check .',
      'Checking formatting...\n[warn] src/app.ts\n[warn] Code style issues found in the above file. Run Prettier with --write to fix.\n',
      { file: 'src/app.ts', tool: 'prettier' },
      'Code style issues',
    ],
    ['annotation', 'make check', "##[error]src/app.c:3:1: expected ';' before '}' token\n", { file: 'src/app.c', line: 3 }, "expected ';'"],
    [
      'gradle, a build failure no other extractor explains',
      './gradlew build',
      "> Task :app:checkstyleMain FAILED\n\nFAILURE: Build failed with an exception.\n\n* What went wrong:\nExecution failed for task ':app:checkstyleMain'.\n> Unable to create Root Module: config {/home/runner/work/w/w/config/checkstyle/checkstyle.xml}, classpath {/home/runner/work/w/w/app/build/classes/java/main}.\n\n* Try:\n> Run with --stacktrace option to get the stack trace.\n\nBUILD FAILED in 4s\n",
      { file: 'config/checkstyle/checkstyle.xml', line: null, tool: 'checkstyle' },
      'Unable to create Root Module',
    ],
    [
      'node, an uncaught error in a config file, inside a CLI box',
      'npx sitegen build',
      '┌  Building site\n│  Original error:\n│  ReferenceError: require is not defined in ES module scope\n│  at loadConfig (file://./config/site.config.mjs:4:15)\n│  at async main\n│  (file://./node_modules/sitegen/dist/cli.js:20:3)\n└  sitegen exited with an error\n',
      { file: 'config/site.config.mjs', line: 4, tool: 'node' },
      'ReferenceError: require is not defined in ES module scope',
    ],
    [
      'node, a script whose error message comes under the error line',
      'npx tsx scripts/seed.ts',
      'Seeding failed: ValidationError: \nInvalid value for field `age`: expected Int, got String.\n    at validate (/home/runner/work/w/w/node_modules/orm/runtime.js:10:5)\n    at async main (/home/runner/work/w/w/scripts/seed.ts:12:3)\n',
      { file: 'scripts/seed.ts', line: 12, tool: 'node' },
      'ValidationError: Invalid value for field `age`',
    ],
    [
      'pip, a version that does not exist, at its requirements line',
      'pip install -r requirements/base.txt',
      'Collecting flask==3.0.0 (from -r requirements/base.txt (line 1))\n  Downloading flask-3.0.0-py3-none-any.whl (99 kB)\nERROR: Could not find a version that satisfies the requirement widgets==99.0 (from -r requirements/base.txt (line 4)) (from versions: 1.0, 1.1)\nERROR: No matching distribution found for widgets==99.0\n',
      { file: 'requirements/base.txt', line: 4, tool: 'pip' },
      'Could not find a version that satisfies the requirement widgets==99.0',
    ],
    [
      'pip, hash mode, in the only requirements file installed from',
      'pip install --require-hashes -r requirements.lock',
      'Collecting flask==3.0.0 (from -r requirements.lock (line 1))\nCollecting requests (from -r requirements.lock (line 9))\nERROR: In --require-hashes mode, all requirements must have their versions pinned with ==. These do not:\n    requests from https://files.example/requests.whl\n',
      { file: 'requirements.lock', line: null, tool: 'pip' },
      'In --require-hashes mode',
    ],
    [
      'BPF selftests (test_progs), past the framework’s deliberate failure',
      './test_progs -j',
      [
        '#12/1    maps/lookup:OK',
        'test_update:PASS:open 0 nsec',
        'test_update:FAIL:map_update unexpected error: -22 (errno 22)',
        '#12/2    maps/update:FAIL',
        '#12      maps:FAIL',
        '#40/3    prog_tests_framework/test_fail_subtest:FAIL',
        '#40      prog_tests_framework:OK',
        'Summary: 41/120 PASSED, 2 SKIPPED, 1 FAILED',
        '',
      ].join('\n'),
      { file: null, tool: 'test_progs', test: 'maps/update' },
      'test_update:FAIL:map_update unexpected error: -22',
    ],
  ] as const)('%s', (_name, command, output, want, message) => {
    const f = failure(command, output);
    expect(f.errors[0], JSON.stringify(f.errors)).toMatchObject(want);
    expect(f.errors[0]?.message).toContain(message);
  });
});

it('a step no extractor understands reports its root-error line from the generic ranker, BuildKit`s numbered ones too', () => {
  const f = failure(
    'docker buildx build .',
    '#6 [2/4] RUN make\n#6 ERROR: failed to copy: could not fetch content descriptor sha256:abc (application/gzip)\nerror: failed to solve: process did not complete successfully\n',
  );
  // One error for the block (its lines are adjacent): its first line, the cause.
  expect(f.errors.map((e) => [e.tool, e.message])).toEqual([
    ['log', '#6 ERROR: failed to copy: could not fetch content descriptor sha256:abc (application/gzip)'],
  ]);
  expect(f.errors[0]?.logLine).toBeGreaterThan(0);
});

it('test_progs: one error per real failure, none for a failing parent or a deliberate failure under an OK parent', () => {
  const f = failure(
    './test_progs',
    'x:FAIL:check one\n#3/1    a/one:FAIL\n#3/2    a/two:OK\n#3      a:FAIL\n#4      b:FAIL\n#5/1    c/self_test:FAIL\n#5      c:OK\n',
  );
  expect(f.category).toBe('test');
  expect(f.errors.map((e) => [e.test, e.message])).toEqual([
    ['a/one', 'x:FAIL:check one'],
    ['b', 'b failed'],
  ]);
});

it('a `●` bullet outside jest is not a jest failure', () => {
  const f = failure('npx sitegen build', '●  Sitegen collects anonymous usage data.\n│  Learn more at https://example.com\nError: build failed\n');
  expect(f.errors.map((e) => e.tool)).not.toContain('jest');
});

describe('classification', () => {
  it.each([
    ['a timeout', 'pytest', '##[error]The job running on runner GitHub Actions 3 has exceeded the maximum execution time of 360 minutes.\n', 'timeout'],
    ['a full disk', 'pytest', 'OSError: [Errno 28] No space left on device\n', 'infra'],
    ['npm ci resolution', 'npm ci', 'npm ERR! code ERESOLVE\nnpm ERR! ERESOLVE unable to resolve dependency tree\n', 'dependency'],
    ['a deploy', 'npx vercel deploy --prod', 'Error: 403\n', 'deploy'],
    [
      'a compile error under go test',
      'go test ./...',
      '# github.com/acme/w/calc\ncalc/sum.go:7:2: undefined: totl\nFAIL\tgithub.com/acme/w/calc [build failed]\n',
      'build',
    ],
    [
      'a Gradle linter that fails in a build',
      './gradlew build',
      "* What went wrong:\nExecution failed for task ':core:ktlintMainSourceSetCheck'.\n> A failure occurred while executing a work action\n   > Could not read .editorconfig\n\n* Try:\n",
      'lint',
    ],
    [
      'Gradle cannot resolve a dependency',
      './gradlew assemble',
      "* What went wrong:\nExecution failed for task ':app:compileJava'.\n> Could not resolve all files for configuration ':app:compileClasspath'.\n   > Could not find com.acme:widgets:1.2.3.\n\n* Try:\n",
      'dependency',
    ],
    [
      'a Gradle compile task',
      './gradlew assemble',
      "* What went wrong:\nExecution failed for task ':app:processResources'.\n> Entry application.yml is a duplicate but no duplicate handling strategy has been set.\n\n* Try:\n",
      'build',
    ],
    ['a lint step', 'npx eslint .', '/home/runner/work/w/w/src/a.js\n  1:1  error  Unexpected var  no-var\n', 'lint'],
    // Causes in the log, whatever the step is called: a runner's verdict that tests failed, a compile error.
    [
      'Surefire failures under mvn install',
      'mvn -B install',
      'Running com.acme.CartTest\nTests run: 4, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.1 sec <<< FAILURE!\n[ERROR] BUILD FAILURE\n',
      'test',
    ],
    ['unittest failures under a script', './ci.sh', 'FAIL: test_total (tests.test_cart.TestCart)\nRan 3 tests in 0.01s\nFAILED (failures=1)\n', 'test'],
    [
      'javac errors under mvn verify',
      'mvn verify',
      '[ERROR] COMPILATION ERROR :\n[ERROR] /src/main/java/a/B.java:[3,1] cannot find symbol\n[INFO] BUILD FAILURE\n',
      'build',
    ],
  ])('%s', (_name, command, output, category) => {
    const f = failure(command, output);
    expect(f.category).toBe(category);
    expect(f.categoryReason?.length).toBeGreaterThan(10);
  });
  it('reads the failing command from a Travis log, and says why', () => {
    const f = extractFailure(
      logsFromText('$ mvn test -B\nRunning com.acme.CartTest\nTests run: 2, Failures: 1, Errors: 0, Skipped: 0\n\nThe command "mvn test -B" exited with 1.\n'),
    );
    expect(f.category).toBe('test');
    expect(f.categoryReason).toBe('the test runner reports failed tests ("Tests run: 2, Failures: 1")');
    expect(f.testCommand).toBe('mvn test -B');
  });
});

describe('narrowCommand', () => {
  const e = (tool: string, file: string, test?: string) => ({ tool, file, line: 1, column: null, message: 'm', ...(test ? { test } : {}) });
  it.each([
    ['pytest -q tests/', [e('pytest', 'tests/test_a.py', 'tests/test_a.py::test_x')], "pytest -q 'tests/test_a.py::test_x'"],
    ['npx vitest run', [e('vitest', 'test/a.test.ts', 'test/a.test.ts > sum > adds')], "npx vitest run 'test/a.test.ts' -t 'adds'"],
    ['npm test', [e('node-test', 'test/sum.test.js', 'sum adds')], "node --test 'test/sum.test.js'"],
    // jest's -t is a regular expression over "describe it": the last part, matched literally.
    ['jest --ci', [e('jest', 'test/p.test.js', 'applyDiscount › takes 10% (off)')], "jest --ci 'test/p.test.js' -t 'takes 10% \\(off\\)'"],
    ['npm test', [e('jest', 'test/p.test.js', 'a › b')], "npx jest 'test/p.test.js' -t 'b'"],
    // A direct vitest command keeps its flags: without --globals the narrowed run fails on its own.
    ['vitest run --globals', [e('vitest', 'test/a.test.js', 'test/a.test.js > total > adds')], "vitest run --globals 'test/a.test.js' -t 'adds'"],
    ['npx vitest --globals', [e('vitest', 'test/a.test.js', 'test/a.test.js > adds')], "npx vitest run --globals 'test/a.test.js' -t 'adds'"],
    ['go test ./...', [e('go', 'calc/sum_test.go', 'TestSum/empty')], "go test ./calc -run '^(TestSum)$'"],
  ] as const)('%s', (command, errors, want) => {
    expect(narrowCommand(command, errors)).toBe(want);
  });
  it('leaves multi-line and unknown commands alone', () => {
    expect(narrowCommand('npm ci\nnpm test', [e('node-test', 'a.js')])).toBeNull();
    expect(narrowCommand('make check', [e('annotation', 'a.c')])).toBeNull();
  });
  it('does not narrow node --test to the code under test (a stack frame is no test file)', () => {
    // Found by the evals: `node --test src/user.js` runs no test and passes, so a real failure read as flaky.
    expect(narrowCommand('npm test', [e('node-test', 'src/user.js', 'falls back to the name')])).toBeNull();
  });
});

describe('real tool output', () => {
  itWith(NBCLIENT)(
    'nbclient: the notebook, the cell and the exception, from a notebook really run under pytest',
    () => {
      const { log, exitCode } = producedLog('../../../evals/cases/notebook-return-rate/project', `${PYTHON} -m pytest -q`);
      expect(exitCode).toBe(1);
      const failure = extractFailure(logsFromText(log));
      expect(failure.errors[0]).toMatchObject({
        tool: 'nbclient',
        file: 'notebooks/sales.ipynb',
        message: 'Cell In [2], line 3: ZeroDivisionError: division by zero',
      });
      // The pytest id still narrows the re-run to that notebook's test.
      expect(failure.narrowCommand).toContain("'tests/test_notebooks.py::test_notebook_runs[notebooks/sales.ipynb]'");
    },
    60_000,
  );

  it('node:assert diffs keep the actual and expected values in the message', () => {
    const { log } = producedLog('../../../evals/cases/robust-unrelated-edit/project', 'node --test');
    const e = extractFailure(logsFromText(log)).errors[0];
    expect(e?.message).toContain("- 'Hello world'");
    expect(e?.message).toMatch(/^AssertionError \[ERR_ASSERTION\]: Expected values to be strictly equal: \+ actual - expected/);
  });
});

describe('node --test: a test file that does not load', () => {
  it.each([
    ['spec reporter (npm test)', 'npm test'],
    ['TAP reporter', 'node --test --test-reporter=tap'],
  ])('%s: the SyntaxError of the import, at the import line', (_name, command) => {
    const { log } = producedLog('../../../evals/cases/node-missing-export/project', command);
    const e = extractFailure(logsFromText(log)).errors[0];
    expect(e).toMatchObject({
      file: 'test/math.test.js',
      line: 3,
      message: "SyntaxError: The requested module '../src/math.js' does not provide an export named 'clamp'",
    });
  });
});

describe('jest, really run', () => {
  it('the matcher with its expected and received values, at the test line', () => {
    const { log, exitCode } = producedLog('../../../evals/cases/js-jest-discount/project', 'jest --ci');
    expect(exitCode).toBe(1);
    const failure = extractFailure(logsFromText(log));
    expect(failure.errors[0]).toMatchObject({
      tool: 'jest',
      file: 'test/price.test.js',
      line: 9,
      message: 'applyDiscount › takes a percentage off (10 means 10%): expect(received).toBe(expected) // Object.is equality Expected: 180 Received: 190',
    });
    expect(failure.narrowCommand).toBe("jest --ci 'test/price.test.js' -t 'takes a percentage off \\(10 means 10%\\)'");
  });
});

describe('frames and titles', () => {
  it('mocha: a nested suite`s title printed over several lines is read whole, with the repository`s frames', () => {
    const f = failure(
      'npx mocha',
      [
        '  2 failing',
        '',
        '  1) generate',
        '       with a prefix',
        '         keeps the prefix:',
        '',
        '      AssertionError [ERR_ASSERTION]: expected "x-1" to equal "p-1"',
        '      at Context.<anonymous> (test/generate.test.js:12:14)',
        '      at callFn (node_modules/mocha/lib/runnable.js:366:21)',
        '      at format (lib/format.js:4:9)',
        '',
        '  2) generate',
        '       without a prefix',
        '         uses the default:',
        '',
        '      AssertionError [ERR_ASSERTION]: expected "1" to equal "x-1"',
        '      at Context.<anonymous> (test/generate.test.js:20:14)',
        '',
      ].join('\n'),
    );
    expect(f.errors.map((e) => e.test)).toEqual(['generate with a prefix keeps the prefix', 'generate without a prefix uses the default']);
    expect(f.errors[0]).toMatchObject({ file: 'test/generate.test.js', line: 12, tool: 'mocha' });
    expect(f.errors[0]?.frames).toEqual([{ file: 'lib/format.js', line: 4 }]);
  });

  it('a frame in Node`s own modules, as Node before 16 printed them, is no repository file', () => {
    const f = failure(
      'node scripts/seed.js',
      [
        'events.js:313',
        '      throw er; // Unhandled error event',
        '      ^',
        '',
        "Error: ENOENT: no such file or directory, open 'data/seed.json'",
        '    at Object.openSync (fs.js:462:3)',
        '    at loadSeed (scripts/seed.js:7:18)',
        '    at emitOne (events.js:116:13)',
      ].join('\n'),
    );
    expect(f.errors.map((e) => e.file)).not.toContain('events.js');
    expect(f.errors.flatMap((e) => (e.frames ?? []).map((x) => x.file))).not.toContain('fs.js');
  });
});

describe('Surefire as older Maven prints it', () => {
  it('a `testX(pkg.FooTest)` block: the test, its frame in the test class, and the project`s frames below the framework`s', () => {
    const f = failure(
      'mvn test -B',
      [
        'Running com.acme.cart.CartTest',
        'Tests run: 2, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.05 sec <<< FAILURE!',
        'testTotal(com.acme.cart.CartTest)  Time elapsed: 0.01 sec  <<< FAILURE!',
        'java.lang.AssertionError: expected:<5> but was:<3>',
        '\tat org.junit.Assert.fail(Assert.java:88)',
        '\tat com.acme.cart.Prices.sum(Prices.java:42)',
        '\tat com.acme.cart.Cart.total(Cart.java:17)',
        '\tat com.acme.cart.CartTest.testTotal(CartTest.java:20)',
        '\tat sun.reflect.NativeMethodAccessorImpl.invoke0(Native Method)',
        '',
        'Results :',
        '',
        'Failed tests:   testTotal(com.acme.cart.CartTest): expected:<5> but was:<3>',
      ].join('\n'),
    );
    expect(f.category).toBe('test');
    expect(f.errors[0]).toMatchObject({
      tool: 'surefire',
      file: 'com/acme/cart/CartTest.java',
      line: 20,
      test: 'com.acme.cart.CartTest.testTotal',
      message: 'java.lang.AssertionError: expected:<5> but was:<3>',
    });
    expect(f.errors[0]?.frames).toEqual([
      { file: 'com/acme/cart/Prices.java', line: 42 },
      { file: 'com/acme/cart/Cart.java', line: 17 },
    ]);
  });
});
