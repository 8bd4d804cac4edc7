import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { GitWorkspace } from '../adapters/git/workspace.js';
import { selectContext } from '../context/select-context.js';
import { extractFailure } from '../errors/extract.js';
import { resolveErrorFiles } from '../errors/resolve-files.js';
import { logsFromText } from '../logs/read-log.js';
import { runShell } from '../sandbox/process.js';
import { githubJobLog } from '../sandbox/world.js';
import { coverageSummary } from './context-coverage.js';

/**
 * A coverage set that looks like real repositories (issue #15): generated projects of 40+ files,
 * modules of 600+ lines, six Odoo addons (one extending another's model), in Python, JavaScript
 * and TypeScript, with one bug each that a correct fix changes in a known line, and the failing
 * log in the tool's own format. Each case is tagged with the cause that made the context miss
 * such fixes before; `score-context` reports coverage per cause.
 */
export type Cause = 'odoo-registry' | 'large-file' | 'two-hops' | 'recent-change' | 'js-dependency' | 'no-frame' | 'budget';

export interface RealisticCase {
  id: string;
  cause: Cause;
  /** The repository at the failing commit; a line ending in the marker `«fix»` is a line the correct fix changes (the marker is removed). */
  files: Record<string, string>;
  /** With recent-change: the files as they were at the last green commit. */
  green?: Record<string, string>;
  command: string;
  output: string;
}

const FIX = '«fix»';

const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i + 1)).join('\n');

/** A Python module of `n` small functions: realistic bulk for the index and the budget. */
function pyBulk(prefix: string, n: number): string {
  return `"""${prefix}: helpers."""\nimport math\n\n\n${lines(n, (i) => `def ${prefix}_step_${i}(value, scale=${i}):\n    """Scale a value by step ${i}."""\n    if value is None:\n        return 0\n    return math.floor(value * scale) + ${i}\n\n`)}`;
}

function jsBulk(prefix: string, n: number, ts = false): string {
  const t = ts ? ': number' : '';
  return lines(
    n,
    (i) =>
      `export function ${prefix}Step${i}(value${t}, scale${t} = ${i})${t} {\n  if (value == null) return 0;\n  return Math.floor(value * scale) + ${i};\n}\n`,
  );
}

/** A Python service of 45+ files: packages of helpers, models, tests, configuration. */
function pythonRepo(extra: Record<string, string>): Record<string, string> {
  const files: Record<string, string> = {
    'pyproject.toml': '[project]\nname = "ledger"\nversion = "1.4.0"\ndependencies = ["requests>=2"]\n',
    'README.md': '# ledger\n',
    'ledger/__init__.py': '',
    'tests/__init__.py': '',
    'tests/conftest.py': 'import pytest\n\n\n@pytest.fixture\ndef amounts():\n    return [1, 2, 3]\n',
  };
  for (const pkg of ['accounts', 'reports', 'imports', 'exports', 'billing', 'tax', 'audit', 'sync']) {
    files[`ledger/${pkg}/__init__.py`] = '';
    for (let m = 1; m <= 4; m++) files[`ledger/${pkg}/module_${m}.py`] = pyBulk(`${pkg}_${m}`, 12);
    files[`tests/test_${pkg}.py`] = `from ledger.${pkg}.module_1 import ${pkg}_1_step_1\n\n\ndef test_${pkg}_step():\n    assert ${pkg}_1_step_1(2) == 3\n`;
  }
  return { ...files, ...extra };
}

function jsRepo(extra: Record<string, string>, ts = false): Record<string, string> {
  const ext = ts ? 'ts' : 'js';
  const files: Record<string, string> = {
    'package.json': `{\n  "name": "shop",\n  "version": "2.1.0",\n  "scripts": { "test": "jest --ci" },\n  "dependencies": {\n    "lodash": "^4.17.21"\n  }\n}\n`,
    'README.md': '# shop\n',
    ...(ts ? { 'tsconfig.json': '{ "compilerOptions": { "strict": true, "module": "nodenext" } }\n' } : {}),
  };
  for (const dir of ['cart', 'catalog', 'checkout', 'pricing', 'shipping', 'users', 'orders', 'search']) {
    for (let m = 1; m <= 4; m++) files[`src/${dir}/part${m}.${ext}`] = jsBulk(`${dir}${m}`, 10, ts);
    files[`test/${dir}.test.${ext}`] =
      `import { ${dir}1Step1 } from '../src/${dir}/part1';\n\ntest('${dir} step', () => {\n  expect(${dir}1Step1(2)).toBe(3);\n});\n`;
  }
  return { ...files, ...extra };
}

