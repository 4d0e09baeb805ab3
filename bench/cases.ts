/**
 * `npm run bench:cases`: the request path of an aid case beside the bare shape, in one run on one
 * embedded PostgreSQL and one Temporal dev server, each at 1 and 10 concurrent clients for
 * BENCH_SECONDS (default 15) per step:
 *  (a) the bare shape: update-with-start of a workflow whose update runs one activity doing one
 *      INSERT (bench/bare.workflow.ts, its own worker process), called with the Temporal client;
 *      also with a local activity (bareLocal…) to show what the activity round trip costs;
 *  (b) POST /api/cases (HTTP, auth, eligibility, update-with-start until the case row and its first
 *      approval task exist), against the real worker (dist/apps/worker) in a child process;
 *  (c) POST /api/tasks/:id/decision by the grassroots chair on those cases' first tasks (the Update
 *      answers once the next stage's task is open).
 * Worker settings can be tried through the worker's BANGFU_WORKER_* variables (apps/worker/src/
 * worker-tuning.ts), passed through from this process's environment. Prints the figures; the last
 * line is one JSON object {bareRps10, casesRps10, decisionsRps10, casesVsBare, decisionsVsBare,
 * casesP95Ms1, decisionP95Ms1, …}.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { createApiApp } from '../apps/api/src/app.factory';
import { lifecycleSweepScheduleId } from '../apps/worker/src/lifecycle-schedule.service';
import { dataSourceOptions } from '../libs/database/data-source';
import { runMigrations } from '../libs/database/migrate';
import { seedDemoData } from '../libs/database/seed';
import { generateReassessmentFiles } from '../libs/database/seed-reassessment';
import { projectRoot, toolsDir } from '../libs/infra/paths';
import { freePort } from '../libs/infra/ports';
import { databaseUrl, ensureDatabase, startEmbeddedPostgres } from '../libs/infra/postgres';
import { resolveTemporalCli } from '../libs/infra/temporal-binaries';
import { startTemporalDevServer } from '../libs/infra/temporal-dev-server';
import { piiCipherFromEnv } from '../libs/security/pii-provider';
import { lifecycleSweepWorkflow } from '../workflows/lifecycle-sweep.workflow';
import { bareUpdate } from './bare.workflow';
import { loadAvg, percentile, round, runLoad, summarise, type LoadSummary } from './support';

const say = (m: string) => process.stdout.write(`[bench:cases] ${m}\n`);

async function waitForPollers(connection: Connection, taskQueue: string, proc: ChildProcess, log: string) {
  for (let i = 0; ; i++) {
    const d = await connection.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: taskQueue },
      taskQueueType: 1,
    });
    if ((d.pollers ?? []).length > 0) return;
    if (proc.exitCode !== null || i > 1200)
      throw new Error(`worker for ${taskQueue} did not start; see ${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Closed-loop Temporal client calls (the bare shape has no HTTP in front of it). */
async function clientLoad(
  concurrency: number,
  ms: number,
  call: () => Promise<unknown>,
): Promise<LoadSummary> {
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const end = start + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        try {
          await call();
          latencies.push(performance.now() - t);
        } catch (err) {
          if (errors++ === 0) say(`bare call failed: ${String(err)}`);
        }
      }
    }),
  );
  const elapsed = performance.now() - start;
  return {
    rps: round(latencies.length / (elapsed / 1000)),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    requests: latencies.length,
    errors,
  };
}

/** CPU seconds (user + system) of a process and its live descendants, from /proc. */
function cpuTree(root: number | undefined): number {
  if (!root) return 0;
  const stats = new Map<number, { ppid: number; cpu: number }>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const f = fs.readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ');
      stats.set(Number(d), { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / 100 });
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  const toVisit = [root];
  for (let pid = toVisit.pop(); pid !== undefined; pid = toVisit.pop()) {
    total += stats.get(pid)?.cpu ?? 0;
    for (const [child, st] of stats) if (st.ppid === pid) toVisit.push(child);
  }
  return total;
}

