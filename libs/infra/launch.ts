/**
 * The steps both launchers share (`npm start`: apps/launcher/main.ts; `npm run start:cluster`:
 * apps/launcher/cluster.ts): the stop list that Ctrl-C / SIGTERM unwinds, a supervised embedded
 * PostgreSQL, migrations and seed data, a supervised Node process with its own log file, and
 * waiting for an HTTP readiness URL.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../database/data-source';
import { runMigrations } from '../database/migrate';
import { seedDemoData, seedReferenceData } from '../database/seed';
import { piiCipherFromEnv } from '../security/pii-provider';
import { startEmbeddedPostgres } from './postgres';
import { exitedOf, spawnNode, Supervisor } from './supervisor';

export type Say = (message: string) => void;

/** What a launcher started, stopped in reverse order on Ctrl-C, SIGTERM or a failed start-up. */
export class StopList {
  private readonly items: Array<{ name: string; stop: () => Promise<void> }> = [];
  private stopping = false;

  constructor(private readonly say: Say) {}

  /** Installs the Ctrl-C / SIGTERM handlers: each stops everything and exits 0. */
  onSignals(): this {
    process.on('SIGINT', () => void this.shutdown(0, 'Ctrl-C'));
    process.on('SIGTERM', () => void this.shutdown(0, 'SIGTERM'));
    return this;
  }

  push(name: string, stop: () => Promise<void>): void {
    this.items.push({ name, stop });
  }

  async shutdown(code: number, why: string): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.say(`${why}: stopping…`);
    for (const s of this.items.reverse()) {
      try {
        await s.stop();
        this.say(`  stopped ${s.name}`);
      } catch (err) {
        this.say(`  could not stop ${s.name}: ${String(err)}`);
      }
    }
    process.exit(code);
  }
}

/** A supervisor's message: on the console and in the process's own log file. */
export function logTo(say: Say, logFile: string, tag: string): Say {
  return (m) => {
    say(m);
    fs.appendFileSync(logFile, `[${tag} ${new Date().toISOString()}] ${m}\n`);
  };
}

/**
 * Starts the embedded PostgreSQL (persistent data in `dataDir`) under a supervisor that restarts it
 * when the postmaster dies; its log goes to `<logs>/postgres.log`. Returns the server URL.
 */
export async function superviseEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  logs: string;
  stops: StopList;
  say: Say;
  tag: string;
}): Promise<{ serverUrl: string; dataDir: string }> {
  const pgLog = path.join(opts.logs, 'postgres.log');
  const pg = await startEmbeddedPostgres({
    dataDir: opts.dataDir,
    port: opts.port,
    persistent: true,
    log: (l) => fs.appendFileSync(pgLog, `${l}\n`),
  });
  let started = false;
  const sup = await Supervisor.start({
    name: 'PostgreSQL',
    log: logTo(opts.say, pgLog, opts.tag),
    start: async () => {
      if (started) await pg.restart!();
      started = true;
      const postmaster = pg.postmaster!()!;
      return { pid: postmaster.pid, exited: exitedOf(postmaster), stop: pg.stop };
    },
  });
  opts.stops.push('PostgreSQL', () => sup.stop());
  return { serverUrl: pg.serverUrl, dataDir: pg.dataDir ?? opts.dataDir };
}

/** Migrations, reference data, and (outside production) the demo data once. */
export async function prepareDatabase(dbUrl: string, nodeEnv: string, say: Say): Promise<void> {
  const applied = await runMigrations(dbUrl);
  say(`migrations: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
  const ds = await new DataSource(dataSourceOptions(dbUrl)).initialize();
  try {
    await seedReferenceData(ds);
    if (nodeEnv !== 'production') {
      const seeded = await seedDemoData(ds, nodeEnv, piiCipherFromEnv(process.env));
      say(
        seeded
          ? 'demo data: seeded (org tree, one user per role, workers, households)'
          : 'demo data: already there',
      );
    }
  } finally {
    await ds.destroy();
  }
}

/** A Node script (dist/…/main.js) under a supervisor, its output in `<logs>/<name>.log`. */
export async function superviseNode(opts: {
  name: string;
  script: string;
  env: NodeJS.ProcessEnv;
  logs: string;
  stops: StopList;
  say: Say;
  tag: string;
}): Promise<Supervisor> {
  const logFile = path.join(opts.logs, `${opts.name}.log`);
  const sup = await Supervisor.start({
    name: opts.name,
    log: logTo(opts.say, logFile, opts.tag),
    start: async () => spawnNode(opts.script, opts.env, logFile),
  });
  opts.stops.push(opts.name, () => sup.stop());
  return sup;
}

/** Polls `url` until it answers 2xx; throws with the last answer after `timeoutMs`. */
export async function waitReady(url: string, timeoutMs: number, intervalMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`${url} not ready within ${timeoutMs / 1000} s (last: ${last})`);
}
