/**
 * `npm run bench:inbox`: GET /api/tasks at BENCH_TASKS (default 100,000) open tasks over an org tree
 * of ~250 units, generated set-based, for a grassroots chair (branch-chair, G-01), a union chair
 * (union-chair, ENT-01) and an admin (admin, CFTU-01): BENCH_CLIENTS (50) closed-loop clients for
 * BENCH_SECONDS (20) each, against the real API and, right after, against a bare NestJS route in the
 * same process that runs the same SQL with the same parameters (no auth, validation, filter or
 * mapping). The load comes from a worker thread. Prints p50/p95 and requests/s of both and the
 * ratio per role; with BENCH_EXPLAIN=1 the plans. The last line is one JSON object.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Controller, Get, Inject, Module, Query } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { createApiApp } from '../apps/api/src/app.factory';
import { TASK_LIST_SQL, taskListParams } from '../apps/api/src/tasks/tasks.service';
import type { Role } from '../libs/domain/roles';
import { dataSourceOptions } from '../libs/database/data-source';
import { runMigrations } from '../libs/database/migrate';
import { seedDemoData, seedReferenceData } from '../libs/database/seed';
import { toolsDir } from '../libs/infra/paths';
import { freePort } from '../libs/infra/ports';
import { databaseUrl, ensureDatabase, startEmbeddedPostgres } from '../libs/infra/postgres';
import { resolveTemporalCli } from '../libs/infra/temporal-binaries';
import { startTemporalDevServer } from '../libs/infra/temporal-dev-server';
import { piiCipherFromEnv } from '../libs/security/pii-provider';
import { loadAvg, round, runLoad, summarise, type LoadSummary } from './support';

const log = (m: string) => process.stdout.write(`[bench:inbox] ${m}\n`);

type Who = { roles: Role[]; orgPath: string; userId: string };
const BARE_DS = 'BARE_DS';
const BARE_USERS = 'BARE_USERS';

@Controller()
class BareController {
  constructor(
    @Inject(BARE_DS) private readonly ds: DataSource,
    @Inject(BARE_USERS) private readonly users: Map<string, Who>,
  ) {}

  /** The inbox's SQL and parameters for a fixed user: what the API's own work costs at least. */
  @Get('bare/tasks')
  async tasks(@Query('as') as: string) {
    return this.ds.query(TASK_LIST_SQL, taskListParams(this.users.get(as)!, { status: 'open' }, 50, null));
  }
}

async function bareApp(url: string, users: Map<string, Who>) {
  const ds = await new DataSource(dataSourceOptions(url)).initialize();
  @Module({
    controllers: [BareController],
    providers: [
      { provide: BARE_DS, useValue: ds },
      { provide: BARE_USERS, useValue: users },
    ],
  })
  class BareModule {}
  const app = await NestFactory.create(BareModule, { logger: false });
  return { app, ds };
}