/** Six Odoo addons in the OCA layout; `library_fine` extends `library`'s loan model. */
function odooRepo(extra: Record<string, string>): Record<string, string> {
  const files: Record<string, string> = {};
  const addons = ['library', 'library_fine', 'library_member', 'library_report', 'library_import', 'library_portal'];
  for (const a of addons) {
    files[`${a}/__init__.py`] = 'from . import models\n';
    files[`${a}/__manifest__.py`] =
      `{\n    'name': '${a}',\n    'version': '17.0.1.0.0',\n    'depends': ['${a === 'library' ? 'base' : 'library'}'],\n    'data': ['security/ir.model.access.csv', 'views/${a}_views.xml'],\n}\n`;
    files[`${a}/models/__init__.py`] = 'from . import main\n';
    files[`${a}/models/main.py`] =
      `from odoo import fields, models\n\n\nclass ${a.replace(/(^|_)(\w)/g, (_m, _s, c: string) => c.toUpperCase())}Settings(models.Model):\n    _name = '${a}.settings'\n    _description = 'Settings'\n\n    name = fields.Char()\n\n${pyBulk(
        `${a}_x`,
        6,
      )
        .replace(/^/gm, '    ')
        .replace(/^ {4}(""".*"""|import math)$/gm, '    # $1')}\n`;
    files[`${a}/security/ir.model.access.csv`] =
      `id,name,model_id:id,group_id:id,perm_read,perm_write,perm_create,perm_unlink\naccess_${a}_settings,${a} settings,model_${a}_settings,base.group_user,1,1,1,1\n`;
    files[`${a}/views/${a}_views.xml`] =
      `<odoo>\n${lines(12, (i) => `  <record id="${a}_view_${i}" model="ir.ui.view">\n    <field name="name">${a}.view.${i}</field>\n    <field name="model">${a}.settings</field>\n    <field name="arch" type="xml">\n      <form><field name="name"/></form>\n    </field>\n  </record>`)}\n</odoo>\n`;
    files[`${a}/tests/__init__.py`] = 'from . import test_main\n';
    files[`${a}/tests/test_main.py`] =
      `from odoo.tests import TransactionCase\n\n\nclass TestMain(TransactionCase):\n    def test_settings(self):\n        self.assertTrue(self.env['${a}.settings'].create({'name': 'x'}))\n`;
  }
  return { ...files, ...extra };
}

const pytestLog = (test: string, file: string, line: number, message: string, body: string) =>
  [
    '============================= test session starts ==============================',
    'collected 9 items',
    '',
    `${file} F                                                    [100%]`,
    '',
    '=================================== FAILURES ===================================',
    `_______________________________ ${test} _______________________________`,
    '',
    body,
    `E       ${message}`,
    '',
    `${file}:${line}: AssertionError`,
    '=========================== short test summary info ============================',
    `FAILED ${file}::${test} - ${message}`,
    '============================== 1 failed, 8 passed in 0.12s ===============================',
  ].join('\n');

const jestLog = (file: string, title: string, line: number, col: number, expected: string, received: string, source: string) =>
  [
    `FAIL ${file}`,
    `  ● ${title}`,
    '',
    '    expect(received).toBe(expected) // Object.is equality',
    '',
    `    Expected: ${expected}`,
    `    Received: ${received}`,
    '',
    `    > ${line} |   ${source}`,
    '',
    `      at Object.toBe (${file}:${line}:${col})`,
    '',
    'Tests:       1 failed, 8 passed, 9 total',
  ].join('\n');

const odooLog = (module: string, file: string, cls: string, test: string, line: number, code: string, error: string) =>
  [
    `2026-01-02 10:00:00,123 4242 INFO odoo odoo.addons.${module}.tests.${file}: Starting ${cls}.${test} ...`,
    `2026-01-02 10:00:00,124 4242 ERROR odoo odoo.addons.${module}.tests.${file}: FAIL: ${cls}.${test}`,
    'Traceback (most recent call last):',
    `  File "/__w/library/library/${module}/tests/${file}.py", line ${line}, in ${test}`,
    `    ${code}`,
    error,
    '2026-01-02 10:00:01,000 4242 ERROR odoo odoo.modules.loading: At least one test failed when loading the modules.',
  ].join('\n');

