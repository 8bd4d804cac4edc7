// A throwaway PostgreSQL server from Debian's binaries, for the tests and the bench: initdb into
// a temp dir, pg_ctl on a free loopback port, trust authentication. initdb refuses root, so as
// root the server runs as Debian's `postgres` user (or nobody). Types: postgres-server.d.mts.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Debian's server binaries: /usr/lib/postgresql/<major>/bin, the newest major; null when absent. */
export function postgresBin() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const majors = readdirSync(base)
    .filter((d) => existsSync(join(base, d, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] ? join(base, majors[0], 'bin') : null;
}

function runAs() {
  if (process.getuid?.() !== 0) return null;
  for (const user of ['postgres', 'nobody']) {
    const r = spawnSync('id', ['-u', user], { encoding: 'utf8' });
    if (r.status === 0) {
      const gid = Number(spawnSync('id', ['-g', user], { encoding: 'utf8' }).stdout.trim());
      return { prefix: ['runuser', '-u', user, '--'], uid: Number(r.stdout.trim()), gid };
    }
  }
  throw new Error('running as root, and neither a postgres nor a nobody user exists to run PostgreSQL as');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * A certificate authority and a server certificate for localhost and 127.0.0.1 signed by it
 * (openssl, two days): the CA's file is what a client names in `sslrootcert`.
 */
function certificates(dir, owner) {
  const ssl = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=ci-autofix test CA');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  writeFileSync(join(dir, 'san.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'san.cnf');
  chmodSync(join(dir, 'server.key'), 0o600);
  if (owner) for (const f of ['server.key', 'server.crt']) chownSync(join(dir, f), owner.uid, owner.gid);
  return { ca: join(dir, 'ca.pem'), cert: join(dir, 'server.crt'), key: join(dir, 'server.key') };
}

/** With `tls`, the server speaks TLS only (non-TLS connections are rejected) and `ca` names its CA's certificate. */
export async function startPostgres({ tls = false } = {}) {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL server binaries not found: apt-get install -y postgresql');
  const dir = mkdtempSync(join(tmpdir(), 'ci-autofix-pg-'));
  const data = join(dir, 'data');
  const user = runAs();
  if (user) {
    chmodSync(dir, 0o755);
    chownSync(dir, user.uid, user.gid);
  }
  const run = (cmd, args) => {
    const argv = [...(user?.prefix ?? []), join(bin, cmd), ...args];
    execFileSync(argv[0], argv.slice(1), { stdio: 'pipe', cwd: dir });
  };
  run('initdb', ['-D', data, '-U', 'autofix', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C']);
  const port = await freePort();
  let options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c TimeZone=UTC`;
  const certs = tls ? certificates(dir, user) : null;
  if (certs) {
    options += ` -c ssl=on -c ssl_cert_file=${certs.cert} -c ssl_key_file=${certs.key}`;
    // TCP over TLS only; the Unix socket (for pg_ctl) as before.
    const hba = join(data, 'pg_hba.conf');
    writeFileSync(hba, 'local all all trust\nhostssl all all 127.0.0.1/32 trust\nhostnossl all all 127.0.0.1/32 reject\n');
    if (user) chownSync(hba, user.uid, user.gid);
  }
  let running = false;
  let databases = 0;
  const server = {
    url: `postgresql://autofix@127.0.0.1:${port}/postgres`,
    port,
    ca: certs?.ca ?? null,
    start() {
      run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
      running = true;
    },
    kill() {
      if (running) run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      running = false;
    },
    stop() {
      if (running) run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
    async newDatabase() {
      const name = `t${++databases}`;
      const admin = new pg.Client({ connectionString: server.url, ...(certs ? { ssl: { ca: readFileSync(certs.ca, 'utf8') } } : {}) });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return server.url.replace(/\/postgres$/, `/${name}`);
    },
  };
  server.start();
  return server;
}
