import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../libs/infra/ports';
import { databaseUrl, startEmbeddedPostgres } from '../libs/infra/postgres';

/**
 * Backup and restore rehearsal for the PostgreSQL server that holds both bangfu's database and
 * Temporal's (`temporal`, `temporal_visibility`): an online base backup of the whole server with
 * PostgreSQL's low-level backup API (pg_backup_start → copy the data directory → pg_backup_stop →
 * backup_label + the WAL written meanwhile), so both databases come from the same instant; then a
 * restore of that copy into a fresh server on another port, which replays the WAL, and a check that
 * the restored server holds what the live one held at the backup, while the cluster keeps working
 * (every row committed before the backup started and none newer than the copy: ledger rows, re-assessment
 * results, Temporal executions and histories, a current execution for every case's workflow). The server must run on this machine (the copy is a
 * file copy). Needs only the `postgres` binary, like the embedded server.
 *
 *   node dist/scripts/restore-rehearsal.js <server URL of a superuser> [backup dir]
 *
 * Prints one JSON line with the counts compared; exits 1 when they differ. Run by
 * `npm run test:cluster` (test/cluster/cluster.test.ts) against the cluster's PostgreSQL.
 */
export interface RehearsalResult {
  backupDir: string;
  backupMs: number;
  restoreMs: number;
  /** Each figure before the backup started, on the restored server, and live after the backup ended. */
  counts: Record<string, { before: number; restored: number; live: number }>;
  ok: boolean;
}

/** What must survive a restore: rows that no longer change once money has moved. */
const CHECKS: Array<{ db: string; name: string; sql: string }> = [
  { db: 'bangfu', name: 'ledger_entries', sql: 'SELECT count(*) FROM ledger_entries' },
  { db: 'bangfu', name: 'aid_cases', sql: 'SELECT count(*) FROM aid_cases' },
  { db: 'bangfu', name: 'reassessment_results', sql: 'SELECT count(*) FROM reassessment_results' },
  { db: 'bangfu', name: 'audit_log', sql: 'SELECT count(*) FROM audit_log' },
  { db: 'temporal', name: 'temporal.executions', sql: 'SELECT count(*) FROM executions' },
  { db: 'temporal', name: 'temporal.history_node', sql: 'SELECT count(*) FROM history_node' },
  {
    db: 'temporal_visibility',
    name: 'visibility.executions',
    sql: 'SELECT count(*) FROM executions_visibility',
  },
];

/**
 * Aid cases whose workflow has no current execution on the server (read across bangfu's and
 * Temporal's databases): a restore that lost a case's workflow would leave it stuck. Compared with
 * the same figure on the live server (demo data may hold cases that never had a workflow).
 */
async function casesWithoutWorkflow(serverUrl: string): Promise<number> {
  const read = async (db: string, sql: string): Promise<string[]> => {
    const client = new Client({ connectionString: databaseUrl(serverUrl, db) });
    await client.connect();
    try {
      return (await client.query<{ id: string }>(sql)).rows.map((r) => r.id);
    } finally {
      await client.end();
    }
  };
  const cases = await read('bangfu', 'SELECT workflow_id AS id FROM aid_cases');
  const running = new Set(await read('temporal', 'SELECT workflow_id AS id FROM current_executions'));
  return cases.filter((id) => !running.has(id)).length;
}

async function counts(serverUrl: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const c of CHECKS) {
    const client = new Client({ connectionString: databaseUrl(serverUrl, c.db) });
    await client.connect();
    try {
      const r = await client.query<{ count: string }>(c.sql);
      out[c.name] = Number(r.rows[0]!.count);
    } finally {
      await client.end();
    }
  }
  out['cases without a workflow'] = await casesWithoutWorkflow(serverUrl);
  return out;
}

