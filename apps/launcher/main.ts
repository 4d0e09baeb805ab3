import * as fs from 'node:fs';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { loadConfig } from '../../libs/config/env';
import { DEMO_PASSWORD, DEMO_USERS } from '../../libs/database/seed';
import { ROLE_LABELS } from '../../libs/domain/roles';
import {
  logTo,
  prepareDatabase,
  StopList,
  superviseEmbeddedPostgres,
  superviseNode,
  waitReady,
} from '../../libs/infra/launch';
import { dataDir, projectRoot, toolsDir } from '../../libs/infra/paths';
import { isPortOpen } from '../../libs/infra/ports';
import { databaseUrl, ensureDatabase } from '../../libs/infra/postgres';
import { exitedOf, Running, Supervisor } from '../../libs/infra/supervisor';
import { resolveTemporalCli } from '../../libs/infra/temporal-binaries';
import { startTemporalDevServer } from '../../libs/infra/temporal-dev-server';
import { ensureSearchAttributes } from '../../libs/temporal/client';

/**
 * `npm start`: PostgreSQL (DATABASE_URL or embedded) + Temporal (TEMPORAL_ADDRESS or a local dev
 * server) → migrations → demo data once → worker and API as child processes → prints where to look.
 * Every process it starts is supervised (libs/infra/supervisor.ts): one that dies is logged and
 * started again with back-off. Only Ctrl-C (SIGINT) or SIGTERM stops it, and then every child.
 */
const say = (m: string) => process.stdout.write(`[bangfu] ${m}\n`);
const num = (v: string | undefined, d: number) => (v ? Number(v) : d);

async function main(): Promise<void> {
  const t0 = Date.now();
  const root = projectRoot();
  const data = dataDir();
  const logs = path.join(data, 'logs');
  fs.mkdirSync(logs, { recursive: true });
  const nodeEnv = process.env.NODE_ENV ?? 'development';
  const stops = new StopList(say).onSignals();

  try {
    // 1. PostgreSQL
    let dbUrl = process.env.DATABASE_URL;
    if (dbUrl) {
      say(`PostgreSQL: DATABASE_URL (${new URL(dbUrl).host})`);
    } else {
      const port = num(process.env.BANGFU_PG_PORT, 5433);
      if (await isPortOpen(port))
        throw new Error(`port ${port} is taken: stop what runs there or set BANGFU_PG_PORT`);
      const pg = await superviseEmbeddedPostgres({
        dataDir: path.join(data, 'postgres'),
        port,
        logs,
        stops,
        say,
        tag: 'launcher',
      });
      await ensureDatabase(pg.serverUrl, 'bangfu');
      dbUrl = databaseUrl(pg.serverUrl, 'bangfu');
      say(`PostgreSQL: embedded, 127.0.0.1:${port}, data in ${pg.dataDir}`);
    }

    // 2. Temporal
    const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
    let temporalAddress = process.env.TEMPORAL_ADDRESS;
    let temporalUi: string | undefined = process.env.TEMPORAL_UI_URL;
    if (temporalAddress) {
      const conn = await Connection.connect({ address: temporalAddress });
      const added = await ensureSearchAttributes(conn, namespace);
      await conn.close();
      say(
        `Temporal: TEMPORAL_ADDRESS ${temporalAddress}${added.length ? ` (registered ${added.join(', ')})` : ''}`,
      );
    } else {
      const port = num(process.env.BANGFU_TEMPORAL_PORT, 7233);
      const uiPort = num(process.env.BANGFU_TEMPORAL_UI_PORT, 8233);
      for (const p of [port, uiPort]) {
        if (await isPortOpen(p))
          throw new Error(
            `port ${p} is taken: stop what runs there or set BANGFU_TEMPORAL_PORT / BANGFU_TEMPORAL_UI_PORT`,
          );
      }
      const cli = resolveTemporalCli(toolsDir(), say);
      if (cli.path) {
        const cliPath = cli.path;
        const temporalLog = path.join(logs, 'temporal.log');
        const temporalSupervisor = await Supervisor.start({
          name: 'Temporal dev server',
          log: logTo(say, temporalLog, 'launcher'),
          start: async (): Promise<Running> => {
            const server = await startTemporalDevServer({
              cliPath,
              port,
              uiPort,
              namespace,
              dbFile: path.join(data, 'temporal', 'temporal.db'),
              logFile: temporalLog,
            });
            return { pid: server.process.pid, exited: exitedOf(server.process), stop: server.stop };
          },
        });
        stops.push('Temporal dev server', () => temporalSupervisor.stop());
        temporalUi = `http://127.0.0.1:${uiPort}`;
      } else {
        // Last resort with internet: the SDK downloads the CLI itself.
        const { TestWorkflowEnvironment } = await import('@temporalio/testing');
        const env = await TestWorkflowEnvironment.createLocal({
          server: {
            ip: '127.0.0.1',
            port,
            ui: true,
            uiPort,
            namespace,
            dbFilename: path.join(data, 'temporal', 'temporal.db'),
          },
        });
        stops.push('Temporal dev server (SDK download)', () => env.teardown());
        temporalUi = `http://127.0.0.1:${uiPort}`;
      }
      temporalAddress = `127.0.0.1:${port}`;
      say(`Temporal: dev server ${temporalAddress}, state in ${path.join(data, 'temporal', 'temporal.db')}`);
    }

    // 3. schema and data
    await prepareDatabase(dbUrl, nodeEnv, say);

    // 4. worker and API
    const apiPort = num(process.env.PORT, 3000);
    if (await isPortOpen(apiPort))
      throw new Error(`port ${apiPort} is taken: stop what runs there or set PORT`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: nodeEnv,
      DATABASE_URL: dbUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: namespace,
      PORT: String(apiPort),
      WORKFLOW_BUNDLE_PATH: process.env.WORKFLOW_BUNDLE_PATH ?? path.join(root, 'dist', 'workflow-bundle.js'),
    };
    loadConfig(env); // fail here, with the validation message, rather than in a child
    for (const name of ['worker', 'api'] as const)
      await superviseNode({
        name,
        script: path.join(root, 'dist', 'apps', name, 'src', 'main.js'),
        env,
        logs,
        stops,
        say,
        tag: 'launcher',
      });
    await waitReady(`http://127.0.0.1:${apiPort}/health`, 90_000);

    const base = `http://localhost:${apiPort}`;
    const lines = [
      '',
      `bangfu 帮扶 is up (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
      `  Console 控制台  ${base}/`,
      `  API            ${base}/api`,
      `  OpenAPI UI     ${base}/docs   (JSON: ${base}/docs-json)`,
      `  Health         ${base}/health`,
      `  Metrics        ${base}/metrics`,
      `  Temporal UI    ${temporalUi ?? '(not started by bangfu)'}`,
      `  Logs           ${logs}`,
      '',
      nodeEnv === 'production'
        ? '  (production: demo accounts are disabled)'
        : `  Demo accounts (password: ${DEMO_PASSWORD}, development only):`,
      ...(nodeEnv === 'production'
        ? []
        : DEMO_USERS.map(
            (u) =>
              `    ${u.username.padEnd(14)} ${u.roles.map((r) => ROLE_LABELS[r].zh).join('、')}  ${u.displayName}`,
          )),
      '',
      `  Try: curl -s ${base}/api/auth/login -H 'content-type: application/json' -d '{"username":"caseworker","password":"${DEMO_PASSWORD}"}'`,
      '  Ctrl-C stops everything.',
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } catch (err) {
    say(`start-up failed: ${err instanceof Error ? err.message : String(err)}`);
    await stops.shutdown(1, 'start-up failed');
  }
}

void main();
