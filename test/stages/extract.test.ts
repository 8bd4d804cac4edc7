import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractFailure, failureSignature } from '../../src/errors/extract.js';
import { testIdToFile } from '../../src/errors/python-traceback.js';
import { type ExpectedCase, errorMatches } from '../../src/errors/score.js';
import { logsFromText } from '../../src/logs/read-log.js';
import { cleanTemps, itWith, PYTEST, PYTHON, producedLog, ROOT, SHARED_LOGS } from '../helpers.js';

afterAll(cleanTemps);

function extract(log: string) {
  return extractFailure(logsFromText(log));
}

describe('logs produced by really running the tools', () => {
  it('node --test: the assertion, at the test file line, with the failing command', () => {
    const { log, exitCode } = producedLog('../../../evals/cases/node-sum-off-by-one/project', 'node --test');
    expect(exitCode).toBe(1);
    const f = extract(log);
    expect(f.category).toBe('test');
    expect(f.testCommand).toBe('node --test');
    expect(f.errors).toHaveLength(1);
    expect(f.errors[0]).toMatchObject({ file: 'test/sum.test.js', line: 6, column: 10, tool: 'node-test', test: 'sum adds every value' });
    expect(f.errors[0]?.message).toContain('Expected 5');
  });

  itWith(PYTEST)('pytest: a collection error first, then each failure at its deepest repository frame', () => {
    const { log } = producedLog('pytest-app', `${PYTHON} -m pytest -p no:cacheprovider tests`);
    const f = extract(log);
    expect(f.category).toBe('test');
    expect(f.errors[0]).toMatchObject({ file: 'tests/test_import.py', line: 1, tool: 'pytest' });
    expect(f.errors[0]?.message).toBe("ModuleNotFoundError: No module named 'pandas'");
  });

  itWith(PYTEST)('pytest: assertion in the test and an exception raised in the code under test', () => {
    const { log } = producedLog('pytest-app', `${PYTHON} -m pytest -p no:cacheprovider tests/test_consolidation.py`);
    const f = extract(log);
    expect(f.errors.map((e) => [e.file, e.line, e.message])).toEqual([
      ['tests/test_consolidation.py', 6, 'AssertionError: Expected 5, got 3'],
      ['app/calc.py', 9, 'ZeroDivisionError: division by zero'],
    ]);
    expect(f.errors[0]?.test).toBe('tests/test_consolidation.py::test_consolidate');
  });

  it('unittest with Odoo addon test ids', () => {
    const { log } = producedLog('odoo-addon', `${PYTHON} -m unittest odoo.addons.sale_ext.tests.test_price`);
    const f = extract(log);
    expect(f.category).toBe('test');
    expect(f.errors).toHaveLength(1);
    expect(f.errors[0]).toMatchObject({
      file: 'odoo/addons/sale_ext/tests/test_price.py',
      line: 8,
      message: 'AssertionError: 19.9 != 18.0',
      test: 'odoo.addons.sale_ext.tests.test_price.TestPrice.test_total_with_discount',
    });
  });

  it('tsc: file, line, column and code; a type-check step is `typecheck`', () => {
    const { log } = producedLog('ts-types', 'tsc -p . --pretty false');
    const f = extract(log);
    expect(f.category).toBe('typecheck');
    // logLine: the line of the job log tsc printed it on; step: the step it was read from.
    const logLine = log.split('\n').findIndex((l) => l.includes('src/price.ts(10,14): error TS2322')) + 1;
    expect(logLine).toBeGreaterThan(1);
    expect(f.errors).toEqual([
      {
        file: 'src/price.ts',
        line: 10,
        column: 14,
        tool: 'tsc',
        message: "error TS2322: Type 'number' is not assignable to type 'string'.",
        logLine,
        step: 'Run tsc -p . --pretty false',
      },
    ]);
  });
});

