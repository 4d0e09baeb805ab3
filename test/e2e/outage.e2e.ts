import type { INestApplication } from '@nestjs/common';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { Client as PgClient } from 'pg';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/app.factory';
import { DEMO_PASSWORD } from '../../libs/database/seed';
import { databaseUrl, dropDatabase, ensureDatabase } from '../../libs/infra/postgres';
import { TEMPLATE_DB } from '../support/e2e-env';
import { TcpProxy } from '../support/tcp-proxy';

/**
 * The API when PostgreSQL or Temporal is unreachable (cut: connections reset) or hangs (frozen:
 * connections accepted, never answered): a prompt 503 with `Retry-After`, never a 500 or a hang;
 * /health/live stays 200 while /health/ready says 503; once the server is back the same requests
 * succeed without restarting the API. The real servers sit behind a TCP proxy the test controls.
 */
let app: INestApplication;
let pgProxy: TcpProxy;
let temporalProxy: TcpProxy;
let db: PgClient;
let dbName: string;
let admin: string;
let caseworker: string;

const RETRY_AFTER = '7';
const BOUND_MS = 15_000; // every outage answer comes well within this (timeouts are 2–4 s below)

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const server = process.env.BANGFU_TEST_PG_SERVER!;
  dbName = `bangfu_t_${randomBytes(5).toString('hex')}`;
  await ensureDatabase(server, dbName, TEMPLATE_DB);
  const pgUrl = new URL(server);
  pgProxy = await TcpProxy.start(pgUrl.hostname, Number(pgUrl.port));
  const [tHost, tPort] = process.env.TEMPORAL_ADDRESS!.split(':');
  temporalProxy = await TcpProxy.start(tHost!, Number(tPort));
  const proxied = new URL(databaseUrl(server, dbName));
  proxied.port = String(pgProxy.port);
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: proxied.toString(),
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalProxy.port}`,
    TEMPORAL_TASK_QUEUE: `bangfu-test-${dbName}`,
    DB_CONNECT_TIMEOUT_MS: '2000',
    DB_STATEMENT_TIMEOUT_MS: '3000',
    TEMPORAL_RPC_TIMEOUT_MS: '4000',
    RETRY_AFTER_SECONDS: RETRY_AFTER,
  });
  app = await createApiApp();
  await app.init();
  db = new PgClient({ connectionString: databaseUrl(server, dbName) });
  await db.connect();
  admin = await login('admin');
  caseworker = await login('caseworker');
}, 120_000);

afterAll(async () => {
  pgProxy?.restore();
  temporalProxy?.restore();
  await app?.close();
  await db?.end();
  await pgProxy?.close();
  await temporalProxy?.close();
  await dropDatabase(process.env.BANGFU_TEST_PG_SERVER!, dbName);
}, 60_000);

const http = () => request(app.getHttpServer());

async function login(username: string): Promise<string> {
  const res = await http().post('/api/auth/login').send({ username, password: DEMO_PASSWORD }).expect(200);
  return (res.body as { accessToken: string }).accessToken;
}

/** Sends a request and checks it answers 503 + Retry-After + UNAVAILABLE naming `dependency`, promptly. */
async function expectUnavailable(send: () => request.Test, dependency: 'database' | 'temporal') {
  const t0 = Date.now();
  const res = await send();
  const ms = Date.now() - t0;
  expect({ status: res.status, body: res.body as unknown }).toMatchObject({
    status: 503,
    body: { statusCode: 503, code: 'UNAVAILABLE', details: [{ field: dependency, rule: 'available' }] },
  });
  expect(res.headers['retry-after']).toBe(RETRY_AFTER);
  expect(ms).toBeLessThan(BOUND_MS);
  return ms;
}

async function expectReadiness(database: 'up' | 'down', temporal: 'up' | 'down') {
  const live = await http().get('/health/live');
  expect(live.status).toBe(200);
  const ready = await http().get('/health/ready');
  expect(ready.body).toMatchObject({
    checks: { database: { status: database }, temporal: { status: temporal } },
  });
  const ok = database === 'up' && temporal === 'up';
  expect(ready.status).toBe(ok ? 200 : 503);
  expect(ready.headers['retry-after']).toBe(ok ? undefined : RETRY_AFTER);
}

/** After an outage the clients reconnect with their own back-off: ready again within a bound. */
async function waitReady(timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while ((await http().get('/health/ready')).status !== 200) {
    if (Date.now() > deadline) throw new Error(`not ready ${timeoutMs} ms after the outage ended`);
    await new Promise((r) => setTimeout(r, 500));
  }
  await expectReadiness('up', 'up');
}

const workers = () => http().get('/api/workers').set('authorization', `Bearer ${caseworker}`);

test('PostgreSQL cut → 503 + Retry-After (not 500), live but not ready; back → 200 again', async () => {
  await expectReadiness('up', 'up');
  await workers().expect(200);

  pgProxy.cut();
  await expectUnavailable(workers, 'database');
  await expectUnavailable(
    () => http().post('/api/auth/login').send({ username: 'admin', password: DEMO_PASSWORD }),
    'database',
  );
  await expectReadiness('down', 'up');

  pgProxy.restore();
  await workers().expect(200);
  await expectReadiness('up', 'up');
}, 120_000);

test('PostgreSQL frozen → 503 within the connection/statement timeouts, not a hang', async () => {
  pgProxy.freeze();
  const ms = await expectUnavailable(workers, 'database');
  process.stdout.write(`\n[outage] PostgreSQL frozen: 503 after ${ms} ms\n`);
  await expectReadiness('down', 'up');
  pgProxy.restore();
  await workers().expect(200);
}, 120_000);

test('Temporal cut → 503 + Retry-After when a request needs it, nothing half-written; back → works', async () => {
  const quarter = '2039Q1';
  const start = () =>
    http().post('/api/reassessments').set('authorization', `Bearer ${admin}`).send({ quarter });
  temporalProxy.cut();
  const ms = await expectUnavailable(start, 'temporal');
  process.stdout.write(`\n[outage] Temporal cut: 503 after ${ms} ms\n`);
  await expectReadiness('up', 'down');
  // the campaign row is written only after Temporal accepted the workflow
  const rows = await db.query(`SELECT 1 FROM reassessment_campaigns WHERE quarter = $1`, [quarter]);
  expect(rows.rowCount).toBe(0);

  temporalProxy.restore();
  await waitReady();
  const started = await start();
  expect(started.status).toBe(201);
}, 120_000);

test('Temporal frozen → 503 after the call deadline, not a hang', async () => {
  temporalProxy.freeze();
  const ms = await expectUnavailable(
    () =>
      http().post('/api/reassessments').set('authorization', `Bearer ${admin}`).send({ quarter: '2039Q2' }),
    'temporal',
  );
  process.stdout.write(`\n[outage] Temporal frozen: 503 after ${ms} ms\n`);
  temporalProxy.restore();
  await waitReady();
}, 120_000);
