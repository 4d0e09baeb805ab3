/* eslint-disable @typescript-eslint/no-explicit-any -- JSON response bodies of several shapes */
import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client as PgClient } from 'pg';
import { generateReassessmentFiles } from '../../libs/database/seed-reassessment';
import { projectRoot } from '../../libs/infra/paths';
import { freePort, isPortOpen } from '../../libs/infra/ports';
import type { RehearsalResult } from '../../scripts/restore-rehearsal';
import { buildDist } from '../support/worker-process';

/**
 * `npm run test:cluster`: bangfu in production shape (`npm run start:cluster`): the real Temporal
 * server 1.29.1 on PostgreSQL, two worker processes, two API processes behind one port. A
 * re-assessment campaign over a few hundred files and a batch of aid approvals and payments run
 * while one worker is killed with -9 and one API process is restarted; every file is processed
 * exactly once and every payment posted exactly once (counted in the database).
 */
const root = projectRoot();
let dataDir: string;
let launcher: ChildProcess;
let out = '';
let ports: { api: number; pg: number; temporal: number };
let db: PgClient;
const t0 = Date.now();
const MAX_CASES = 12;

async function lowFreeRange(n: number): Promise<number> {
  // Temporal keeps membership ports in a SMALLINT column: below 32768
  for (;;) {
    const start = 20_000 + Math.floor(Math.random() * 12_000);
    let free = true;
    for (let p = start; p < start + n && free; p++) free = !(await isPortOpen(p));
    if (free) return start;
  }
}

/** The cases' statuses at the last check (printed when a wait times out). */
let lastStatuses = '';

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 300_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what} (cases by status: ${lastStatuses})\n${out.slice(-3000)}`,
      );
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  buildDist();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-cluster-'));
  fs.chmodSync(dataDir, 0o755);
  ports = { api: await freePort(), pg: await freePort(), temporal: await lowFreeRange(9) };
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', LOAN_ADOPTION: 'off' };
  for (const k of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_TASK_QUEUE', 'WORKFLOW_BUNDLE_PATH'])
    delete env[k];
  Object.assign(env, {
    BANGFU_DATA_DIR: dataDir,
    PORT: String(ports.api),
    BANGFU_PG_PORT: String(ports.pg),
    BANGFU_TEMPORAL_PORT: String(ports.temporal),
  });
  launcher = spawn(process.execPath, [path.join(root, 'dist', 'apps', 'launcher', 'cluster.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  launcher.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  launcher.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await until(
    'the cluster to be up',
    async () => (out.includes('cluster is up') ? true : undefined),
    1_800_000,
  );
  db = new PgClient({ connectionString: `postgres://postgres:bangfu-embedded@127.0.0.1:${ports.pg}/bangfu` });
  await db.connect();
}, 1_900_000);