describe.skipIf(!existsSync(SHARED_LOGS))('real CI logs from ../shared/logs', () => {
  const cases: [string, { tool: string }][] = [
    ['018-leadfactory-pytest-attributeerror', { tool: 'pytest' }],
    ['002-terraform-go-test-missing-token', { tool: 'go' }],
    ['026-travis-mypy-selfcheck-cannot-infer', { tool: 'mypy' }],
    ['022-travis-odoo-mqt-flake8-cagnotte', { tool: 'flake8' }],
  ];
  it.each(cases)('%s', (name, want) => {
    const expected = JSON.parse(readFileSync(join(SHARED_LOGS, name, 'expected.json'), 'utf8')) as ExpectedCase;
    const f = extract(readFileSync(join(SHARED_LOGS, name, 'log.txt'), 'utf8'));
    expect(f.category).toBe(expected.category);
    for (const label of expected.errors) {
      const hit = f.errors.find((e) => errorMatches(label, e));
      expect(hit, JSON.stringify(f.errors.slice(0, 3))).toBeDefined();
      expect(hit?.tool).toBe(want.tool);
    }
  });
});

describe('never throws', () => {
  const inputs: [string, string][] = [
    ['empty', ''],
    ['random bytes', randomBytes(200_000).toString('latin1')],
    ['invalid UTF-8 decoded', Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0x0a, 0xe2, 0x82]).toString('utf8').repeat(1000)],
    ['a 10 MB single line', `FAILED ${'x'.repeat(10 * 1024 * 1024)}`],
    ['a Jenkins log', '[Pipeline] sh\n+ make test\nmake: *** [test] Error 2\nFinished: FAILURE\n'],
  ];
  it.each(inputs)('%s', (_name, text) => {
    const f = extract(text);
    expect(f.errors.length).toBeLessThanOrEqual(20);
    expect(f.signature).toMatch(/^[0-9a-f]{16}$/);
    for (const e of f.errors) expect(e.message.length).toBeLessThanOrEqual(2000);
  });
});

describe('signature', () => {
  it('is the same for the same failure in another run and differs for another failure', () => {
    const a = { file: 'a.py', line: 3, column: null, message: 'AssertionError: took 12.5s at 0xdeadbeef', tool: 'pytest' };
    const b = { ...a, line: 4, message: 'AssertionError: took 3.1s at 0xcafebabe' };
    expect(failureSignature('test', [a])).toBe(failureSignature('test', [b]));
    expect(failureSignature('test', [a])).not.toBe(failureSignature('test', [{ ...a, message: 'KeyError: x' }]));
  });
});

describe('testIdToFile', () => {
  it.each([
    ['odoo.addons.sale.tests.test_x.TestY.test_z', 'addons/sale/tests/test_x.py'],
    ['tests.test_api.TestApi.test_get', 'tests/test_api.py'],
  ])('%s', (id, file) => expect(testIdToFile(id)).toBe(file));
});

it('ROOT points at the project', () => {
  expect(existsSync(join(ROOT, 'action.yml'))).toBe(true);
});

describe('resolveErrorFiles', () => {
  it('keeps a file and the frames the checkout holds, tries a monorepo path without its first segment, drops the rest', async () => {
    const { resolveErrorFiles } = await import('../../src/errors/resolve-files.js');
    const files = new Set(['src/a.py', 'lib/b.py']);
    const failure = extract('x');
    const got = await resolveErrorFiles(
      {
        ...failure,
        errors: [
          {
            file: 'pkg/src/a.py',
            line: 3,
            column: null,
            message: 'm',
            tool: 't',
            frames: [
              { file: 'lib/b.py', line: 1 },
              { file: 'six.py', line: 9 },
            ],
          },
          { file: 'gone.py', line: 1, column: null, message: 'm', tool: 't', frames: [{ file: 'six.py', line: 9 }] },
        ],
      },
      (p) => files.has(p),
    );
    expect(got.errors.map((e) => [e.file, e.frames])).toEqual([
      ['src/a.py', [{ file: 'lib/b.py', line: 1 }]],
      [null, undefined],
    ]);
  });
});
