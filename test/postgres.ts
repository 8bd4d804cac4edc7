import { postgresBin } from '../scripts/postgres-server.mjs';
import type { Tool } from './helpers.js';

// The server itself lives beside the bench, which starts one too.
export { type PostgresServer, startPostgres } from '../scripts/postgres-server.mjs';

export const POSTGRES: Tool = { name: 'a PostgreSQL server', packages: 'postgresql', present: () => postgresBin() !== null };
