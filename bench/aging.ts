/**
 * Aging benchmark (`npm run bench:aging`): an embedded PostgreSQL, a Temporal dev server and the real
 * API in this process; BENCH_INSTALMENTS instalments (default 1,000,000) over BENCH_INSTALMENTS / 10
 * loans generated with set-based SQL (then `loans.oldest_unpaid_due` filled by the same backfill the
 * migration runs). Timed, interleaved so all see the same cache and machine load:
 *  (a) GET /api/finance/aging over HTTP (login, scope, policy, the aggregation, JSON),
 *  (b) the floor: one scan of the open loans reading the oldest unpaid due date kept on the loan row
 *      (AGING_SQL, the same parameters) as raw SQL on its own connection,
 *  (c) for reference, the pre-column aggregation (a seek per loan into loan_instalments).
 * Prints p50/p95 of each and the ratio API / floor at p95; the last line is one JSON object
 * `{instalments, apiP50Ms, apiP95Ms, floorP50Ms, floorP95Ms, ratioP95, …}`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client as PgClient } from 'pg';
import { createApiApp } from '../apps/api/src/app.factory';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../libs/database/data-source';
import { runMigrations } from '../libs/database/migrate';
import { seedDemoData, seedReferenceData } from '../libs/database/seed';
import { chinaDateOf } from '../libs/domain/loan';
import { toolsDir } from '../libs/infra/paths';
import { freePort } from '../libs/infra/ports';
import { databaseUrl, ensureDatabase, startEmbeddedPostgres } from '../libs/infra/postgres';
import { resolveTemporalCli } from '../libs/infra/temporal-binaries';
import { startTemporalDevServer } from '../libs/infra/temporal-dev-server';
import { AGING_SQL } from '../libs/loans/aging.sql';
import { BACKFILL_OLDEST_UNPAID_SQL } from '../libs/loans/oldest-unpaid.sql';
import { piiCipherFromEnv } from '../libs/security/pii-provider';

const log = (m: string) => process.stdout.write(`[bench:aging] ${m}\n`);

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i]!;
}

const round = (x: number) => Math.round(x * 100) / 100;

/** The aggregation before the column: each open loan's oldest unpaid instalment found by a seek. */
const LATERAL_AGING_SQL = `
  WITH scope AS (SELECT id FROM org_units WHERE path = $3 OR path LIKE $3 || '.%'),
  o AS (
    SELECT (l.amount_fen - l.repaid_fen - l.written_off_fen) AS outstanding,
           GREATEST(0, $1::date - $2::int - n.due_date) AS days
      FROM loans l
      LEFT JOIN LATERAL (
        SELECT i.due_date FROM loan_instalments i
         WHERE i.loan_id = l.id AND i.version = l.schedule_version AND i.cum_due_fen > l.repaid_fen
         ORDER BY i.cum_due_fen LIMIT 1
      ) n ON true
     WHERE l.status IN ('active', 'overdue', 'defaulted') AND l.org_unit_id IN (SELECT id FROM scope)
  )
  SELECT CASE WHEN days IS NULL OR days = 0 THEN 'current'
              WHEN days <= 30 THEN '1-30' WHEN days <= 60 THEN '31-60' WHEN days <= 90 THEN '61-90' ELSE '90+' END AS bucket,
         count(*)::int AS loans, COALESCE(sum(outstanding), 0)::bigint AS outstanding
    FROM o GROUP BY 1`;

