import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../libs/config/env';
import {
  logTo,
  prepareDatabase,
  StopList,
  superviseEmbeddedPostgres,
  superviseNode,
  waitReady,
} from '../../libs/infra/launch';
import { dataDir, projectRoot, toolsDir } from '../../libs/infra/paths';
import { freePort, isPortOpen } from '../../libs/infra/ports';
import { databaseUrl, ensureDatabase } from '../../libs/infra/postgres';
import { startRoundRobin } from '../../libs/infra/round-robin';
import { Supervisor } from '../../libs/infra/supervisor';
import {
  ensureNamespace,
  resolveTemporalServer,
  setupTemporalSchema,
  startTemporalServer,
  TEMPORAL_SERVER_VERSION,
  writeTemporalConfig,
} from '../../libs/infra/temporal-server';
import { Connection } from '@temporalio/client';
import { ensureSearchAttributes } from '../../libs/temporal/client';

/**
 * `npm run start:cluster`: bangfu in production shape on one machine — PostgreSQL (embedded, or
 * the server of DATABASE_URL) holding the `bangfu`, `temporal` and `temporal_visibility`
 * databases; the real Temporal server (built from its Go module, libs/infra/temporal-server.ts)
 * on PostgreSQL; BANGFU_WORKERS worker processes (default 2) and BANGFU_APIS API processes
 * (default 2) behind one port (a round-robin proxy, libs/infra/round-robin.ts). Every process is
 * supervised (restarted with back-off when it dies); Ctrl-C stops them all. State in
 * `.data/cluster/` (BANGFU_DATA_DIR). See docs/deployment.md.
 */
const say = (m: string) => process.stdout.write(`[bangfu cluster] ${m}\n`);
const num = (v: string | undefined, d: number) => (v ? Number(v) : d);

