import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { Client as PgClient } from 'pg';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/app.factory';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { DEMO_PASSWORD } from '../../libs/database/seed';
import { databaseUrl, dropDatabase, ensureDatabase } from '../../libs/infra/postgres';
import { TEMPLATE_DB } from './e2e-env';
import { dataConverterFromEnv } from '../../libs/security/payload-codec';

let runtimeInstalled = false;

/**
 * A whole bangfu stack in the test process: its own database cloned from the seeded template,
 * its own task queue on the shared dev server, the real worker module and the real API app.
 */
export class TestStack {
  private constructor(
    readonly app: INestApplication,
    private running: INestApplicationContext | undefined,
    readonly temporal: Client,
    readonly db: PgClient,
    readonly taskQueue: string,
    private readonly dbName: string,
  ) {}

  static async start(): Promise<TestStack> {
    if (!runtimeInstalled) {
      runtimeInstalled = true;
      Runtime.install({ logger: new DefaultLogger('WARN') });
    }
    const server = process.env.BANGFU_TEST_PG_SERVER!;
    const dbName = `bangfu_t_${randomBytes(5).toString('hex')}`;
    await ensureDatabase(server, dbName, TEMPLATE_DB);
    const taskQueue = `bangfu-test-${dbName}`;
    Object.assign(process.env, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: databaseUrl(server, dbName),
      TEMPORAL_TASK_QUEUE: taskQueue,
    });
    delete process.env.WORKFLOW_BUNDLE_PATH;
    const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
    const app = await createApiApp();
    await app.init();
    const temporal = new Client({
      connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! }),
      dataConverter: dataConverterFromEnv(),
    });
    const db = new PgClient({ connectionString: process.env.DATABASE_URL });
    // dropping the database at the end terminates its connections: never an unhandled 'error'
    db.on('error', () => undefined);
    await db.connect();
    return new TestStack(app, worker, temporal, db, taskQueue, dbName);
  }

  /** The in-process worker's Nest context (while it runs). */
  get worker(): INestApplicationContext {
    if (!this.running) throw new Error('the worker is stopped');
    return this.running;
  }

  /** Stops the worker, as a crash or a deploy would (workflows wait on the task queue). */
  async stopWorker(): Promise<void> {
    const w = this.running;
    this.running = undefined;
    await w?.close();
  }

  /** Starts a new worker on the same task queue and database (after stopWorker). */
  async startWorker(): Promise<void> {
    if (this.running) return;
    const w = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await w.init();
    this.running = w;
  }

  http() {
    return request(this.app.getHttpServer());
  }

  async login(username: string, password = DEMO_PASSWORD): Promise<string> {
    const res = await this.http().post('/api/auth/login').send({ username, password }).expect(200);
    return (res.body as { accessToken: string }).accessToken;
  }

  async count(sql: string, params: unknown[] = []): Promise<number> {
    const r = await this.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM (${sql}) q`, params);
    return Number(r.rows[0]!.n);
  }

  /** Workflows started on this stack's task queue (visibility on the dev server). */
  async workflowCount(): Promise<number> {
    const r = await this.temporal.workflow.count(`TaskQueue = '${this.taskQueue}'`);
    return r.count;
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.stopWorker();
    await this.temporal.connection.close();
    await this.db.end();
    await dropDatabase(process.env.BANGFU_TEST_PG_SERVER!, this.dbName);
  }
}