/** The cases. Built fresh each time: deterministic text, nothing read from outside the project. */
export function realisticCases(): RealisticCase[] {
  const cases: RealisticCase[] = [];
  const codecPy = `${pyBulk('codec', 120)}\n\ndef parse(text):\n    """Split a CSV line into fields."""\n    fields = text.split(",")\n    return fields[:1]  ${FIX}\n`;
  // large-file: the function the test calls sits past line 600 of its module.
  cases.push({
    id: 'py-large-module',
    cause: 'large-file',
    files: pythonRepo({
      'ledger/imports/codec.py': codecPy.replace(`  ${FIX}`, `  # keep the first field only${FIX}`),
      'tests/test_codec.py': 'from ledger.imports.codec import parse\n\n\ndef test_parse_roundtrip():\n    assert parse("a,b") == ["a", "b"]\n',
    }),
    command: 'python -m pytest -q',
    output: pytestLog(
      'test_parse_roundtrip',
      'tests/test_codec.py',
      5,
      "AssertionError: assert ['a'] == ['a', 'b']",
      '    def test_parse_roundtrip():\n>       assert parse("a,b") == ["a", "b"]',
    ),
  });
  for (const ts of [false, true]) {
    const ext = ts ? 'ts' : 'js';
    const t = ts ? ': number' : '';
    cases.push({
      id: `${ext}-large-module`,
      cause: 'large-file',
      files: jsRepo(
        {
          [`src/pricing/rounding.${ext}`]: `${jsBulk('round', 130, ts)}\nexport function roundPrice(value${t})${t} {\n  const cents = Math.round(value * 100);\n  return cents / 10;  // ${FIX}\n}\n`,
          [`test/rounding.test.${ext}`]: `import { roundPrice } from '../src/pricing/rounding';\n\ntest('rounds to cents', () => {\n  expect(roundPrice(1.234)).toBe(1.23);\n});\n`,
        },
        ts,
      ),
      command: 'jest --ci',
      output: jestLog(`test/rounding.test.${ext}`, 'rounds to cents', 4, 30, '1.23', '12.3', 'expect(roundPrice(1.234)).toBe(1.23);'),
    });
  }
  // two-hops: the test calls parse(), parse calls toBytes() in another module; the bug is in the callee.
  cases.push({
    id: 'py-two-hops',
    cause: 'two-hops',
    files: pythonRepo({
      'ledger/sync/wire.py': `${pyBulk('wire', 20)}\n\ndef to_bytes(text):\n    return text.encode("ascii")  ${FIX}\n`,
      'ledger/sync/reader.py': 'from ledger.sync.wire import to_bytes\n\n\ndef parse(text):\n    cleaned = text.strip()\n    return to_bytes(cleaned)\n',
      'tests/test_reader.py': 'from ledger.sync.reader import parse\n\n\ndef test_parse_accents():\n    assert parse(" café ") == "café".encode("utf-8")\n',
    }),
    command: 'python -m pytest -q',
    output: pytestLog(
      'test_parse_accents',
      'tests/test_reader.py',
      5,
      "UnicodeEncodeError: 'ascii' codec can't encode character '\\xe9' in position 3: ordinal not in range(128)",
      '    def test_parse_accents():\n>       assert parse(" café ") == "café".encode("utf-8")',
    ),
  });
  for (const ts of [false, true]) {
    const ext = ts ? 'ts' : 'js';
    const t = ts ? ': string' : '';
    cases.push({
      id: `${ext}-two-hops`,
      cause: 'two-hops',
      files: jsRepo(
        {
          [`src/search/normalize.${ext}`]: `${jsBulk('norm', 15, ts)}\nexport function foldCase(text${t})${t} {\n  return text.toUpperCase();  // ${FIX}\n}\n`,
          [`src/search/query.${ext}`]: `import { foldCase } from './normalize';\n\nexport function parseQuery(text${t}) {\n  const words = text.split(' ');\n  return words.map((w) => foldCase(w));\n}\n`,
          [`test/query.test.${ext}`]: `import { parseQuery } from '../src/search/query';\n\ntest('parses lower-case words', () => {\n  expect(parseQuery('Red Shoes').join(' ')).toBe('red shoes');\n});\n`,
        },
        ts,
      ),
      command: 'jest --ci',
      output: jestLog(
        `test/query.test.${ext}`,
        'parses lower-case words',
        4,
        45,
        '"red shoes"',
        '"RED SHOES"',
        "expect(parseQuery('Red Shoes').join(' ')).toBe('red shoes');",
      ),
    });
  }
  // recent-change: the last commit changed a constant that no frame shows.
  const unitsGreen = `${pyBulk('units', 10)}\nCM_PER_INCH = 2.54\n`;
  const greenPy = pythonRepo({
    'ledger/reports/units.py': unitsGreen,
    'ledger/reports/layout.py': 'from ledger.reports import units\n\n\ndef page_width_cm(inches):\n    return round(inches * units.CM_PER_INCH, 2)\n',
    'tests/test_layout.py': 'from ledger.reports.layout import page_width_cm\n\n\ndef test_a4_width():\n    assert page_width_cm(8.27) == 21.01\n',
  });
  cases.push({
    id: 'py-recent-change',
    cause: 'recent-change',
    green: greenPy,
    files: { ...greenPy, 'ledger/reports/units.py': unitsGreen.replace('CM_PER_INCH = 2.54', `CM_PER_INCH = 2.45${FIX}`) },
    command: 'python -m pytest -q',
    output: pytestLog(
      'test_a4_width',
      'tests/test_layout.py',
      5,
      'assert 20.26 == 21.01',
      '    def test_a4_width():\n>       assert page_width_cm(8.27) == 21.01',
    ),
  });
  const greenTs = jsRepo(
    {
      'src/shipping/rates.ts': `${jsBulk('rate', 10, true)}\nexport const FREE_SHIPPING_FROM = 50;\n`,
      'src/shipping/quote.ts':
        "import { FREE_SHIPPING_FROM } from './rates';\n\nexport function shippingCost(total: number): number {\n  return total >= FREE_SHIPPING_FROM ? 0 : 4.9;\n}\n",
      'test/quote.test.ts': "import { shippingCost } from '../src/shipping/quote';\n\ntest('free from 50', () => {\n  expect(shippingCost(60)).toBe(0);\n});\n",
    },
    true,
  );
  cases.push({
    id: 'ts-recent-change',
    cause: 'recent-change',
    green: greenTs,
    files: {
      ...greenTs,
      'src/shipping/rates.ts': (greenTs['src/shipping/rates.ts'] ?? '').replace('FREE_SHIPPING_FROM = 50;', `FREE_SHIPPING_FROM = 500;${FIX}`),
    },
    command: 'jest --ci',
    output: jestLog('test/quote.test.ts', 'free from 50', 4, 29, '0', '4.9', 'expect(shippingCost(60)).toBe(0);'),
  });
  // js-dependency: a package the code requires is missing from package.json.
  for (const [id, pkg] of [
    ['js-missing-dependency', 'left-pad'],
    ['js-missing-scoped-dependency', '@acme/money'],
  ] as const) {
    const files = jsRepo({
      'src/format/pad.js': `const pad = require('${pkg}');\n\nexports.padId = (id) => pad(String(id), 8, '0');\n`,
      'test/pad.test.js': "const { padId } = require('../src/format/pad');\n\ntest('pads ids', () => {\n  expect(padId(42)).toBe('00000042');\n});\n",
    });
    files['package.json'] = (files['package.json'] ?? '').replace('"lodash": "^4.17.21"', `"lodash": "^4.17.21"${FIX}`);
    cases.push({
      id,
      cause: 'js-dependency',
      files,
      command: 'jest --ci',
      output: [
        'FAIL test/pad.test.js',
        '  ● Test suite failed to run',
        '',
        `    Cannot find module '${pkg}' from 'src/format/pad.js'`,
        '',
        '    Require stack:',
        '      src/format/pad.js',
        '      test/pad.test.js',
        '',
        `    > 1 | const pad = require('${pkg}');`,
        '',
        '      at Resolver._throwModNotFoundError (node_modules/jest-resolve/build/resolver.js:427:11)',
        '      at Object.require (src/format/pad.js:1:13)',
        '',
        'Test Suites: 1 failed, 8 passed, 9 total',
      ].join('\n'),
    });
  }
  // no-frame: the error carries no repository frame; the failing command names the test file.
  cases.push({
    id: 'js-no-frame',
    cause: 'no-frame',
    files: jsRepo({
      'src/users/names.js': "exports.initials = (name) => name.split(' ').map((w) => w[1]).join('');" + ` // ${FIX}\n`,
      'test/names.test.js':
        "const assert = require('node:assert');\nconst { initials } = require('../src/users/names');\n\nassert.strictEqual(initials('Ada Lovelace'), 'AL');\n",
    }),
    command: 'node test/names.test.js',
    output: [
      "node:assert:124\n  throw new AssertionError(obj);\n  ^\n\nAssertionError [ERR_ASSERTION]: Expected values to be strictly equal:\n\n'do' !== 'AL'\n\n    at node:internal/main/run_main_module:28:49 {\n  generatedMessage: true,\n  code: 'ERR_ASSERTION'\n}\n\nNode.js v24.0.0",
    ].join('\n'),
  });
  cases.push({
    id: 'py-no-frame',
    cause: 'no-frame',
    files: pythonRepo({
      'ledger/billing/vat.py': `def vat(amount, rate=0.2):\n    return amount * rate * 100  ${FIX}\n`,
      'tests/test_vat.py': 'from ledger.billing.vat import vat\n\n\ndef test_vat():\n    assert vat(100) == 20\n',
    }),
    command: 'python -m pytest -q tests/test_vat.py',
    output: 'F                                                                        [100%]\nFAILED tests/test_vat.py::test_vat\n1 failed in 0.03s',
  });
  // budget: the error is inside a short callback of a long function; twenty imports compete.
  for (const ts of [false, true]) {
    const ext = ts ? 'ts' : 'js';
    const t = ts ? ': number[]' : '';
    const imports = lines(20, (i) => `import { cart${(i % 4) + 1}Step${i % 10 || 1} as s${i} } from './part${(i % 4) + 1}';`);
    cases.push({
      id: `${ext}-budget-callback`,
      cause: 'budget',
      files: jsRepo(
        {
          [`src/cart/totals.${ext}`]: `${imports}\n\nexport function cartTotal(prices${t}, discount = 0) {\n  const steps = [${lines(20, (i) => `s${i}`).replace(/\n/g, ', ')}];\n  let total = 0;\n  const count = prices.length;\n  const discounted = prices.map((p) => {\n    const off = p * discount;\n    return p + off;  // ${FIX}\n  });\n  for (const p of discounted) total += p;\n  if (steps.length > 100) total = 0;\n  if (count === 0) return 0;\n  return Math.round(total * 100) / 100;\n}\n`,
          [`test/totals.test.${ext}`]: `import { cartTotal } from '../src/cart/totals';\n\ntest('applies the discount', () => {\n  expect(cartTotal([10, 20], 0.1)).toBe(27);\n});\n`,
        },
        ts,
      ),
      command: 'jest --ci',
      output: jestLog(`test/totals.test.${ext}`, 'applies the discount', 4, 37, '27', '33', 'expect(cartTotal([10, 20], 0.1)).toBe(27);'),
    });
  }
  // odoo-registry: the test reaches the code through env[...], env.ref, inheritance, access rights.
  const loan = (body: string) =>
    `from odoo import api, fields, models\n\n\nclass LibraryLoan(models.Model):\n    _name = 'library.loan'\n    _description = 'Loan'\n\n    start = fields.Date()\n    due_date = fields.Date(compute='_compute_due_date')\n${body}\n`;
  const loanTest = (code: string) =>
    `from odoo.tests import TransactionCase\n\n\nclass TestLoan(TransactionCase):\n    def test_loan(self):\n        ${code}\n`;
  cases.push({
    id: 'odoo-env-model',
    cause: 'odoo-registry',
    files: odooRepo({
      'library/models/loan.py': loan(
        `\n    @api.depends('start')\n    def _compute_due_date(self):\n        for loan in self:\n            loan.due_date = fields.Date.add(loan.start, days=7)  ${FIX}\n`,
      ),
      'library/tests/test_loan.py': loanTest(
        "loan = self.env['library.loan'].create({'start': '2026-01-01'})\n        self.assertEqual(str(loan.due_date), '2026-01-15')",
      ),
    }),
    command: 'odoo -d test --test-enable --stop-after-init -i library',
    output: odooLog(
      'library',
      'test_loan',
      'TestLoan',
      'test_loan',
      7,
      "self.assertEqual(str(loan.due_date), '2026-01-15')",
      "AssertionError: '2026-01-08' != '2026-01-15'",
    ),
  });
  cases.push({
    id: 'odoo-env-method',
    cause: 'odoo-registry',
    files: odooRepo({
      'library/models/loan.py': loan(`\n    def action_return(self):\n        self.write({'state': 'open'})  ${FIX}\n        return True\n`),
      'library/tests/test_loan.py': loanTest(
        "loan = self.env['library.loan'].create({})\n        loan.action_return()\n        self.assertEqual(loan.state, 'returned')",
      ),
    }),
    command: 'odoo -d test --test-enable --stop-after-init -i library',
    output: odooLog('library', 'test_loan', 'TestLoan', 'test_loan', 8, "self.assertEqual(loan.state, 'returned')", "AssertionError: 'open' != 'returned'"),
  });
  cases.push({
    id: 'odoo-inherited-model',
    cause: 'odoo-registry',
    files: odooRepo({
      'library/models/loan.py': loan(''),
      'library_fine/models/loan.py': `from odoo import fields, models\n\n\nclass LibraryLoan(models.Model):\n    _inherit = 'library.loan'\n\n    fine = fields.Float(compute='_compute_fine')\n\n    def _compute_fine(self):\n        for loan in self:\n            loan.fine = 0.5 * 10  ${FIX}\n`,
      'library_fine/tests/test_fine.py': loanTest("loan = self.env['library.loan'].create({})\n        self.assertEqual(loan.fine, 0.0)"),
    }),
    command: 'odoo -d test --test-enable --stop-after-init -i library_fine',
    output: odooLog('library_fine', 'test_fine', 'TestLoan', 'test_loan', 7, 'self.assertEqual(loan.fine, 0.0)', 'AssertionError: 5.0 != 0.0'),
  });
  cases.push({
    id: 'odoo-env-ref-record',
    cause: 'odoo-registry',
    files: odooRepo({
      'library/models/loan.py': loan(''),
      'library/data/loan_data.xml': `<odoo>\n  <record id="loan_demo" model="library.loan">\n    <field name="start">2026-01-01</field>\n    <field name="days">7</field>${FIX}\n  </record>\n</odoo>\n`,
      'library/tests/test_loan.py': loanTest("demo = self.env.ref('library.loan_demo')\n        self.assertEqual(demo.days, 14)"),
    }),
    command: 'odoo -d test --test-enable --stop-after-init -i library',
    output: odooLog('library', 'test_loan', 'TestLoan', 'test_loan', 7, 'self.assertEqual(demo.days, 14)', 'AssertionError: 7 != 14'),
  });
  cases.push({
    id: 'odoo-access-rights',
    cause: 'odoo-registry',
    files: odooRepo({
      'library/models/loan.py': loan(''),
      'library/security/ir.model.access.csv': `id,name,model_id:id,group_id:id,perm_read,perm_write,perm_create,perm_unlink\naccess_library_settings,library settings,model_library_settings,base.group_user,1,1,1,1${FIX}\n`,
      'library/tests/test_loan.py': loanTest("self.env['library.loan'].with_user(self.env.ref('base.user_demo')).create({})"),
    }),
    command: 'odoo -d test --test-enable --stop-after-init -i library',
    output: odooLog(
      'library',
      'test_loan',
      'TestLoan',
      'test_loan',
      6,
      "self.env['library.loan'].with_user(self.env.ref('base.user_demo')).create({})",
      "odoo.exceptions.AccessError: You are not allowed to create 'Loan' (library.loan) records. (Document model: library.loan)",
    ),
  });
  cases.push({
    id: 'odoo-view-parse-error',
    cause: 'odoo-registry',
    files: odooRepo({
      'library_member/views/member_views.xml': `<odoo>\n  <record id="member_form" model="ir.ui.view">\n    <field name="model">library.member.settings</field>\n    <field name="inherit_id" ref="library.library_view_1"/>\n    <field name="arch" type="xml">\n      <xpath expr="//field[@name='partner_id']" position="after">${FIX}\n        <field name="card"/>\n      </xpath>\n    </field>\n  </record>\n</odoo>\n`,
    }),
    command: 'odoo -d test --stop-after-init -i library_member',
    output: [
      '2026-01-02 10:00:00,123 4242 INFO odoo odoo.modules.loading: loading library_member/views/member_views.xml',
      'odoo.tools.convert.ParseError: while parsing /__w/library/library/library_member/views/member_views.xml:2',
      'Error while parsing or validating view:',
      '',
      `Element '<xpath expr="//field[@name='partner_id']">' cannot be located in parent view`,
    ].join('\n'),
  });
  return cases;
}

