import type { SearchFiles } from '../ports.js';
import type { Failure } from '../types.js';

/**
 * What a failing Odoo test or traceback reaches through Odoo's registry rather than an import:
 * models by name (`env['library.loan']`, `Expected singleton: library.loan(…)`), records and views
 * by XML id (`env.ref('library.loan_demo')`, `External ID not found in the system: x.y`), and, for
 * an access error, the model's access rows.
 */
export interface OdooReach {
  models: string[];
  xmlIds: string[];
  /** Models whose access rows matter (an AccessError names them). */
  access: string[];
}

const MODEL = /^[a-z_][\w]*(?:\.[a-z_]\w*)+$/;

export function odooReach(failure: Failure, code: readonly string[]): OdooReach {
  const models = new Set<string>();
  const xmlIds = new Set<string>();
  const access = new Set<string>();
  const texts = [...code, ...failure.errors.map((e) => e.message)];
  for (const t of texts) {
    for (const m of t.matchAll(/\benv\[\s*['"]([\w.]+)['"]\s*\]/g)) if (m[1] && MODEL.test(m[1])) models.add(m[1]);
    for (const m of t.matchAll(/Expected singleton: ([\w.]+)\(|\b(?:_name|_inherit)\s*=\s*['"]([\w.]+)['"]/g)) {
      const name = m[1] ?? m[2];
      if (name && MODEL.test(name)) models.add(name);
    }
    for (const m of t.matchAll(
      /\.ref\(\s*['"]([\w.]+)['"]|External ID not found in the system: ([\w.]+)|No matching record found for external id '([\w.]+)'/g,
    )) {
      const id = m[1] ?? m[2] ?? m[3];
      if (id) xmlIds.add(id);
    }
    for (const m of t.matchAll(/AccessError[^\n]*?\(?(?:model|Document type|document model)[:\s]+['"`]?([\w.]+)/gi))
      if (m[1] && MODEL.test(m[1])) access.add(m[1]);
  }
  return { models: [...models].slice(0, 12), xmlIds: [...xmlIds].slice(0, 12), access: [...access].slice(0, 6) };
}

const literal = (s: string) => s.replace(/[.[\]()*+?^$|\\{}]/g, '\\$&');

export interface RegistryPlace {
  file: string;
  line: number;
  reason: string;
  /** Models and records first, access rows with the manifests. */
  kind: 'model' | 'record' | 'access';
}

/** Where the repository defines what the failure reaches: model classes (`_name`, `_inherit`), XML records, access rows. */
export async function findRegistryPlaces(reach: OdooReach, search: SearchFiles): Promise<RegistryPlace[]> {
  const out: RegistryPlace[] = [];
  const models = [...new Set([...reach.models, ...reach.access])];
  if (models.length) {
    const alt = models.map(literal).join('|');
    const rows = await search(`_(name|inherit)[[:space:]]*=.*['"](${alt})['"]`, ['*.py']);
    for (const r of rows) {
      const model = models.find((m) => new RegExp(`['"]${literal(m)}['"]`).test(r.text));
      if (model)
        out.push({ file: r.file, line: r.line, reason: `the model \`${model}\` (${/_inherit/.test(r.text) ? 'extended' : 'defined'} here)`, kind: 'model' });
    }
  }
  if (reach.xmlIds.length) {
    const names = reach.xmlIds.map((id) => id.split('.').pop() ?? id);
    const rows = await search(`id=['"](${names.map(literal).join('|')})['"]`, ['*.xml']);
    for (const r of rows) {
      const id = reach.xmlIds.find((x) => {
        const [module, name] = x.includes('.') ? x.split('.') : [null, x];
        // A module-qualified id lives in that addon's folder.
        return new RegExp(`id=['"]${literal(name ?? x)}['"]`).test(r.text) && (!module || r.file.startsWith(`${module}/`) || r.file.includes(`/${module}/`));
      });
      if (id) out.push({ file: r.file, line: r.line, reason: `the record \`${id}\``, kind: 'record' });
    }
  }
  if (reach.access.length) {
    const ids = reach.access.map((m) => `model_${m.replace(/\./g, '_')}`);
    const rows = await search(`(${ids.map(literal).join('|')})\\b`, ['*ir.model.access.csv']);
    for (const r of rows) out.push({ file: r.file, line: r.line, reason: 'the access rights of the model', kind: 'access' });
    // A model with no row at all (the likeliest cause): the access file of the addon that defines it.
    const missing = reach.access.filter((_m, i) => !rows.some((r) => new RegExp(`${literal(ids[i] ?? '')}\\b`).test(r.text)));
    const addons = out
      .filter((p) => p.kind === 'model' && /defined here/.test(p.reason) && missing.some((m) => p.reason.includes(`\`${m}\``)))
      .map((p) => p.file.split('/')[0]);
    if (addons.length) {
      for (const r of await search('^id,', ['*ir.model.access.csv'])) {
        if (addons.includes(r.file.split('/')[0]))
          out.push({ file: r.file, line: r.line, reason: 'the access rights of the addon that defines the model (no row for it)', kind: 'access' });
      }
    }
  }
  return out.slice(0, 16);
}
