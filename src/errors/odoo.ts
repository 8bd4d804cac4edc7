import type { ErrorLocation } from '../types.js';
import { type Extractor, isRepoPath, loc } from './location.js';

/**
 * Odoo's server log. Every line is a log record (`<date> <time>,<ms> <pid> <LEVEL> <db>
 * <logger>: <message>`; odoo.sh's older `<date> <time> | <LEVEL> | <db> | <message>`; under
 * docker compose a `<service>  | ` column first), and old test runners (maintainer-quality-tools)
 * write each traceback line as a record of its own behind a backtick. Read as the plain lines a
 * Python traceback or unittest report is, the families that know those read them.
 */
const RECORD =
  /^(?:[\w.-]+\s+\|\s)?(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \d+ (DEBUG|INFO|WARNING|ERROR|CRITICAL|TEST|\?) \S+ ([\w.]+): |\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d \| (DEBUG|INFO|WARNING|ERROR|CRITICAL) \| (\S+) \| )/;
// Odoo 12+ names a failed test `Class.test` in a record of the test module's logger.
const MODERN_HEAD = /^(FAIL|ERROR): (\w+)\.(\w+)$/;

/** Whether a step's lines are an Odoo server log. */
export function isOdooLog(lines: readonly string[]): boolean {
  let records = 0;
  for (const l of lines) {
    const m = RECORD.exec(l);
    if (m && (!m[2] || /^(?:odoo|openerp|werkzeug|unittest|py\.warnings)\b/.test(m[2]))) records++;
    if (records >= 3) return true;
  }
  return false;
}

/**
 * The lines of an Odoo log as plain text: MQT's backtick records become the traceback lines they
 * carry; other records keep a short `LEVEL logger: ` head, so that a report ends where the next
 * record starts; a modern `FAIL: Class.test` is written as unittest writes it,
 * `FAIL: test (odoo.addons.<module>.tests.<file>.Class)`. One line out for each line in, so line
 * numbers hold.
 */
export function plainOdooLines(lines: readonly string[]): string[] {
  return lines.map((l) => {
    const m = RECORD.exec(l);
    if (!m) return l;
    const text = l.slice(m[0].length);
    if (text.startsWith('`')) return text.slice(text.startsWith('` ') ? 2 : 1);
    const level = m[1] ?? m[3] ?? 'INFO';
    const logger = m[2] ?? m[4] ?? 'odoo';
    const head = MODERN_HEAD.exec(text);
    const said = head && /^(?:odoo|openerp)\.addons\./.test(logger) ? `${head[1]}: ${head[3]} (${logger}.${head[2]})` : text;
    return `${level} ${logger}: ${said}`;
  });
}

/** An Odoo checkout's path made repository-relative: addon paths of doodba's and runbot's layouts. */
function addonPath(path: string): string {
  return path
    .replace(/^\/+/, '/')
    .replace(/^\/opt\/odoo\/(?:auto\/addons|custom\/src\/[^/]+)\//, '')
    .replace(/^\/home\/odoo\/src\/(?:user|enterprise)\//, '');
}

// An XML file Odoo could not load: odoo.tools.convert's ParseError, old and new.
const XML_PARSE = /(?:Parse error in|ParseError: while parsing) (\S+?\.xml):(\d+)/;
// What went wrong in a view, printed after the ParseError or on its own.
const VIEW_CAUSE = /cannot be located in parent view|Field [`'"]?\w+[`'"]? does not exist|Invalid view definition|Invalid field ['"]?\w+['"]? on model/;
// After a ParseError, a missing record is the cause too (alone, it is as likely a test's own error).
const RECORD_CAUSE = /External ID not found in the system: \S+|No matching record found for external id/;
const TB_FILE = /^\s*File "([^"]+)", line (\d+)/;
// A module Odoo cannot install: what the manifest needs that is not there, or asks for wrongly.
const MODULE_ERROR =
  /external dependency (?:is not met|.* not installed)[^'")]*|depends on module ['"]?[\w.]+['"]?|Modules .* are incompatible\.?|invalid manifest|Invalid version '[^']+'|Unmet dependencies: .+|Some modules are not loaded, some dependencies or manifest may be missing: .+|Module \S+ not found/;
