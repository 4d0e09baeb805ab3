/**
 * `npm run bench:reassessment` (after `npm run build`): one re-assessment campaign over BENCH_FILES
 * (default 100,000) generated active files on a local stack — embedded PostgreSQL, a Temporal dev
 * server, and the real worker in a child process (its RSS sampled from /proc). Prints files/second,
 * wall time, peak worker RSS, the largest history of any workflow run, and the time of the same
 * recomputation as one raw SQL statement (rolled back) with the ratio. The last line is JSON.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../libs/database/data-source';
import { runMigrations } from '../libs/database/migrate';
import { seedDemoData } from '../libs/database/seed';
import { generateReassessmentFiles } from '../libs/database/seed-reassessment';
import { projectRoot, toolsDir } from '../libs/infra/paths';
import { freePort } from '../libs/infra/ports';
import { databaseUrl, ensureDatabase, startEmbeddedPostgres } from '../libs/infra/postgres';
import { resolveTemporalCli } from '../libs/infra/temporal-binaries';
import { startTemporalDevServer } from '../libs/infra/temporal-dev-server';
import { escalationDeadlines, sqlPolicy } from '../libs/reassessment/reassessment.repository';
import { reassessmentSql } from '../libs/reassessment/reassessment.sql';
import { piiCipherFromEnv } from '../libs/security/pii-provider';
import { lifecycleSweepScheduleId } from '../apps/worker/src/lifecycle-schedule.service';
import { lifecycleSweepWorkflow } from '../workflows/lifecycle-sweep.workflow';
import { reassessmentCampaignWorkflow } from '../workflows/reassessment.workflow';
import { dataConverterFromEnv } from '../libs/security/payload-codec';

const say = (m: string) => process.stdout.write(`[bench] ${m}\n`);
const secs = (ms: number) => Math.round(ms / 10) / 100;

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Set-based pages' own split (from their results): statement ms and child-start ms. */
const pageSplit: Array<{ sqlMs: number; startMs: number }> = [];

/** startReviews activities' own time (campaigns with 'reassessment-reviews-apart'). */
const reviewStartMs: number[] = [];

/** The payloads are encrypted (libs/security/payload-codec.ts): decode with the same converter. */
const converter = dataConverterFromEnv();
async function decodeResult(payload: temporal.api.common.v1.IPayload): Promise<unknown> {
  let decoded = [payload];
  for (const codec of [...(converter.payloadCodecs ?? [])].reverse()) decoded = await codec.decode(decoded);
  return defaultPayloadConverter.fromPayload(decoded[0]!);
}

