export interface PostgresServer {
  /** postgresql://autofix@127.0.0.1:<port>/postgres (trust authentication, loopback only). */
  url: string;
  port: number;
  /** With tls: the file of the CA that signed the server's certificate (for `sslrootcert`). */
  ca: string | null;
  /** Stops at once, as a crash would (connections are cut); start() brings it back. */
  kill(): void;
  start(): void;
  /** Stops and removes the data. */
  stop(): void;
  /** The URL of a new, empty database on this server: one per test. */
  newDatabase(): Promise<string>;
}
/** Debian's server binaries (/usr/lib/postgresql/<major>/bin, the newest), or null. */
export function postgresBin(): string | null;
/** A throwaway server: initdb into a temp dir, pg_ctl on a free loopback port. */
export function startPostgres(options?: { tls?: boolean }): Promise<PostgresServer>;