async function main(): Promise<void> {
  const total = Number(process.env.BENCH_TASKS ?? 100_000);
  const clients = Number(process.env.BENCH_CLIENTS ?? 50);
  const seconds = Number(process.env.BENCH_SECONDS ?? 20);
  const stops: Array<() => Promise<void>> = [];
  try {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-bench-'));
    fs.chmodSync(dir, 0o755);
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(dir, 'data'),
      port: await freePort(),
      persistent: false,
    });
    stops.push(async () => {
      await pg.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    await ensureDatabase(pg.serverUrl, 'bangfu_bench');
    const url = databaseUrl(pg.serverUrl, 'bangfu_bench');
    await runMigrations(url);
    const ds = await new DataSource(dataSourceOptions(url)).initialize();
    stops.push(() => ds.destroy());
    await seedReferenceData(ds);
    await seedDemoData(ds, 'development', piiCipherFromEnv(process.env));

    // --- an org tree of ~250 units and the tasks, set-based ---------------------------------------
    const t = Date.now();
    await ds.query(
      `WITH ent AS (SELECT id, path FROM org_units WHERE code = 'ENT-01'),
       g AS (INSERT INTO org_units (id, code, name_zh, name_en, kind, parent_id, path)
             SELECT x.id, 'BG-' || lpad(x.n::text, 2, '0'), '压测分会' || x.n, 'Bench unit ' || x.n, 'grassroots_unit', ent.id, ent.path || '.' || x.id
               FROM (SELECT n, gen_random_uuid() AS id FROM generate_series(1, 40) n) x CROSS JOIN ent
             RETURNING id, code, path)
       INSERT INTO org_units (id, code, name_zh, name_en, kind, parent_id, path)
       SELECT x.id, 'BT-' || substr(x.code, 4) || '-' || x.m, '压测班组', 'Bench team', 'team', x.gid, x.path || '.' || x.id
         FROM (SELECT g.id AS gid, g.code, g.path, m, gen_random_uuid() AS id FROM g CROSS JOIN generate_series(1, 5) m) x`,
    );
    // roles as the approval chains spread them: caseworkers and grassroots chairs most, a few for the
    // union chair, leader, finance and admin; some escalated a level up, some claimed; created over 90 days
    await ds.query(
      `WITH u AS (SELECT array_agg(id ORDER BY id) AS units, array_agg(path ORDER BY id) AS paths, count(*)::int AS n FROM org_units),
            us AS (SELECT array_agg(id ORDER BY username) AS ids FROM users)
       INSERT INTO tasks (idempotency_key, type, subject_type, subject_id, workflow_id, stage, candidate_role, org_unit_id, org_path,
                          assignee_id, escalated_role, due_at, status, payload, created_at)
       SELECT 'bench:' || g, 'approval', 'aid_case', gen_random_uuid(), 'bench:' || g, 'grassroots', r.role,
              u.units[1 + (g * 7919) % u.n], u.paths[1 + (g * 7919) % u.n],
              CASE WHEN g % 50 = 0 THEN us.ids[1 + g % cardinality(us.ids)] END,
              CASE WHEN g % 20 = 0 THEN 'union_chair' END,
              now() + ((g % 30) - 10) * interval '1 day', 'open', '{}'::jsonb,
              now() - (g % 129600) * interval '1 minute'
         FROM generate_series(1, $1::int) g CROSS JOIN u CROSS JOIN us
        CROSS JOIN LATERAL (SELECT CASE WHEN g % 100 < 45 THEN 'caseworker' WHEN g % 100 < 80 THEN 'branch_chair'
                                        WHEN g % 100 < 92 THEN 'union_chair' WHEN g % 100 < 96 THEN 'leader'
                                        WHEN g % 100 < 98 THEN 'finance' ELSE 'admin' END AS role) r`,
      [total],
    );
    await ds.query(`VACUUM ANALYZE tasks`);
    await ds.query(`VACUUM ANALYZE org_units`);
    const [{ open }] = (await ds.query(
      `SELECT count(*)::int AS open FROM tasks WHERE status = 'open'`,
    )) as Array<{ open: number }>;
    log(
      `generated ${total} tasks over ${(await ds.query(`SELECT count(*)::int AS n FROM org_units`))[0].n} org units (${Date.now() - t} ms); ${open} open in all`,
    );

    const cli = resolveTemporalCli(toolsDir(), log);
    if (!cli.path) throw new Error('no Temporal CLI found; set TEMPORAL_CLI_PATH');
    const temporal = await startTemporalDevServer({
      cliPath: cli.path,
      port: await freePort(),
      namespace: 'default',
    });
    stops.push(temporal.stop);

    // --- the API and the bare route ----------------------------------------------------------------
    Object.assign(process.env, {
      NODE_ENV: 'development',
      LOG_LEVEL: 'silent',
      DATABASE_URL: url,
      TEMPORAL_ADDRESS: temporal.address,
      PORT: String(await freePort()),
    });
    const api = await createApiApp();
    await api.listen(Number(process.env.PORT), '127.0.0.1');
    stops.push(() => api.close());
    const base = `http://127.0.0.1:${process.env.PORT}/api`;
    const who = [
      { label: 'grassrootsChair', username: 'branch-chair' },
      { label: 'unionChair', username: 'union-chair' },
      { label: 'admin', username: 'admin' },
    ];
    const users = new Map<string, Who>();
    const tokens = new Map<string, string>();
    for (const w of who) {
      const [u] = (await ds.query(
        `SELECT u.id, u.roles, o.path FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.username = $1`,
        [w.username],
      )) as Array<{ id: string; roles: Role[]; path: string }>;
      users.set(w.username, { userId: u!.id, roles: u!.roles, orgPath: u!.path });
      const res = await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: w.username, password: 'bangfu-demo' }),
      });
      tokens.set(w.username, ((await res.json()) as { accessToken: string }).accessToken);
    }
    const bare = await bareApp(url, users);
    const barePort = await freePort();
    await bare.app.listen(barePort, '127.0.0.1');
    stops.push(async () => {
      await bare.app.close();
      await bare.ds.destroy();
    });

    if (process.env.BENCH_EXPLAIN === '1') {
      for (const w of who) {
        const plan = (await ds.query(
          `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${TASK_LIST_SQL}`,
          taskListParams(users.get(w.username)!, { status: 'open' }, 50, null),
        )) as Array<{ 'QUERY PLAN': string }>;
        log(`EXPLAIN for ${w.username}:`);
        for (const r of plan) log(`  ${r['QUERY PLAN']}`);
      }
    }

    const results: Record<
      string,
      { api: LoadSummary; bare: LoadSummary; visible: number; ratioRps: number }
    > = {};
    const loadBefore = loadAvg();
    for (const w of who) {
      const check = await fetch(`${base}/tasks?limit=50`, {
        headers: { authorization: `Bearer ${tokens.get(w.username)}` },
      });
      const page = (await check.json()) as { items: unknown[] };
      if (check.status !== 200) throw new Error(`GET /api/tasks answered ${check.status}`);
      const bareCheck = (await (
        await fetch(`http://127.0.0.1:${barePort}/bare/tasks?as=${w.username}`)
      ).json()) as unknown[];
      const [{ visible }] = (await ds.query(
        `SELECT count(*)::int AS visible FROM tasks t WHERE t.status = 'open'
            AND (t.candidate_role = ANY($1::text[]) OR t.escalated_role = ANY($1::text[]) OR t.assignee_id = $3)
            AND (t.org_path = $2 OR t.org_path LIKE $2 || '.%')`,
        [users.get(w.username)!.roles, users.get(w.username)!.orgPath, users.get(w.username)!.userId],
      )) as Array<{ visible: number }>;
      log(
        `${w.username}: ${visible} open tasks visible; first page ${page.items.length} (bare route ${Math.min(50, bareCheck.length)})`,
      );
      const apiRun = summarise(
        await runLoad({
          url: `${base}/tasks?limit=50`,
          headers: { authorization: `Bearer ${tokens.get(w.username)}` },
          concurrency: clients,
          durationMs: seconds * 1000,
        }),
      );
      const bareRun = summarise(
        await runLoad({
          url: `http://127.0.0.1:${barePort}/bare/tasks?as=${w.username}`,
          headers: {},
          concurrency: clients,
          durationMs: seconds * 1000,
        }),
      );
      results[w.label] = { api: apiRun, bare: bareRun, visible, ratioRps: round(apiRun.rps / bareRun.rps) };
      log(
        `${w.label} (${w.username}): API ${apiRun.rps} req/s p50 ${apiRun.p50Ms} p95 ${apiRun.p95Ms} ms | bare ${bareRun.rps} req/s p50 ${bareRun.p50Ms} p95 ${bareRun.p95Ms} ms | ratio ${results[w.label]!.ratioRps}; load ${loadAvg().join(', ')}`,
      );
    }
    const out = {
      tasks: open,
      clients,
      seconds,
      ...Object.fromEntries(
        Object.entries(results).flatMap(([k, r]) => [
          [`${k}ApiP50Ms`, r.api.p50Ms],
          [`${k}ApiP95Ms`, r.api.p95Ms],
          [`${k}ApiRps`, r.api.rps],
          [`${k}BareP95Ms`, r.bare.p95Ms],
          [`${k}BareRps`, r.bare.rps],
          [`${k}RatioRps`, r.ratioRps],
        ]),
      ),
      loadAvgBefore: loadBefore,
      loadAvg: loadAvg(),
    };
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(
      `[bench:inbox] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