export interface RealisticResult {
  id: string;
  cause: Cause;
  needed: { place: string; covered: boolean }[];
  covered: boolean;
  tokens: number;
}

/** Where a case's fix lines are: each line of its files that carries the marker. */
function fixLines(c: RealisticCase): { file: string; line: number }[] {
  const needed: { file: string; line: number }[] = [];
  for (const [path, text] of Object.entries(c.files)) {
    text.split('\n').forEach((l, i) => {
      if (l.includes(FIX)) needed.push({ file: path, line: i + 1 });
    });
  }
  return needed;
}

/** Writes files into `dir`, the fix marker (and the comment introducing it) removed. */
function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text.replaceAll(`  ${FIX}`, '').replaceAll(` // ${FIX}`, '').replaceAll(`  // ${FIX}`, '').replaceAll(FIX, ''));
  }
}

/** Whether the context of each case shows the lines its correct fix changes, within `maxTokens`. */
export async function realisticCoverage(c: RealisticCase, maxTokens = 6000, options: { index?: boolean } = {}): Promise<RealisticResult> {
  const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-realistic-'));
  try {
    const needed = fixLines(c);
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: 'c',
      GIT_AUTHOR_EMAIL: 'c@c',
      GIT_COMMITTER_NAME: 'c',
      GIT_COMMITTER_EMAIL: 'c@c',
      GIT_CONFIG_NOSYSTEM: '1',
    };
    const git = (args: string) => runShell(`git ${args}`, dir, env, 30_000);
    await git('init --quiet -b main');
    // The last green commit first, where the case has one: its diff is the recent change.
    if (c.green) {
      writeFiles(dir, c.green);
      await git('add -A');
      await git('commit --quiet -m green');
    }
    writeFiles(dir, c.files);
    await git('add -A');
    await git('commit --quiet -m failing');
    const ws = new GitWorkspace(dir);
    const log = githubJobLog([{ name: `Run ${c.command}`, command: c.command, output: c.output, exitCode: 1 }]);
    const failure = await resolveErrorFiles(extractFailure(logsFromText(log)), (p) => ws.fileExists(p));
    const changes = c.green ? await ws.changesSince('HEAD~1') : [];
    // `index: false` measures the context without the definitions index and the registry search.
    const index =
      options.index === false
        ? {}
        : {
            findDefinitions: (names: readonly string[]) => ws.findDefinitions(names),
            searchFiles: (ere: string, paths: readonly string[]) => ws.searchFiles(ere, paths),
          };
    const context = await selectContext(failure, (p) => ws.readFile(p), maxTokens, { changes, ...index });
    const shown = needed.map((n) => ({
      place: `${n.file}:${n.line}`,
      covered:
        context.sections.some((s) => s.file === n.file && s.startLine <= n.line && n.line <= s.endLine) || context.changes.some((ch) => ch.file === n.file),
    }));
    return { id: c.id, cause: c.cause, needed: shown, covered: shown.length > 0 && shown.every((n) => n.covered), tokens: context.tokens };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Coverage per case and per cause, with the tokens used. */
export function renderRealistic(results: readonly RealisticResult[], maxTokens: number): string {
  const causes = [...new Set(results.map((r) => r.cause))];
  return [
    'realistic repositories (40+ files, modules of 600+ lines, six Odoo addons):',
    ...results.map(
      (r) =>
        `${r.covered ? 'ok  ' : 'MISS'} ${r.id.padEnd(32)} ${r.cause.padEnd(14)} ${String(r.tokens).padStart(5)} tokens  ${r.needed
          .filter((n) => !n.covered)
          .map((n) => `missing ${n.place}`)
          .join(', ')}`,
    ),
    '',
    ...causes.map((cause) => {
      const of = results.filter((r) => r.cause === cause);
      return `  ${cause.padEnd(14)} ${of.filter((r) => r.covered).length}/${of.length}`;
    }),
    coverageSummary(results, maxTokens),
  ].join('\n');
}
