import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/database/data-source';
import { runMigrations } from '../../libs/database/migrate';
import { seedDemoData, seedReferenceData } from '../../libs/database/seed';
import { toolsDir } from '../../libs/infra/paths';
import { freePort } from '../../libs/infra/ports';
import { databaseUrl, dropDatabase, ensureDatabase, startEmbeddedPostgres } from '../../libs/infra/postgres';
import { resolveTemporalCli } from '../../libs/infra/temporal-binaries';
import { startTemporalDevServer } from '../../libs/infra/temporal-dev-server';
import { piiCipherFromEnv } from '../../libs/security/pii-provider';
import { TEMPLATE_DB, globalHandles } from './e2e-env';

const log = (m: string) => process.stdout.write(`\n[test setup] ${m}`);

/**
 * Real components for end-to-end suites: PostgreSQL (DATABASE_URL's server, or an embedded one in
 * a throw-away folder) with a migrated, seeded template database that each suite clones, and a
 * Temporal dev server (TEMPORAL_ADDRESS, or the CLI in memory on a free port).
 */
export default async function setup(): Promise<void> {
  // the e2e and browser projects share this setup: the second call in one jest run reuses the first
  if (globalHandles.ready) return;
  const t0 = Date.now();
  let serverUrl: string;
  if (process.env.DATABASE_URL) {
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = '/';
    serverUrl = u.toString().replace(/\/$/, '');
    log(`PostgreSQL: DATABASE_URL server ${u.host}`);
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-test-pg-'));
    fs.chmodSync(dir, 0o755);
    const port = await freePort();
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), port, persistent: false });
    globalHandles.stops.push(async () => {
      await pg.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    serverUrl = pg.serverUrl;
    log(`PostgreSQL: embedded on port ${port}`);
  }
  await dropDatabase(serverUrl, TEMPLATE_DB);
  await ensureDatabase(serverUrl, TEMPLATE_DB);
  const templateUrl = databaseUrl(serverUrl, TEMPLATE_DB);
  await runMigrations(templateUrl);
  const ds = await new DataSource(dataSourceOptions(templateUrl)).initialize();
  await seedReferenceData(ds);
  await seedDemoData(ds, 'test', piiCipherFromEnv(process.env));
  await ds.destroy();
  process.env.BANGFU_TEST_PG_SERVER = serverUrl;

  if (process.env.TEMPORAL_ADDRESS) {
    log(`Temporal: TEMPORAL_ADDRESS ${process.env.TEMPORAL_ADDRESS}`);
  } else {
    const cli = resolveTemporalCli(toolsDir(), log);
    if (!cli.path) throw new Error('no Temporal CLI could be found or installed; set TEMPORAL_CLI_PATH');
    const port = await freePort();
    const server = await startTemporalDevServer({ cliPath: cli.path, port, namespace: 'default' });
    globalHandles.stops.push(server.stop);
    process.env.TEMPORAL_ADDRESS = server.address;
    log(`Temporal: dev server on ${server.address}`);
  }
  globalHandles.ready = true;
  log(`ready in ${Date.now() - t0} ms\n`);
}
