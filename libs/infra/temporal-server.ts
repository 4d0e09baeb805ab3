import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { exitedOf, Running } from './supervisor';
import { stopChild } from './temporal-dev-server';
import { waitForPort } from './ports';

/**
 * The real Temporal server (not the dev server): built from its Go module with `go install`
 * (≈12 minutes the first time on 2 cores, then cached in the tool folder), on PostgreSQL
 * (the `postgres12` SQL plugin), with its schema applied by its own `sql` tool. Used by
 * `npm run start:cluster` (apps/launcher/cluster.ts) and its test.
 */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
const MODULE = 'go.temporal.io/server';

export interface TemporalServerBinaries {
  server: string;
  sql: string;
  /** schema/postgresql/v12 (temporal/versioned, visibility/versioned), copied from the module */
  schemaDir: string;
}

type Log = (m: string) => void;

/** Finds the cached build in `<tools>/temporal-server-<version>`, or builds it with `go install`. */
export function resolveTemporalServer(tools: string, log: Log): TemporalServerBinaries {
  const dir = path.join(tools, `temporal-server-${TEMPORAL_SERVER_VERSION.slice(1)}`);
  const found: TemporalServerBinaries = {
    server: path.join(dir, 'server'),
    sql: path.join(dir, 'sql'),
    schemaDir: path.join(dir, 'schema', 'postgresql', 'v12'),
  };
  if ([found.server, found.sql].every((f) => fs.existsSync(f)) && fs.existsSync(found.schemaDir))
    return found;
  fs.mkdirSync(dir, { recursive: true });
  log(`building the Temporal server ${TEMPORAL_SERVER_VERSION} with go install (≈12 min the first time)…`);
  const env = { ...process.env, CGO_ENABLED: '0', GOBIN: dir, GOFLAGS: '-buildvcs=false' };
  try {
    execFileSync(
      'go',
      [
        'install',
        `${MODULE}/cmd/server@${TEMPORAL_SERVER_VERSION}`,
        `${MODULE}/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`,
      ],
      { env, stdio: ['ignore', 'ignore', 'inherit'] },
    );
  } catch (err) {
    throw new Error(`go install of the Temporal server failed (is Go ≥ 1.24 on PATH?): ${String(err)}`);
  }
  const modCache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
  const moduleDir = path.join(modCache, `${MODULE}@${TEMPORAL_SERVER_VERSION}`);
  fs.cpSync(path.join(moduleDir, 'schema', 'postgresql', 'v12'), found.schemaDir, { recursive: true });
  return found;
}

export interface TemporalDb {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** Creates (if missing) and migrates the `temporal` and `temporal_visibility` databases. */
export function setupTemporalSchema(bin: TemporalServerBinaries, db: TemporalDb, log: Log): void {
  const base = [
    '--plugin',
    'postgres12',
    '--ep',
    db.host,
    '-p',
    String(db.port),
    '-u',
    db.user,
    '--pw',
    db.password,
  ];
  const sql = (database: string, ...args: string[]) =>
    execFileSync(bin.sql, [...base, '--db', database, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  for (const [database, schema] of [
    ['temporal', 'temporal'],
    ['temporal_visibility', 'visibility'],
  ] as const) {
    try {
      sql(database, 'create-database');
    } catch (err) {
      if (!/already exists/.test(String((err as { stderr?: Buffer }).stderr ?? err))) throw err;
    }
    sql(database, 'setup-schema', '-v', '0.0');
    sql(database, 'update-schema', '-d', path.join(bin.schemaDir, schema, 'versioned'));
  }
  log('Temporal schema: temporal and temporal_visibility up to date');
}

export interface TemporalServerPorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
}

/** Writes `<root>/config/development.yaml` and its dynamic config for one all-in-one server. */
export function writeTemporalConfig(root: string, db: TemporalDb, ports: TemporalServerPorts): void {
  const store = (database: string, maxConns: number) => `
      sql:
        pluginName: "postgres12"
        databaseName: "${database}"
        connectAddr: "${db.host}:${db.port}"
        connectProtocol: "tcp"
        user: ${JSON.stringify(db.user)}
        password: ${JSON.stringify(db.password)}
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: "1h"`;
  const service = (grpc: number, membership: number, extra = '') => `
    rpc:
      grpcPort: ${grpc}
      membershipPort: ${membership}
      bindOnLocalHost: true${extra}`;
  const yaml = `# written by bangfu (libs/infra/temporal-server.ts) from Temporal's development-postgres12.yaml
log:
  stdout: true
  level: warn
persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: 4
  datastores:
    postgres-default:${store('temporal', 20)}
    postgres-visibility:${store('temporal_visibility', 4)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
services:
  frontend:${service(ports.frontend, ports.frontendMembership, `\n      httpPort: ${ports.frontendHttp}`)}
  history:${service(ports.history, ports.historyMembership)}
  matching:${service(ports.matching, ports.matchingMembership)}
  worker:${service(ports.worker, ports.workerMembership)}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "127.0.0.1:${ports.frontend}"
dcRedirectionPolicy:
  policy: "noop"
dynamicConfigClient:
  filepath: "config/dynamicconfig/bangfu.yaml"
  pollInterval: "10s"
`;
  const dynamic = `# Temporal's SQL schema stores workflow and run IDs as VARCHAR(255)
limit.maxIDLength:
  - value: 255
    constraints: {}
# search attributes registered at start are usable at once
system.forceSearchAttributesCacheRefreshOnRead:
  - value: true
    constraints: {}
`;
  fs.mkdirSync(path.join(root, 'config', 'dynamicconfig'), { recursive: true });
  fs.writeFileSync(path.join(root, 'config', 'development.yaml'), yaml);
  fs.writeFileSync(path.join(root, 'config', 'dynamicconfig', 'bangfu.yaml'), dynamic);
}

/** Starts the all-in-one server and waits for its frontend port. */
export async function startTemporalServer(
  bin: TemporalServerBinaries,
  root: string,
  frontendPort: number,
  logFile: string,
): Promise<Running> {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(
    bin.server,
    ['--root', root, '--config', 'config', '--env', 'development', '--allow-no-auth', 'start'],
    { cwd: root, stdio: ['ignore', out, out] },
  );
  fs.closeSync(out);
  const exited = exitedOf(child);
  try {
    await Promise.race([
      waitForPort(frontendPort, 120_000),
      exited.then((why) => Promise.reject(new Error(`exited (${why})`))),
    ]);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(
      `Temporal server did not start on port ${frontendPort}: ${(err as Error).message} (see ${logFile})`,
    );
  }
  return { pid: child.pid, exited, stop: () => stopChild(child, undefined, 20_000) };
}

/** Registers the namespace if it is missing and waits until it answers. */
export async function ensureNamespace(address: string, namespace: string, retentionDays = 30): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    try {
      await connection.workflowService.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`),
      });
    } catch (err) {
      if ((err as { code?: number }).code !== 6) throw err; // ALREADY_EXISTS
    }
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  } finally {
    await connection.close();
  }
}