async function main(): Promise<void> {
  const instalments = Number(process.env.BENCH_INSTALMENTS ?? 1_000_000);
  const iterations = Number(process.env.BENCH_ITERATIONS ?? 40);
  if (!Number.isSafeInteger(instalments) || instalments < 10)
    throw new Error('BENCH_INSTALMENTS must be ≥ 10');
  const term = 10;
  const loans = Math.floor(instalments / term);
  const stops: Array<() => Promise<void>> = [];
  const t0 = Date.now();
  try {
    // --- PostgreSQL and Temporal ----------------------------------------------------------------
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-bench-'));
    fs.chmodSync(dir, 0o755);
    const pgPort = await freePort();
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(dir, 'data'),
      port: pgPort,
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
    await seedReferenceData(ds);
    await seedDemoData(ds, 'development', piiCipherFromEnv(process.env));
    await ds.destroy();
    log(`PostgreSQL on port ${pgPort}, migrated and seeded (${Date.now() - t0} ms)`);

    const cli = resolveTemporalCli(toolsDir(), log);
    if (!cli.path) throw new Error('no Temporal CLI found; set TEMPORAL_CLI_PATH');
    const temporal = await startTemporalDevServer({
      cliPath: cli.path,
      port: await freePort(),
      namespace: 'default',
    });
    stops.push(temporal.stop);

    // --- data: workers, loans, instalments (set-based) --------------------------------------------
    const db = new PgClient({ connectionString: url });
    await db.connect();
    db.on('error', () => undefined);
    stops.push(() => db.end());
    const t1 = Date.now();
    await db.query(`SET synchronous_commit = off`);
    await db.query(
      `INSERT INTO workers (employee_no, name, org_unit_id)
       SELECT 'B' || lpad(g::text, 6, '0'), '压测职工' || g, (SELECT id FROM org_units WHERE code = CASE WHEN g % 2 = 0 THEN 'T-01-1' ELSE 'T-02-1' END)
         FROM generate_series(1, 10000) g`,
    );
    // a loan disbursed 1–12 months ago; repaid 0–10 instalments (deterministic mix): some current,
    // some in each overdue bucket; 10,000 fen steps keep every instalment a whole number of fen
    await db.query(
      `INSERT INTO loans (id, loan_no, workflow_id, worker_id, org_unit_id, amount_fen, term_months, purpose_enc, status, policy_version,
                          created_by, disbursed_on, schedule_version, repaid_fen)
       SELECT x.id, 'BL-' || lpad(g::text, 7, '0'), 'loan:' || x.id, w.id, w.org_unit_id, amount, ${term}, $2::bytea, 'active', 1,
              (SELECT id FROM users WHERE username = 'caseworker'), disbursed, 1,
              LEAST(${term}, GREATEST(0, months - (g % 6))) * (amount / ${term})
         FROM (SELECT g, gen_random_uuid() AS id, (100000 + (g % 20) * 10000)::bigint AS amount,
                      1 + (g * 7919) % 12 AS months,
                      (current_date - ((1 + (g * 7919) % 12) * interval '1 month') - ((g % 28) * interval '1 day'))::date AS disbursed
                 FROM generate_series(1, $1::int) g) x
         JOIN workers w ON w.employee_no = 'B' || lpad((1 + g % 10000)::text, 6, '0')`,
      [loans, piiCipherFromEnv(process.env).encrypt('压测')],
    );
    await db.query(
      `INSERT INTO loan_instalments (loan_id, version, seq, due_date, amount_fen, cum_due_fen)
       SELECT l.id, 1, s, (l.disbursed_on + s * interval '1 month')::date, l.amount_fen / ${term}, s * (l.amount_fen / ${term})
         FROM loans l CROSS JOIN generate_series(1, ${term}) s WHERE l.loan_no LIKE 'BL-%'`,
    );
    await db.query(
      `UPDATE loans SET status = 'repaid' WHERE loan_no LIKE 'BL-%' AND repaid_fen >= amount_fen`,
    );
    // the column the repositories keep in each repayment's transaction, as the migration backfills it
    const tb = Date.now();
    await db.query(BACKFILL_OLDEST_UNPAID_SQL);
    log(`backfilled loans.oldest_unpaid_due in ${Date.now() - tb} ms`);
    await db.query(`VACUUM ANALYZE loans`);
    await db.query(`VACUUM ANALYZE loan_instalments`);
    const [{ n }] = (await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM loan_instalments`)).rows;
    log(`generated ${loans} loans and ${n} instalments (${Date.now() - t1} ms)`);

    // --- the API ---------------------------------------------------------------------------------
    Object.assign(process.env, {
      NODE_ENV: 'development',
      LOG_LEVEL: 'silent',
      DATABASE_URL: url,
      TEMPORAL_ADDRESS: temporal.address,
      PORT: String(await freePort()),
    });
    const app = await createApiApp();
    await app.listen(Number(process.env.PORT), '127.0.0.1');
    stops.push(() => app.close());
    const base = `http://127.0.0.1:${process.env.PORT}/api`;
    const login = (await (
      await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'finance', password: 'bangfu-demo' }),
      })
    ).json()) as { accessToken: string };
    const [{ path: orgPath }] = (
      await db.query<{ path: string }>(
        `SELECT o.path FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.username = 'finance'`,
      )
    ).rows;
    const asOf = chinaDateOf(Date.now());
    const grace = (
      await db.query<{ g: number }>(
        `SELECT (data->'loan'->>'graceDays')::int AS g FROM policy_versions ORDER BY version DESC LIMIT 1`,
      )
    ).rows[0]!.g;
    const sql = new PgClient({ connectionString: url });
    await sql.connect();
    sql.on('error', () => undefined);
    stops.push(() => sql.end());

    const viaApi = async () => {
      const t = performance.now();
      const res = await fetch(`${base}/finance/aging?asOf=${asOf}`, {
        headers: { authorization: `Bearer ${login.accessToken}` },
      });
      const body = (await res.json()) as { totalOutstandingFen: number; buckets: Array<{ loans: number }> };
      if (res.status !== 200) throw new Error(`aging answered ${res.status}: ${JSON.stringify(body)}`);
      return { ms: performance.now() - t, body };
    };
    const timed = async (text: string) => {
      const t = performance.now();
      const r = await sql.query<{ bucket: string; loans: number; outstanding: string }>(text, [
        asOf,
        grace,
        orgPath,
      ]);
      return { ms: performance.now() - t, rows: r.rows };
    };
    const viaSql = () => timed(AGING_SQL);
    const viaLateral = () => timed(LATERAL_AGING_SQL);

    // same answer both ways
    const a = await viaApi();
    const s = await viaSql();
    const sqlTotal = s.rows.reduce((x, r) => x + Number(r.outstanding), 0);
    if (a.body.totalOutstandingFen !== sqlTotal)
      throw new Error(`API total ${a.body.totalOutstandingFen} ≠ SQL total ${sqlTotal}`);
    // the column gives the same buckets as the seek per loan
    const key = (rows: Array<{ bucket: string; loans: number; outstanding: string }>) =>
      JSON.stringify([...rows].sort((x, y) => x.bucket.localeCompare(y.bucket)));
    const before = await viaLateral();
    if (key(before.rows) !== key(s.rows))
      throw new Error(`column buckets ${key(s.rows)} ≠ per-loan seek buckets ${key(before.rows)}`);
    log(
      `aging: ${a.body.buckets.map((b, i) => `${['current', '1-30', '31-60', '61-90', '90+'][i]}=${b.loans}`).join(' ')}; total ${sqlTotal} fen`,
    );
    if (process.env.BENCH_EXPLAIN === '1') {
      const plan = await sql.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${AGING_SQL}`, [
        asOf,
        grace,
        orgPath,
      ]);
      for (const r of plan.rows) log(r['QUERY PLAN']);
    }
    const load = () => os.loadavg().map((l) => Number(l.toFixed(2)));
    const loadBefore = load();
    for (let i = 0; i < 3; i++) {
      await viaApi();
      await viaSql();
    }
    const apiMs: number[] = [];
    const sqlMs: number[] = [];
    const lateralMs: number[] = [];
    for (let i = 0; i < iterations; i++) {
      // interleaved so all see the same cache and machine load
      apiMs.push((await viaApi()).ms);
      sqlMs.push((await viaSql()).ms);
      if (i % 4 === 0) lateralMs.push((await viaLateral()).ms);
    }
    const result = {
      instalments: Number(n),
      loans,
      apiP50Ms: round(percentile(apiMs, 50)),
      apiP95Ms: round(percentile(apiMs, 95)),
      floorP50Ms: round(percentile(sqlMs, 50)),
      floorP95Ms: round(percentile(sqlMs, 95)),
      ratioP95: round(percentile(apiMs, 95) / percentile(sqlMs, 95)),
      perLoanSeekP50Ms: round(percentile(lateralMs, 50)),
      loadAvg: load(),
      loadAvgBefore: loadBefore,
    };
    log(`${iterations} runs each over ${loans} loans / ${n} instalments`);
    log(`API  GET /api/finance/aging              p50 ${result.apiP50Ms} ms  p95 ${result.apiP95Ms} ms`);
    log(`floor: one scan of loans (kept column)   p50 ${result.floorP50Ms} ms  p95 ${result.floorP95Ms} ms`);
    log(
      `before the column: seek per loan (SQL)   p50 ${result.perLoanSeekP50Ms} ms (${lateralMs.length} runs)`,
    );
    log(`ratio p95 API / floor = ${result.ratioP95} (goal ≤ 3); load average ${result.loadAvg.join(', ')}`);
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(
      `[bench:aging] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