/** Durations of the campaign run's page activities (ActivityTaskStarted → Completed). */
async function pageActivityMs(client: Client, workflowId: string, runId: string): Promise<number[]> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
    Number(t?.seconds ?? 0) * 1000 + (t?.nanos ?? 0) / 1e6;
  const pages = new Set<number>();
  const reviews = new Set<number>();
  const started = new Map<number, number>();
  const out: number[] = [];
  for (const e of history.events ?? []) {
    const id = Number(e.eventId);
    const type = e.activityTaskScheduledEventAttributes?.activityType?.name;
    if (type === 'reassessPage') pages.add(id);
    if (type === 'startReviews') reviews.add(id);
    const st = e.activityTaskStartedEventAttributes;
    if (st && pages.has(Number(st.scheduledEventId))) started.set(id, ms(e.eventTime));
    const done = e.activityTaskCompletedEventAttributes;
    const payload = done?.result?.payloads?.[0];
    if (done && started.has(Number(done.startedEventId))) {
      out.push(ms(e.eventTime) - started.get(Number(done.startedEventId))!);
      if (payload) {
        const r = (await decodeResult(payload)) as { sqlMs?: number; startMs?: number };
        if (r.sqlMs !== undefined) pageSplit.push({ sqlMs: r.sqlMs, startMs: r.startMs ?? 0 });
      }
    } else if (done && reviews.has(Number(done.scheduledEventId)) && payload) {
      const r = (await decodeResult(payload)) as { startMs?: number };
      if (r.startMs !== undefined) reviewStartMs.push(r.startMs);
    }
  }
  return out;
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  const n = Number(process.env.BENCH_FILES ?? 100_000);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error('BENCH_FILES must be a whole number ≥ 1');
  const root = projectRoot();
  // BENCH_WORKER_BUNDLE: another workflow bundle for the real worker (A/B of workflow changes)
  const bundle = process.env.BENCH_WORKER_BUNDLE ?? path.join(root, 'dist', 'workflow-bundle.js');
  const workerMain = path.join(root, 'dist', 'apps', 'worker', 'src', 'main.js');
  for (const f of [bundle, workerMain])
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
    let t = Date.now();
    await generateReassessmentFiles(ds, { n, tag: 'BENCH', namePrefix: '压测职工' });
    await ds.query('ANALYZE');
    const [{ total }] = (await ds.query(
      `SELECT count(*)::int AS total FROM hardship_files WHERE status = 'active'`,
    )) as Array<{
      total: number;
    }>;
    say(
      `generated ${n} active files with 12 months of income in ${secs(Date.now() - t)} s (${total} active in all)`,
    );

    // the same recomputation as one raw SQL statement over every active file, rolled back
    const [p] = (await ds.query(
      `SELECT version, data FROM policy_versions ORDER BY version DESC LIMIT 1`,
    )) as Array<{
      version: number;
      data: Parameters<typeof sqlPolicy>[0];
    }>;
    const qr = ds.createQueryRunner();
    await qr.startTransaction();
    await qr.query(
      `INSERT INTO reassessment_campaigns (id, kind, status) VALUES ('reassessment:raw-sql', 'quarterly', 'running')`,
    );
    t = Date.now();
    const [raw] = (await qr.query(reassessmentSql(false), [
      'reassessment:raw-sql',
      null,
      1,
      new Date().toISOString(),
      // the same work as a set-based page: re-check and escalation tasks written too
      sqlPolicy(p!.data, true, escalationDeadlines(p!.data, new Date(), new Map())),
      p!.version,
      null,
    ])) as Array<{ inserted: number }>;
    const rawMs = Date.now() - t;
    await qr.rollbackTransaction();
    await qr.release();
    say(
      `raw SQL: one statement re-assessed ${raw!.inserted} files in ${secs(rawMs)} s (rolled back); load average ${os.loadavg()[0]!.toFixed(2)}`,
    );

    const cli = resolveTemporalCli(toolsDir(), say);
    if (!cli.path) throw new Error('no Temporal CLI could be found or installed');
    const port = await freePort();
    const server = await startTemporalDevServer({ cliPath: cli.path, port, namespace: 'default' });
    stops.push(server.stop);

    const taskQueue = 'bangfu-bench';
    const connection = await Connection.connect({ address: server.address });
    stops.push(() => connection.close());
    const client = new Client({ connection, namespace: 'default', dataConverter: dataConverterFromEnv() });
    // The worker's start-up creates the daily lifecycle sweep schedule and triggers it at once: on
    // 100,000 generated files that sweep starts ~200,000 subsidy/re-certification workflows, which
    // is not the campaign's work and would share the two cores with it. The schedule is created
    // here first, paused (same ID and action), so the worker finds it in place and leaves it.
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
      state: { paused: true, note: 'paused for the re-assessment benchmark' },
    });
    const worker = spawn(process.execPath, [workerMain], {
      env: {
        ...process.env,
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
        DATABASE_URL: url,
        TEMPORAL_ADDRESS: server.address,
        TEMPORAL_NAMESPACE: 'default',
        TEMPORAL_TASK_QUEUE: taskQueue,
        WORKFLOW_BUNDLE_PATH: bundle,
      },
      stdio: [
        'ignore',
        fs.openSync(path.join(dir, 'worker.log'), 'a'),
        fs.openSync(path.join(dir, 'worker.log'), 'a'),
      ],
    });
    stops.push(async () => {
      if (worker.exitCode === null) {
        worker.kill('SIGTERM');
        await new Promise((r) => worker.once('exit', r));
      }
    });
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(worker.pid!))), 100);
    stops.push(async () => clearInterval(sampler));

    // wait until the worker polls its task queue, so its start-up is not counted
    for (let i = 0; ; i++) {
      const d = await connection.workflowService.describeTaskQueue({
        namespace: 'default',
        taskQueue: { name: taskQueue },
        taskQueueType: 1, // workflow
      });
      if ((d.pollers ?? []).length > 0) break;
      if (worker.exitCode !== null || i > 1200)
        throw new Error(`the worker did not start; see ${dir}/worker.log`);
      await new Promise((r) => setTimeout(r, 100));
    }
    say(`worker up (RSS ${Math.round(rssMb(worker.pid!))} MB)`);
    const campaignId = 'reassessment:2099Q1';
    const cpu0 = { worker: cpuSeconds(worker.pid), temporal: cpuSeconds(server.process.pid) };
    t = Date.now();
    const result = await client.workflow.execute(reassessmentCampaignWorkflow, {
      taskQueue,
      workflowId: campaignId,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [
        {
          campaignId,
          kind: 'quarterly',
          quarter: '2099Q1',
          policyVersion: null,
          localityCodes: null,
          startedBy: null,
          // experiments only: the policy's page size and the workflow's page concurrency by default
          ...(process.env.BENCH_PAGE_SIZE ? { pageSize: Number(process.env.BENCH_PAGE_SIZE) } : {}),
          ...(process.env.BENCH_PAGE_CONCURRENCY
            ? { pageConcurrency: Number(process.env.BENCH_PAGE_CONCURRENCY) }
            : {}),
        },
      ],
    });
    const wallMs = Date.now() - t;
    const cpu = {
      worker: cpuSeconds(worker.pid) - cpu0.worker,
      temporal: cpuSeconds(server.process.pid) - cpu0.temporal,
    };
    const [{ rows }] = (await ds.query(
      `SELECT count(*)::int AS rows FROM reassessment_results WHERE campaign_id = $1`,
      [campaignId],
    )) as Array<{ rows: number }>;
    if (rows !== total || result.processed !== total)
      throw new Error(`campaign processed ${result.processed} (${rows} rows) of ${total} active files`);
    const [span] = (await ds.query(
      `SELECT extract(epoch FROM max(created_at) - min(created_at))::float AS s FROM reassessment_results WHERE campaign_id = $1`,
      [campaignId],
    )) as Array<{ s: number }>;
    const [gaps] = (await ds.query(
      `SELECT count(*)::int AS pages,
              (percentile_cont(0.5) WITHIN GROUP (ORDER BY gap))::float AS median
         FROM (SELECT extract(epoch FROM created_at - lag(created_at) OVER (ORDER BY created_at)) AS gap
                 FROM (SELECT DISTINCT created_at FROM reassessment_results WHERE campaign_id = $1) d) g`,
      [campaignId],
    )) as Array<{ pages: number; median: number | null }>;
    // children start their first activities a moment later; let them settle before the RSS figure
    await new Promise((r) => setTimeout(r, 2000));
    let maxHistory = 0;
    let runs = 0;
    let longest = '';
    const pageMs: number[] = [];
    for await (const wf of client.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) {
      runs++;
      if (wf.type === 'reassessmentCampaignWorkflow')
        pageMs.push(...(await pageActivityMs(client, wf.workflowId, wf.runId)));
      const len = wf.historyLength ?? 0;
      if (len > maxHistory) {
        maxHistory = len;
        longest = `${wf.workflowId} (${wf.type})`;
      }
    }
    const fps = Math.round(total / (wallMs / 1000));
    const ratio = Math.round((wallMs / rawMs) * 100) / 100;
    say(
      `campaign ${campaignId}: ${total} files in ${secs(wallMs)} s → ${fps} files/s, ${result.runs} runs (continue-as-new), ${result.childrenStarted} child workflows started`,
    );
    say(`outcomes: ${JSON.stringify(result.outcomes)}`);
    say(`pages written between ${secs(span!.s * 1000)} s of the campaign (first to last result row)`);
    say(
      `${gaps!.pages} pages, median ${secs((gaps!.median ?? 0) * 1000)} s from one page's transaction start to the next`,
    );
    pageMs.sort((a, b) => a - b);
    say(
      `page activities (start → completion, from the histories): ${pageMs.length}, median ${secs(pageMs[pageMs.length >> 1] ?? 0)} s, sum ${secs(pageMs.reduce((a, b) => a + b, 0))} s`,
    );
    if (pageSplit.length) {
      const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;
      say(
        `page split: statement median ${secs(med(pageSplit.map((x) => x.sqlMs)))} s (sum ${secs(pageSplit.reduce((a, x) => a + x.sqlMs, 0))} s), starting children median ${secs(med(pageSplit.map((x) => x.startMs)))} s (sum ${secs(pageSplit.reduce((a, x) => a + x.startMs, 0))} s)`,
      );
    }
    if (reviewStartMs.length) {
      const med = [...reviewStartMs].sort((a, b) => a - b)[reviewStartMs.length >> 1] ?? 0;
      say(
        `startReviews activities (off the pages' slots): ${reviewStartMs.length}, median ${secs(med)} s, sum ${secs(reviewStartMs.reduce((a, b) => a + b, 0))} s`,
      );
    }
    say(
      `CPU during the campaign: worker ${cpu.worker.toFixed(1)} s, Temporal dev server ${cpu.temporal.toFixed(1)} s; load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(', ')}`,
    );
    say(`raw SQL ${secs(rawMs)} s → campaign / raw SQL = ${ratio}`);
    const [{ direct }] = (await ds.query(
      `SELECT count(*)::int AS direct FROM tasks WHERE workflow_id LIKE $1 AND payload ->> 'direct' = 'true'`,
      [`${campaignId}:%`],
    )) as Array<{ direct: number }>;
    const cpuTotal = cpu.worker + cpu.temporal;
    const cpuPerChildMs =
      result.childrenStarted > 0 ? Math.round((cpuTotal * 1000) / result.childrenStarted) : 0;
    say(
      `${result.childrenStarted} workflows started, ${direct} re-check and escalation tasks written set-based: CPU (worker + server) ${cpuTotal.toFixed(1)} s → ${cpuPerChildMs} ms per workflow started`,
    );
    say(`peak worker RSS ${Math.round(peakRss)} MB`);
    say(`largest history: ${maxHistory} events (${longest}) over ${runs} workflow runs`);
    process.stdout.write(
      `${JSON.stringify({
        files: total,
        wallSeconds: secs(wallMs),
        filesPerSecond: fps,
        rawSqlSeconds: secs(rawMs),
        ratio,
        workerPeakRssMb: Math.round(peakRss),
        maxHistoryEvents: maxHistory,
        childrenStarted: result.childrenStarted,
        directRecheckTasks: direct,
        cpuWorkerSeconds: Math.round(cpu.worker * 10) / 10,
        cpuServerSeconds: Math.round(cpu.temporal * 10) / 10,
        cpuPerChildMs,
        loadAvg: os.loadavg().map((l) => Number(l.toFixed(2))),
      })}\n`,
    );
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
