import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PLACEHOLDER_URI, supersetBundle, supersetZip } from '../metrics/superset.js';
import { type CommandRun, parseFlags, UsageError } from './args.js';

/** `superset-bundle`: the dashboard as a Superset import bundle, a ZIP or a folder of YAML files. */
export const run: CommandRun = async (args, { err }) => {
  const { values } = parseFlags(args, {
    out: { type: 'string' },
    'database-uri': { type: 'string' },
  });
  if (!values.out) throw new UsageError('--out is required: a .zip to import, or a folder');
  const uri = values['database-uri'] ?? PLACEHOLDER_URI;
  if (!/^postgres(ql)?(\+\w+)?:\/\/\S+$/.test(uri))
    throw new UsageError(`--database-uri must be a PostgreSQL SQLAlchemy URI such as postgresql://user:password@host:5432/db, got ${uri}`);
  const files = supersetBundle(uri);
  if (values.out.endsWith('.zip')) {
    mkdirSync(dirname(values.out), { recursive: true });
    writeFileSync(values.out, supersetZip(files));
  } else {
    for (const [path, text] of files) {
      mkdirSync(dirname(join(values.out, path)), { recursive: true });
      writeFileSync(join(values.out, path), text);
    }
  }
  err(
    `Superset bundle (${files.size} files) written to ${values.out}${values['database-uri'] ? '' : `, pointing at ${PLACEHOLDER_URI} (set --database-uri)`}.\n`,
  );
  return 0;
};