/** The postmaster of an embedded PostgreSQL by its data directory (its backends are its children). */
function postmasterOf(dataDir: string): number | undefined {
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      if (cmd[0]?.endsWith('/postgres') && cmd.includes(dataDir)) return Number(d);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

const fmt = (s: LoadSummary) =>
  `${s.rps}/s p50 ${s.p50Ms} ms p95 ${s.p95Ms} ms (${s.requests} ok, ${s.errors} errors)`;

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 15);
  const files = Number(process.env.BENCH_FILES ?? 3000);
  const root = projectRoot();
  // BENCH_WORKER_BUNDLE: another workflow bundle for the real worker (A/B of workflow changes)
  const bundle = process.env.BENCH_WORKER_BUNDLE ?? path.join(root, 'dist', 'workflow-bundle.js');
  const workerMain = path.join(root, 'dist', 'apps', 'worker', 'src', 'main.js');
  const bareMain = path.join(root, 'dist', 'bench', 'bare-worker.js');
  for (const f of [bundle, workerMain, bareMain])
    if (!fs.existsSync(f)) throw new Error(`${f} is missing: run npm run build first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-bench-'));
  fs.chmodSync(dir, 0o755);
  const stops: Array<() => Promise<void>> = [];
  try {
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(dir, 'pg'),
      port: await freePort(),
      persistent: false,
    });
    stops.push(pg.stop);
    await ensureDatabase(pg.serverUrl, 'bangfu_bench');
    const url = databaseUrl(pg.serverUrl, 'bangfu_bench');
    await runMigrations(url);
    const ds = await new DataSource(dataSourceOptions(url)).initialize();
    stops.push(() => ds.destroy());
    await seedDemoData(ds, 'development', piiCipherFromEnv({}));
    // applicants: households with active files in the demo caseworker's and chair's unit (G-01)
    await generateReassessmentFiles(ds, {
      n: files,
      tag: 'CASES',
      namePrefix: '压测职工',
      unitCodes: ['G-01', 'T-01-1'],
    });
    // budgets large enough that no approval waits for funds
    await ds.query(
      `INSERT INTO ledger_entries (idempotency_key, budget_id, kind, amount_fen)
       SELECT 'bench-topup:' || id, id, 'allocation', 100000000000 FROM budgets`,
    );
    await ds.query(
      `CREATE TABLE bench_bare (id uuid PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now())`,
    );
    await ds.query('ANALYZE');
    const applicants = (
      (await ds.query(
        `SELECT w.id FROM workers w JOIN hardship_files f ON f.worker_id = w.id WHERE w.employee_no LIKE '%CASES%' OR f.file_no LIKE '%CASES%' ORDER BY w.id`,
      )) as Array<{ id: string }>
    ).map((r) => r.id);
    say(`${applicants.length} applicants with active files in G-01`);

    const cli = resolveTemporalCli(toolsDir(), say);
    if (!cli.path) throw new Error('no Temporal CLI could be found or installed');
    const server = await startTemporalDevServer({
      cliPath: cli.path,
      port: await freePort(),
      namespace: 'default',
    });
    stops.push(server.stop);
    const connection = await Connection.connect({ address: server.address });
    stops.push(() => connection.close());
    const client = new Client({ connection, namespace: 'default' });
    const taskQueue = 'bangfu-bench';
    // the daily sweep would start thousands of subsidy/re-certification workflows for the generated files
    await client.schedule.create({
      scheduleId: lifecycleSweepScheduleId(taskQueue),
      spec: { calendars: [{ hour: 1, minute: 0 }], timezone: 'Asia/Shanghai' },
      action: {
        type: 'startWorkflow',
        workflowType: lifecycleSweepWorkflow,
        workflowId: lifecycleSweepScheduleId(taskQueue),
        taskQueue,
        args: [{}],
      },
      state: { paused: true, note: 'paused for bench:cases' },
    });
    const spawnWorker = (main: string, name: string, env: Record<string, string>) => {
      const log = path.join(dir, `${name}.log`);
      const p = spawn(process.execPath, [main], {
        env: {
          ...process.env,
          NODE_ENV: 'development',
          LOG_LEVEL: 'warn',
          DATABASE_URL: url,
          TEMPORAL_ADDRESS: server.address,
          ...env,
        },
        stdio: ['ignore', fs.openSync(log, 'a'), fs.openSync(log, 'a')],
      });
      stops.push(async () => {
        if (p.exitCode === null) {
          p.kill('SIGTERM');
          await new Promise((r) => p.once('exit', r));
        }
      });
      return { p, log };
    };
    const real = spawnWorker(workerMain, 'worker', {
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: taskQueue,
      WORKFLOW_BUNDLE_PATH: bundle,
      NOTIFY_POLL_MS: String(3_600_000),
    });
    const bare = spawnWorker(bareMain, 'bare-worker', { BARE_TASK_QUEUE: 'bench-bare' });
    await waitForPollers(connection, taskQueue, real.p, real.log);
    await waitForPollers(connection, 'bench-bare', bare.p, bare.log);

    Object.assign(process.env, {
      NODE_ENV: 'development',
      LOG_LEVEL: 'silent',
      DATABASE_URL: url,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      PORT: String(await freePort()),
    });
    const app = await createApiApp();
    await app.listen(Number(process.env.PORT), '127.0.0.1');
    stops.push(() => app.close());
    const base = `http://127.0.0.1:${process.env.PORT}/api`;
    const login = async (username: string) =>
      (
        (await (
          await fetch(`${base}/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username, password: 'bangfu-demo' }),
          })
        ).json()) as { accessToken: string }
      ).accessToken;
    const cw = await login('caseworker');
    const chair = await login('branch-chair');
    say(`stack up; load average ${loadAvg().join(', ')}`);
    const loadBefore = loadAvg();
    // CPU per request of each process in a step: where a step's time goes on the shared cores
    const pgPid = postmasterOf(path.join(dir, 'pg'));
    const cpuNow = () => ({
      // this process: the API, the load clients (a worker thread) and the bare shape's client
      benchProcess: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
      worker: cpuTree(real.p.pid),
      bareWorker: cpuTree(bare.p.pid),
      temporal: cpuTree(server.process.pid),
      postgres: cpuTree(pgPid),
    });
    const cpuPerRequest: Record<string, Record<string, number>> = {};
    const measured = async (name: string, run: () => Promise<LoadSummary>): Promise<LoadSummary> => {
      const c0 = cpuNow();
      const r = await run();
      const c1 = cpuNow();
      const per = Object.fromEntries(
        Object.keys(c0).map((k) => [
          k,
          round(((c1[k as keyof typeof c1] - c0[k as keyof typeof c0]) * 1000) / Math.max(r.requests, 1)),
        ]),
      );
      cpuPerRequest[name] = per;
      say(`  CPU ms per request (${name}): ${JSON.stringify(per)}`);
      return r;
    };

    // --- (a) the bare shape ----------------------------------------------------------------------
    const bareCall = (type: 'bareWorkflow' | 'bareLocalWorkflow') => async () => {
      const id = randomUUID();
      await client.workflow.executeUpdateWithStart(bareUpdate, {
        startWorkflowOperation: new WithStartWorkflowOperation(type, {
          workflowId: `bare:${id}`,
          taskQueue: 'bench-bare',
          workflowIdConflictPolicy: 'FAIL',
          args: [id],
        }),
      });
    };
    await clientLoad(1, 1000, bareCall('bareWorkflow')); // warm-up
    const bare1 = await measured('bare1', () => clientLoad(1, seconds * 1000, bareCall('bareWorkflow')));
    say(`bare shape, 1 client:   ${fmt(bare1)}`);
    const bare10 = await measured('bare10', () => clientLoad(10, seconds * 1000, bareCall('bareWorkflow')));
    say(`bare shape, 10 clients: ${fmt(bare10)}`);
    const bareLocal10 = await clientLoad(10, seconds * 1000, bareCall('bareLocalWorkflow'));
    say(`bare shape with a local activity, 10 clients: ${fmt(bareLocal10)}`);

    // --- (b) POST /api/cases ---------------------------------------------------------------------
    let nextApplicant = 0;
    const caseRequests = (n: number) =>
      applicants.slice(nextApplicant, (nextApplicant += n)).map((workerId) => ({
        url: `${base}/cases`,
        method: 'POST' as const,
        body: { workerId, program: 'disaster', amountFen: 100_000, reason: '压测：家中受灾' },
      }));
    const auth = (t: string) => ({ authorization: `Bearer ${t}` });
    const warm = summarise(
      await runLoad({ requests: caseRequests(3), headers: auth(cw), concurrency: 1, durationMs: 60_000 }),
    );
    if (warm.errors) throw new Error('POST /api/cases failed in the warm-up');
    const casesRun = async (concurrency: number) => {
      const r = await runLoad({
        requests: caseRequests(Math.floor(applicants.length / 2) - 10),
        headers: auth(cw),
        concurrency,
        durationMs: seconds * 1000,
      });
      nextApplicant -= Math.floor(applicants.length / 2) - 10 - r.used; // unused applicants go back
      if (r.errors) say(`cases: ${r.errors} errors, first: ${r.firstError}`);
      return summarise(r);
    };
    const cases1 = await measured('cases1', () => casesRun(1));
    say(`POST /api/cases, 1 client:   ${fmt(cases1)}`);
    const cases10 = await measured('cases10', () => casesRun(10));
    say(`POST /api/cases, 10 clients: ${fmt(cases10)}`);
    // round trips: one new case's history until its first task is open (deterministic, unlike times)
    const [sample] = (await ds.query(
      `SELECT workflow_id FROM aid_cases ORDER BY created_at DESC LIMIT 1`,
    )) as Array<{ workflow_id: string }>;
    const events = (await client.workflow.getHandle(sample!.workflow_id).fetchHistory()).events ?? [];
    const caseHistory = {
      events: events.length,
      workflowTasks: events.filter((e) => e.workflowTaskCompletedEventAttributes).length,
      activityTasks: events.filter((e) => e.activityTaskScheduledEventAttributes).length,
      markers: events.filter((e) => e.markerRecordedEventAttributes).length,
    };
    say(`a new case's history until its first task: ${JSON.stringify(caseHistory)}`);

    // --- (c) the grassroots chair's decision ------------------------------------------------------
    const open = (
      (await ds.query(
        `SELECT id FROM tasks WHERE status = 'open' AND type = 'approval' AND candidate_role = 'branch_chair'
            AND subject_type = 'aid_case' ORDER BY created_at, id`,
      )) as Array<{ id: string }>
    ).map((r) => r.id);
    say(`${open.length} first-stage approval tasks open for the grassroots chair`);
    let nextTask = 0;
    const decisionRun = async (concurrency: number, n: number) => {
      const ids = open.slice(nextTask, nextTask + n);
      const r = await runLoad({
        requests: ids.map((id) => ({
          url: `${base}/tasks/${id}/decision`,
          method: 'POST' as const,
          body: { decision: 'approve', comment: '同意' },
        })),
        headers: auth(chair),
        concurrency,
        durationMs: seconds * 1000,
      });
      nextTask += r.used;
      if (r.errors) say(`decisions: ${r.errors} errors, first: ${r.firstError}`);
      return summarise(r);
    };
    await decisionRun(1, 2); // warm-up
    const decisions1 = await measured('decisions1', () => decisionRun(1, Math.floor((open.length - 2) / 3)));
    say(`decision, 1 client:   ${fmt(decisions1)}`);
    const decisions10 = await measured('decisions10', () => decisionRun(10, open.length));
    say(`decision, 10 clients: ${fmt(decisions10)}`);
    const [{ next }] = (await ds.query(
      `SELECT count(*)::int AS next FROM tasks WHERE status = 'open' AND type = 'approval' AND stage <> 'grassroots' AND subject_type = 'aid_case'`,
    )) as Array<{ next: number }>;
    say(`${next} next-stage tasks open after the decisions`);

    const out = {
      seconds,
      bareRps1: bare1.rps,
      bareP95Ms1: bare1.p95Ms,
      bareRps10: bare10.rps,
      bareP95Ms10: bare10.p95Ms,
      bareLocalRps10: bareLocal10.rps,
      casesRps1: cases1.rps,
      casesP50Ms1: cases1.p50Ms,
      casesP95Ms1: cases1.p95Ms,
      casesRps10: cases10.rps,
      casesP95Ms10: cases10.p95Ms,
      decisionsRps1: decisions1.rps,
      decisionP50Ms1: decisions1.p50Ms,
      decisionP95Ms1: decisions1.p95Ms,
      decisionsRps10: decisions10.rps,
      decisionP95Ms10: decisions10.p95Ms,
      caseHistory,
      cpuPerRequest,
      bundle: path.basename(bundle),
      casesVsBare: round(cases10.rps / bare10.rps),
      decisionsVsBare: round(decisions10.rps / bare10.rps),
      workerTuning: Object.fromEntries(
        Object.entries(process.env).filter(([k]) => k.startsWith('BANGFU_WORKER_')),
      ),
      loadAvgBefore: loadBefore,
      loadAvg: loadAvg(),
    };
    say(
      `cases / bare at 10 clients = ${out.casesVsBare}, decisions / bare = ${out.decisionsVsBare} (goal ≥ 0.8); decision p95 at 1 client ${out.decisionP95Ms1} ms (goal ≤ 300 on an idle machine); load ${out.loadAvg.join(', ')}`,
    );
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