// OpenUpgrade names the migration script that failed.
const MIGRATION = /error in migration script (\S+\.py): (.+)$/;
// pylint-odoo: `path:line: [C8106(manifest-version-format), ] message` and pylint's older
// `C:  8, 0: message (symbol)` under `************* Module <dotted path>`.
const PYLINT_ODOO = /^(\S+?\.py):(\d+): \[([CEFRW]\d{4})\(([\w-]+)\), [^\]]*\] (.+)$/;
const PYLINT_OLD = /^([CEFRW]):\s*(\d+),\s*\d+: (.+) \(([\w-]+)\)$/;
const PYLINT_MODULE = /^\*{13} Module (\S+)$/;
// OCA's pre-commit hooks: `path:line message - [check-name]`.
const OCA_HOOK = /^(\S+?\.(?:xml|py|csv|po|pot)):(\d+) (.+?) - \[([\w-]+)\]$/;

/** What Odoo's own code reports: XML records and views it cannot load, modules it cannot install, migration scripts, pylint-odoo and OCA hooks. */
export const extractOdoo: Extractor = (lines) => {
  const out: ErrorLocation[] = [];
  let module: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const l = (lines[i] ?? '').trim();
    const xml = XML_PARSE.exec(l);
    if (xml?.[1]) {
      const cause = lines.slice(i + 1, i + 30).find((x) => VIEW_CAUSE.test(x) || RECORD_CAUSE.test(x));
      const file = addonPath(xml[1]);
      const where = isRepoPath(file) ? file : (/\/((?:odoo\/)?addons\/.+\.xml)$/.exec(file)?.[1] ?? null);
      out.push(loc('odoo', cause ? `${cause.trim()}\n${l}` : l, where, xml[2]));
      continue;
    }
    const migration = MIGRATION.exec(l);
    if (migration?.[1]) {
      const file = /\/((?:odoo\/)?addons\/.+\.py)$/.exec(migration[1])?.[1] ?? addonPath(migration[1]);
      // The script's line, from the traceback that follows, where there is one.
      const base = migration[1].split('/').pop() ?? '';
      const frame = lines
        .slice(i + 1, i + 60)
        .map((x) => TB_FILE.exec(x))
        .filter((f) => f?.[1]?.endsWith(`/${base}`))
        .at(-1);
      out.push(loc('odoo', l, file, frame?.[2]));
      continue;
    }
    const pylint = PYLINT_ODOO.exec(l);
    if (pylint?.[1]) {
      out.push(loc('pylint-odoo', `${pylint[3]}(${pylint[4]}) ${pylint[5]}`, pylint[1], pylint[2]));
      continue;
    }
    const header = PYLINT_MODULE.exec(l);
    if (header?.[1]) module = header[1];
    const old = PYLINT_OLD.exec(l);
    if (old?.[3] && module) {
      out.push(loc('pylint-odoo', `${old[3]} (${old[4]})`, `${module.replace(/\./g, '/')}.py`, old[2]));
      continue;
    }
    const hook = OCA_HOOK.exec(l);
    if (hook?.[1]) {
      out.push(loc('oca-hooks', `${hook[3]} [${hook[4]}]`, hook[1], hook[2]));
      continue;
    }
    const moduleError = MODULE_ERROR.exec(l);
    if (moduleError) {
      out.push(loc('odoo', l, null));
      continue;
    }
    if (VIEW_CAUSE.test(l) && !out.some((e) => e.message.includes(l))) out.push(loc('odoo', l, null));
  }
  return out;
};

// Odoo could not load its registry (an install or a migration failed): no test ran.
const REGISTRY_FAILED = /odoo\.modules\.registry: Failed to load registry|Failed to initialize database `|openerp\.modules\.registry: Failed to load registry/;

/**
 * Odoo's categories by cause: what blocks an install or loading the registry is a build failure;
 * a missing module a dependency; pylint-odoo and OCA hooks lint. `text`: the step's log.
 */
export function odooCategory(errors: readonly ErrorLocation[], text: string): 'build' | 'dependency' | 'lint' | null {
  if (errors.some((e) => e.tool === 'pylint-odoo' || e.tool === 'oca-hooks')) return 'lint';
  const odoo = errors.filter((e) => e.tool === 'odoo');
  if (
    odoo.some((e) =>
      /external dependency|depends on module|are incompatible|Unmet dependencies|not loaded, some dependencies|Module \S+ not found/.test(e.message),
    )
  )
    return 'dependency';
  if (odoo.length > 0 || REGISTRY_FAILED.test(text)) return 'build';
  return null;
}