afterAll(async () => {
  await db?.end();
  if (launcher && launcher.exitCode === null) {
    const gone = new Promise((r) => launcher.once('exit', r));
    launcher.kill('SIGINT');
    await Promise.race([gone, new Promise((r) => setTimeout(r, 60_000))]);
  }
  // the launcher's output (supervisor messages) for the record: test-results/cluster-launcher.log
  fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'test-results', 'cluster-launcher.log'), out);
  // and the processes' own logs (worker, API, Temporal server), which go with the data directory
  const logs = dataDir && path.join(dataDir, 'cluster', 'logs');
  if (logs && fs.existsSync(logs))
    fs.cpSync(logs, path.join(root, 'test-results', 'cluster-logs'), { recursive: true });
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  process.stdout.write(`\n[cluster] wall time ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
}, 120_000);

const base = () => `http://127.0.0.1:${ports.api}`;
async function call(method: string, url: string, token?: string, body?: unknown) {
  const res = await fetch(`${base()}${url}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, any> };
}
async function login(username: string): Promise<string> {
  const res = await call('POST', '/api/auth/login', undefined, { username, password: 'bangfu-demo' });
  expect(res.status).toBe(200);
  return res.body.accessToken as string;
}
async function count(sql: string, params: unknown[] = []): Promise<number> {
  const r = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM (${sql}) q`, params);
  return Number(r.rows[0]!.n);
}

/**
 * Every open task of one type the caller sees, all pages (the inbox lists oldest first, and the demo
 * data gives an approver more than a page of open tasks, so the cases made here are not on page one).
 */
async function openTasks(
  token: string,
  type: string,
): Promise<Array<{ id: string; subjectId: string; type: string }>> {
  const all: Array<{ id: string; subjectId: string; type: string }> = [];
  let cursor: string | null = null;
  do {
    const q: string = `/api/tasks?status=open&type=${type}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await call('GET', q, token);
    if (page.status !== 200) throw new Error(`GET ${q}: ${page.status}`);
    all.push(...(page.body.items as typeof all));
    cursor = page.body.nextCursor as string | null;
  } while (cursor);
  return all;
}

function pidOf(pattern: RegExp, nth = 0): number {
  const psOut = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' });
  const rows = psOut
    .trim()
    .split('\n')
    .map((l) => l.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/)!)
    .filter((m) => Number(m[2]) === launcher.pid && pattern.test(m[3]!))
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
  if (!rows[nth]) throw new Error(`no child process ${nth} matching ${pattern}`);
  return rows[nth]!;
}

test('campaign + approvals with a worker killed -9 and an API restarted: each file once, each payment once', async () => {
  const admin = await login('admin');
  const cw = await login('caseworker');
  const bc = await login('branch-chair');
  const uc = await login('union-chair');
  const fin = await login('finance');

  // aid applications: every eligible (worker, program) pair at the program's smallest amount
  const workers = (await call('GET', '/api/workers?limit=100', cw)).body.items as Array<{ id: string }>;
  const programs = (await call('GET', '/api/programs', cw)).body.items as Array<{
    code: string;
    minAmountFen: number;
  }>;
  const caseIds: string[] = [];
  for (const w of workers)
    for (const p of programs) {
      if (caseIds.length >= MAX_CASES) break;
      const r = await call('POST', '/api/cases', cw, {
        workerId: w.id,
        program: p.code,
        amountFen: Math.max(p.minAmountFen, 10_000),
        reason: '集群测试',
      });
      if (r.status === 201) caseIds.push(r.body.id as string);
      else expect([409, 422]).toContain(r.status);
    }
  expect(caseIds.length).toBeGreaterThanOrEqual(3);

  // a campaign big enough to be running while processes die (files of workers made up for it)
  await generateReassessmentFiles(db, {
    n: 300,
    tag: 'CLUSTER',
    spread: true,
    unitCodes: ['G-01', 'T-01-1'],
  });
  const active = await count(`SELECT 1 FROM hardship_files WHERE status = 'active'`);

  const campaign = await call('POST', '/api/reassessments', admin, { quarter: '2030Q1' });
  expect(campaign.status).toBe(201);

  // faults while both run: kill -9 the first worker, restart the first API process
  const killedWorker = pidOf(/apps\/worker\/src\/main\.js/);
  process.kill(killedWorker, 'SIGKILL');
  const restartedApi = pidOf(/apps\/api\/src\/main\.js/);
  process.kill(restartedApi, 'SIGTERM');

  const decideAll = async (token: string, want: string, decision: Record<string, unknown>) => {
    for (;;) {
      // an API process may be restarting: ask again
      const open = await openTasks(token, want).catch(() => undefined);
      if (!open) {
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      const mine = open.filter((t) => caseIds.includes(t.subjectId) && t.type === want);
      if (mine.length === 0) return;
      for (const t of mine) {
        const r = await call('POST', `/api/tasks/${t.id}/decision`, token, decision);
        expect([200, 409, 502, 503]).toContain(r.status); // 409: already decided; 502/503: retry
      }
    }
  };
  await decideAll(bc, 'approval', { decision: 'approve', comment: '同意' });
  await until(
    'union-chair approvals to appear',
    async () => {
      const open = await openTasks(uc, 'approval');
      return open.some((t) => caseIds.includes(t.subjectId)) || undefined;
    },
    120_000,
  ).catch(() => undefined);
  await decideAll(uc, 'approval', { decision: 'approve', comment: '同意' });
  await decideAll(bc, 'approval', { decision: 'approve', comment: '同意' });

  const statuses = async () =>
    JSON.stringify(
      (
        await db.query<{ status: string; n: number }>(
          `SELECT status, count(*)::int AS n FROM aid_cases WHERE id = ANY($1) GROUP BY status`,
          [caseIds],
        )
      ).rows,
    );
  const paidOrWaiting = await until('every case to reach payment (or public notice)', async () => {
    lastStatuses = await statuses();
    const r = await db.query<{ id: string; status: string }>(
      `SELECT id, status FROM aid_cases WHERE id = ANY($1)`,
      [caseIds],
    );
    return r.rows.every((c) =>
      ['awaiting_payment', 'in_notice', 'paid', 'follow_up', 'closed'].includes(c.status),
    )
      ? r.rows
      : undefined;
  });
  let ref = 0;
  for (;;) {
    const open = await openTasks(fin, 'payment').catch(() => undefined);
    if (!open) {
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    const payments = open.filter((t) => caseIds.includes(t.subjectId));
    if (payments.length === 0) break;
    for (const t of payments) {
      const r = await call('POST', `/api/tasks/${t.id}/decision`, fin, {
        decision: 'done',
        outcome: { reference: `CLUSTER-${++ref}` },
      });
      expect([200, 409, 502, 503]).toContain(r.status);
    }
  }
  const paid = paidOrWaiting.filter((c) => c.status !== 'in_notice').map((c) => c.id);

  // the supervised processes came back
  expect(out).toMatch(/worker-1 exited unexpectedly \(SIGKILL\)/);
  expect(out).toMatch(/api-1 exited unexpectedly/);
  expect(pidOf(/apps\/worker\/src\/main\.js/, 1)).toBeDefined();

  // every file processed exactly once
  const done = await until(
    'the campaign to complete',
    async () => {
      const r = await call('GET', '/api/reassessments/reassessment:2030Q1', admin);
      return r.body.status === 'completed' ? r.body : undefined;
    },
    900_000,
  );
  expect(done).toMatchObject({ total: active, processed: active });
  expect(await count(`SELECT 1 FROM reassessment_results WHERE campaign_id = 'reassessment:2030Q1'`)).toBe(
    active,
  );
  expect(
    await count(
      `SELECT DISTINCT file_id FROM reassessment_results WHERE campaign_id = 'reassessment:2030Q1'`,
    ),
  ).toBe(active);

  // every payment exactly once
  await until('payments to be recorded', async () =>
    (await count(`SELECT 1 FROM aid_cases WHERE id = ANY($1) AND status IN ('paid', 'follow_up', 'closed')`, [
      paid,
    ])) === paid.length
      ? true
      : undefined,
  );
  for (const id of paid) {
    expect({
      id,
      payments: await count(`SELECT 1 FROM ledger_entries WHERE case_id = $1 AND kind = 'payment'`, [id]),
    }).toEqual({
      id,
      payments: 1,
    });
  }
  // backup and restore rehearsal of the server holding bangfu's and Temporal's databases
  // (the script as an operator runs it: node dist/scripts/restore-rehearsal.js <server URL>)
  const ledgerBefore = await count(`SELECT 1 FROM ledger_entries`);
  const run = spawnSync(
    process.execPath,
    [
      path.join(root, 'dist', 'scripts', 'restore-rehearsal.js'),
      `postgres://postgres:bangfu-embedded@127.0.0.1:${ports.pg}`,
    ],
    { encoding: 'utf8', timeout: 600_000 },
  );
  if (!run.stdout.trim()) throw new Error(`restore rehearsal failed (${run.status}): ${run.stderr}`);
  const rehearsal = JSON.parse(run.stdout) as RehearsalResult;
  process.stdout.write(`\n[cluster] restore rehearsal: ${JSON.stringify(rehearsal)}\n`);
  expect(rehearsal.ok).toBe(true);
  // the cluster keeps working meanwhile: every payment made before the backup is restored, and
  // nothing the live server has not got
  expect(rehearsal.counts.ledger_entries!.restored).toBeGreaterThanOrEqual(ledgerBefore);
  expect(rehearsal.counts.ledger_entries!.restored).toBeLessThanOrEqual(
    await count(`SELECT 1 FROM ledger_entries`),
  );
  expect(rehearsal.counts['temporal.executions']!.restored).toBeGreaterThan(0);
  fs.rmSync(rehearsal.backupDir, { recursive: true, force: true });

  process.stdout.write(
    `\n[cluster] files re-assessed: ${active} (each once); aid cases: ${caseIds.length}, paid: ${paid.length} (one ledger row each); worker ${killedWorker} killed -9, API ${restartedApi} restarted\n`,
  );
}, 1_800_000);