async function main(): Promise<void> {
  const t0 = Date.now();
  const root = projectRoot();
  const data = path.join(dataDir(), 'cluster');
  const logs = path.join(data, 'logs');
  fs.mkdirSync(logs, { recursive: true });
  const nodeEnv = process.env.NODE_ENV ?? 'development';
  const stops = new StopList(say).onSignals();
  // the supervisor outlives a bug in itself: log it, keep the processes running
  process.on('uncaughtException', (err) =>
    say(`unexpected error (still running): ${err.stack ?? String(err)}`),
  );

  try {
    // 1. PostgreSQL: one server, three databases
    const pgPort = num(process.env.BANGFU_PG_PORT, 5434);
    let serverUrl: string;
    if (process.env.DATABASE_URL) {
      const u = new URL(process.env.DATABASE_URL);
      u.pathname = '/';
      serverUrl = u.toString().replace(/\/$/, '');
      say(`PostgreSQL: the server of DATABASE_URL (${u.host})`);
    } else {
      if (await isPortOpen(pgPort)) throw new Error(`port ${pgPort} is taken: set BANGFU_PG_PORT`);
      const pg = await superviseEmbeddedPostgres({
        dataDir: path.join(data, 'postgres'),
        port: pgPort,
        logs,
        stops,
        say,
        tag: 'cluster',
      });
      serverUrl = pg.serverUrl;
      say(`PostgreSQL: embedded, 127.0.0.1:${pgPort}, data in ${pg.dataDir}`);
    }
    const pgu = new URL(serverUrl);
    const db = {
      host: pgu.hostname,
      port: Number(pgu.port || 5432),
      user: decodeURIComponent(pgu.username),
      password: decodeURIComponent(pgu.password),
    };

    // 2. Temporal server on PostgreSQL
    const bin = resolveTemporalServer(toolsDir(), say);
    setupTemporalSchema(bin, db, say);
    const temporalRoot = path.join(data, 'temporal');
    const frontend = num(process.env.BANGFU_TEMPORAL_PORT, 7333);
    if (frontend > 32_700) throw new Error('BANGFU_TEMPORAL_PORT must be below 32700');
    for (let p = frontend; p <= frontend + 8; p++)
      if (await isPortOpen(p))
        throw new Error(
          `port ${p} is taken (Temporal uses ${frontend}–${frontend + 8}): set BANGFU_TEMPORAL_PORT`,
        );
    const temporalLog = path.join(logs, 'temporal.log');
    const temporal = await Supervisor.start({
      name: 'Temporal server',
      log: logTo(say, temporalLog, 'cluster'),
      start: async () => {
        // the 8 ports after the frontend's (Temporal stores membership ports as SMALLINT: < 32768)
        const [frontendHttp, fm, history, hm, matching, mm, worker, wm] = Array.from(
          { length: 8 },
          (_, i) => frontend + 1 + i,
        );
        writeTemporalConfig(temporalRoot, db, {
          frontend,
          frontendHttp: frontendHttp!,
          frontendMembership: fm!,
          history: history!,
          historyMembership: hm!,
          matching: matching!,
          matchingMembership: mm!,
          worker: worker!,
          workerMembership: wm!,
        });
        return startTemporalServer(bin, temporalRoot, frontend, temporalLog);
      },
    });
    stops.push('Temporal server', () => temporal.stop());
    const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
    const temporalAddress = `127.0.0.1:${frontend}`;
    await ensureNamespace(temporalAddress, namespace);
    const conn = await Connection.connect({ address: temporalAddress });
    await ensureSearchAttributes(conn, namespace);
    await conn.close();
    say(
      `Temporal server ${TEMPORAL_SERVER_VERSION}: ${temporalAddress}, namespace ${namespace}, on PostgreSQL`,
    );

    // 3. bangfu schema and data
    await ensureDatabase(serverUrl, 'bangfu');
    const dbUrl = databaseUrl(serverUrl, 'bangfu');
    await prepareDatabase(dbUrl, nodeEnv, say);

    // 4. workers and APIs
    const port = num(process.env.PORT, 3100);
    if (await isPortOpen(port)) throw new Error(`port ${port} is taken: set PORT`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: nodeEnv,
      DATABASE_URL: dbUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: namespace,
      WORKFLOW_BUNDLE_PATH: process.env.WORKFLOW_BUNDLE_PATH ?? path.join(root, 'dist', 'workflow-bundle.js'),
    };
    loadConfig({ ...env, PORT: String(port) });
    const workers = num(process.env.BANGFU_WORKERS, 2);
    const apis = num(process.env.BANGFU_APIS, 2);
    const supervise = async (name: string, script: string, extra: NodeJS.ProcessEnv) => {
      const sup = await superviseNode({
        name,
        script,
        env: { ...env, ...extra },
        logs,
        stops,
        say,
        tag: 'cluster',
      });
      say(`${name}: pid ${sup.pid}`);
    };
    for (let i = 1; i <= workers; i++)
      await supervise(`worker-${i}`, path.join(root, 'dist', 'apps', 'worker', 'src', 'main.js'), {});
    const apiPorts: number[] = [];
    for (let i = 1; i <= apis; i++) {
      const apiPort = await freePort();
      apiPorts.push(apiPort);
      await supervise(`api-${i}`, path.join(root, 'dist', 'apps', 'api', 'src', 'main.js'), {
        PORT: String(apiPort),
      });
    }
    for (const p of apiPorts) await waitReady(`http://127.0.0.1:${p}/health/ready`, 120_000, 500);
    const proxy = await startRoundRobin(port, apiPorts);
    stops.push('proxy', () => proxy.close());
    const base = `http://localhost:${port}`;
    process.stdout.write(
      [
        '',
        `bangfu 帮扶 cluster is up (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
        `  Console / API  ${base}/   ${base}/api   (round robin over API ports ${apiPorts.join(', ')})`,
        `  Health         ${base}/health/ready   ${base}/health/live`,
        `  Temporal       ${temporalAddress} (server ${TEMPORAL_SERVER_VERSION} on PostgreSQL ${db.host}:${db.port})`,
        `  Processes      ${workers} workers, ${apis} APIs, supervised`,
        `  Logs           ${logs}`,
        '  Ctrl-C stops everything.',
        '',
      ].join('\n') + '\n',
    );
  } catch (err) {
    say(`start-up failed: ${err instanceof Error ? err.message : String(err)}`);
    await stops.shutdown(1, 'start-up failed');
  }
}

void main();