export async function restoreRehearsal(serverUrl: string, backupDir?: string): Promise<RehearsalResult> {
  const dir = backupDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-backup-'));
  fs.chmodSync(dir, 0o755);
  const base = path.join(dir, 'base');
  const admin = new Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await admin.connect();
  const t0 = Date.now();
  let live: Record<string, number>;
  // what was committed before the backup started must all be restored
  const before = await counts(serverUrl);
  try {
    const dataDir = (await admin.query<{ data_directory: string }>('SHOW data_directory')).rows[0]!
      .data_directory;
    // 1. base backup: start, copy the files, stop; the label and the WAL make the copy consistent
    await admin.query(`SELECT pg_backup_start('bangfu restore rehearsal', true)`);
    fs.cpSync(dataDir, base, {
      recursive: true,
      filter: (src) => {
        const rel = path.relative(dataDir, src);
        return !['postmaster.pid', 'postmaster.opts'].includes(rel) && !rel.startsWith(`pg_wal${path.sep}`);
      },
    });
    const stop = await admin.query<{ labelfile: string; spcmapfile: string }>(
      'SELECT labelfile, spcmapfile FROM pg_backup_stop(false)',
    );
    fs.writeFileSync(path.join(base, 'backup_label'), stop.rows[0]!.labelfile);
    if (stop.rows[0]!.spcmapfile)
      fs.writeFileSync(path.join(base, 'tablespace_map'), stop.rows[0]!.spcmapfile);
    fs.mkdirSync(path.join(base, 'pg_wal'), { recursive: true });
    for (const f of fs.readdirSync(path.join(dataDir, 'pg_wal')))
      if (/^[0-9A-F]{24}$/.test(f))
        fs.copyFileSync(path.join(dataDir, 'pg_wal', f), path.join(base, 'pg_wal', f));
    // nothing the copy holds can be newer than this: taken once the last WAL file is copied
    live = await counts(serverUrl);
    // same owner as the live data directory (the `postgres` OS user when we run as root)
    const st = fs.statSync(dataDir);
    if (process.getuid?.() === 0) execFileSync('chown', ['-R', `${st.uid}:${st.gid}`, dir]);
    fs.chmodSync(base, 0o700);
  } finally {
    await admin.end();
  }
  const backupMs = Date.now() - t0;

  // 2. restore: a fresh server from the copy (it replays the WAL up to the end of the backup)
  const t1 = Date.now();
  const port = await freePort();
  const restored = await startEmbeddedPostgres({ dataDir: base, port, persistent: true });
  const restoredUrl = new URL(serverUrl);
  restoredUrl.port = String(port);
  let got: Record<string, number>;
  try {
    got = await counts(restoredUrl.toString().replace(/\/$/, ''));
  } finally {
    await restored.stop();
  }
  const restoreMs = Date.now() - t1;
  const table = Object.fromEntries(
    Object.keys(live).map((k) => [k, { before: before[k]!, restored: got[k]!, live: live[k]! }]),
  ) as RehearsalResult['counts'];
  // bangfu's rows (ledger, cases, results, audit) only grow, and the cluster keeps working while it
  // is backed up: the restore holds every row committed before the backup started and none that
  // did not exist once the copy was done (before ≤ restored ≤ live). Temporal's tables move both
  // ways on a live cluster (timers fire after the backup; a child start that loses its race deletes
  // the run row it made; history branches are trimmed), so they must be there, and every case's
  // workflow must be: no more cases without a current execution than the live server has.
  const ok = Object.entries(table).every(([k, v]) =>
    k.startsWith('temporal') || k.startsWith('visibility')
      ? v.restored > 0
      : k === 'cases without a workflow'
        ? v.restored <= Math.max(v.before, v.live)
        : v.before <= v.restored && v.restored <= v.live,
  );
  return { backupDir: dir, backupMs, restoreMs, counts: table, ok };
}

if (require.main === module) {
  const [url, dir] = process.argv.slice(2);
  if (!url) {
    process.stderr.write(
      'usage: node dist/scripts/restore-rehearsal.js <postgres server URL> [backup dir]\n',
    );
    process.exit(2);
  }
  restoreRehearsal(url, dir)
    .then((r) => {
      process.stdout.write(`${JSON.stringify(r)}\n`);
      process.exit(r.ok ? 0 : 1);
    })
    .catch((err: unknown) => {
      process.stderr.write(`${String(err)}\n`);
      process.exit(1);
    });
}
