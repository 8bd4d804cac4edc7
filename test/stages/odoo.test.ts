import { describe, expect, it } from 'vitest';
import { extractFailure } from '../../src/errors/extract.js';
import { isOdooLog, plainOdooLines } from '../../src/errors/odoo.js';
import { odooSourcePath } from '../../src/errors/python-traceback.js';
import { logsFromText } from '../../src/logs/read-log.js';

// Short excerpts written here in the formats Odoo and its CI tools print (the server log's
// records, MQT's backtick records, odoo.sh's pipes, pylint-odoo, OCA's hooks); Odoo itself cannot
// run on this machine.
const extract = (text: string) => extractFailure(logsFromText(text));
const rec = (level: string, logger: string, message: string) => `2025-01-02 10:00:00,123 4242 ${level} odoo ${logger}: ${message}`;

describe('Odoo server logs', () => {
  it('a modern FAIL record and its plain traceback: the addon frame, the assertion, the unittest id', () => {
    const log = [
      rec('INFO', 'odoo.addons.library.tests.test_loan', 'Starting TestLoan.test_due_date ...'),
      rec('ERROR', 'odoo.addons.library.tests.test_loan', 'FAIL: TestLoan.test_due_date'),
      'Traceback (most recent call last):',
      '  File "/__w/library/library/library/tests/test_loan.py", line 31, in test_due_date',
      '    self.assertEqual(loan.due_date, date(2025, 1, 16))',
      'AssertionError: datetime.date(2025, 1, 15) != datetime.date(2025, 1, 16)',
      rec('INFO', 'odoo.modules.loading', '3 modules loaded in 0.50s, 120 queries'),
      rec('ERROR', 'odoo.modules.loading', 'At least one test failed when loading the modules.'),
    ].join('\n');
    const f = extract(log);
    expect(f.category).toBe('test');
    expect(f.errors[0]).toMatchObject({
      file: 'library/tests/test_loan.py',
      line: 31,
      message: 'AssertionError: datetime.date(2025, 1, 15) != datetime.date(2025, 1, 16)',
      test: 'odoo.addons.library.tests.test_loan.TestLoan.test_due_date',
      logLine: 6,
    });
  });

  it('MQT`s backtick records are read as the traceback they carry', () => {
    const at = (m: string) => rec('ERROR', 'openerp.addons.library.tests.test_loan', m).replace(' odoo openerp', ' openerp_test openerp');
    const log = [
      at('FAIL: test_due_date (openerp.addons.library.tests.test_loan.TestLoan)'),
      at('Traceback (most recent call last):'),
      at('`   File "/home/travis/build/OCA/library/library/tests/test_loan.py", line 31, in test_due_date'),
      at('`     self.assertEqual(1, len(loans))'),
      at('` AssertionError: 1 != 0'),
    ];
    expect(isOdooLog(log)).toBe(true);
    expect(plainOdooLines(log)[2]).toBe('  File "/home/travis/build/OCA/library/library/tests/test_loan.py", line 31, in test_due_date');
    expect(extract(log.join('\n')).errors[0]).toMatchObject({ file: 'library/tests/test_loan.py', line: 31, message: 'AssertionError: 1 != 0' });
  });

  it('a chained exception is one error: the cause`s message at the addon`s deepest frame', () => {
    const log = [
      rec('ERROR', 'odoo.addons.pos_x.tests.test_ui', 'ERROR: TestUi.test_open'),
      'Traceback (most recent call last):',
      '  File "/opt/odoo/odoo/models.py", line 6274, in ensure_one',
      '    _id, = self._ids',
      'ValueError: not enough values to unpack (expected 1, got 0)',
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      '  File "/__w/pos/pos/pos_x/tests/test_ui.py", line 12, in test_open',
      '    self.config.open_ui()',
      '  File "/opt/odoo/odoo/models.py", line 6277, in ensure_one',
      '    raise ValueError("Expected singleton: %s" % self)',
      'ValueError: Expected singleton: pos.config()',
    ].join('\n');
    const errors = extract(log).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'pos_x/tests/test_ui.py', line: 12 });
    expect(errors[0]?.message).toBe('ValueError: not enough values to unpack (expected 1, got 0)\n(then) ValueError: Expected singleton: pos.config()');
  });

  it('an XML file Odoo cannot load: the view, its line and the cause; a build failure', () => {
    const log = [
      rec('INFO', 'odoo.modules.loading', 'loading library/views/loan_views.xml'),
      'odoo.tools.convert.ParseError: while parsing /__w/library/library/library/views/loan_views.xml:12',
      'Error while parsing or validating view:',
      '',
      `Element '<xpath expr="//field[@name='partner_id']">' cannot be located in parent view`,
      rec('CRITICAL', 'odoo.service.server', 'Failed to initialize database `test`.'),
    ].join('\n');
    const f = extract(log);
    expect(f.category).toBe('build');
    expect(f.errors[0]).toMatchObject({ file: 'library/views/loan_views.xml', line: 12, tool: 'odoo' });
    expect(f.errors[0]?.message.split('\n')[0]).toBe(`Element '<xpath expr="//field[@name='partner_id']">' cannot be located in parent view`);
  });

  it.each([
    ['an external dependency', 'Unable to install module "library_git" because an external dependency is not met: No module named \'git\'', 'dependency'],
    ['a module that is not there', "You try to install module 'library_x' that depends on module 'library_core'.", 'dependency'],
    ['a manifest version', "ValueError: Invalid version '15.0.1.0.1'. Modules should have a version in format `x.y`", 'build'],
  ])('%s', (_name, line, category) => {
    const f = extract(`${rec('INFO', 'odoo.modules.loading', 'loading 42 modules...')}\n${line}\n`);
    expect(f.category).toBe(category);
    expect(f.errors[0]?.message).toBe(line);
  });

  it('pylint-odoo, in both its formats, and OCA`s pre-commit hooks are lint, at their file and line', () => {
    const f = extract(
      [
        'library/__manifest__.py:5: [C8106(manifest-version-format), ] Wrong Version Format "1.0" in manifest file. Regex to match: "x"',
        '************* Module library.__manifest__',
        'C:  8, 0: Missing required key "license" in manifest file (manifest-required-key)',
        'library/data/data.xml:7 Duplicate xml record id "x" in library/data/other.xml:3 - [xml-duplicate-record-id]',
      ].join('\n'),
    );
    expect(f.category).toBe('lint');
    expect(f.errors.map((e) => [e.tool, e.file, e.line])).toEqual([
      ['pylint-odoo', 'library/__manifest__.py', 5],
      ['pylint-odoo', 'library/__manifest__.py', 8],
      ['oca-hooks', 'library/data/data.xml', 7],
    ]);
  });

  it('with no frame in the repository, Odoo`s own file is named as in odoo/odoo, its test first', () => {
    expect(odooSourcePath('/opt/odoo/odoo/models.py')).toBe('odoo/models.py');
    expect(odooSourcePath('/odoo/odoo-8.0/addons/website/tests/test_crawl.py')).toBe('addons/website/tests/test_crawl.py');
    expect(odooSourcePath('/home/odoo/src/odoo/addons/web/tests/test_js.py')).toBe('addons/web/tests/test_js.py');
    expect(odooSourcePath('/OpenUpgrade/odoo/modules/migration.py')).toBe('odoo/modules/migration.py');
    expect(odooSourcePath('/usr/lib/python3/dist-packages/requests/api.py')).toBeNull();
    const log = [
      rec('ERROR', 'odoo.addons.web.tests.test_js', 'FAIL: WebSuite.test_js'),
      'Traceback (most recent call last):',
      '  File "/home/odoo/src/odoo/addons/web/tests/test_js.py", line 15, in test_js',
      '  File "/home/odoo/src/odoo/odoo/tests/common.py", line 1418, in browser_js',
      'AssertionError: Some js test failed',
      'Script timeout exceeded : 1800.0',
    ].join('\n');
    const e = extract(log).errors.find((x) => x.tool === 'python');
    expect(e).toMatchObject({
      file: 'addons/web/tests/test_js.py',
      line: 15,
      message: 'AssertionError: Some js test failed\nScript timeout exceeded : 1800.0',
    });
  });

  it('a traceback whose header was cut off is still read; one with neither exception nor repository frame says nothing', () => {
    const f = extract(
      [
        '  File "/opt/odoo/odoo/sql_db.py", line 231, in execute',
        '    res = self._obj.execute(query, params)',
        'IntegrityError: null value in column "x"',
      ].join('\n'),
    );
    expect(f.errors[0]?.message).toBe('IntegrityError: null value in column "x"');
    const g = extract(
      [
        'Traceback (most recent call last):',
        '  File "/usr/lib/python3/x.py", line 1, in f',
        '',
        'library/models/loan.py:3:1: E302 expected 2 blank lines',
      ].join('\n'),
    );
    expect(g.errors.map((e) => e.message)).not.toContain('Python traceback');
  });

  it('a stalled Travis job is a timeout, and the runner`s line is its root error', () => {
    const f = extract('$ travis_run_tests\nrunning tests...\n\nNo output has been received in the last 10m0s, this potentially indicates a stalled build.\n');
    expect(f.category).toBe('timeout');
    expect(f.errors[0]).toMatchObject({ tool: 'runner', logLine: 4 });
    expect(f.errors[0]?.message).toContain('No output has been received in the last 10m0s');
  });
});
