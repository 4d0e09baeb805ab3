import { Workbook } from 'exceljs';
import { piiCipherFromEnv } from '../../libs/security/pii-provider';
import { nationalIdCheckChar } from '../../libs/domain/national-id';
import { HrImportsRepository } from '../../libs/hr-imports/hr-imports.repository';
import { workflowIds } from '../../libs/temporal/ids';
import { TestStack } from '../support/stack';
import { buildDist, startWorkerProcess, WorkerProcess } from '../support/worker-process';

/**
 * HR imports on the real stack (API + worker in-process, real PostgreSQL, Temporal dev server):
 * a generated 20,000-row roster imported twice (the second run changes nothing), refused rows with
 * reasons, a worker process killed with -9 mid-commit and replaced (every row lands exactly once); a payroll import
 * that contradicts a declared income flags the file and the next re-assessment opens a re-check.
 */
let stack: TestStack;
let admin: string;
const workerProcesses: WorkerProcess[] = [];

beforeAll(async () => {
  buildDist(); // the worker killed with -9 runs from dist/, as npm start runs it
  stack = await TestStack.start();
  admin = await stack.login('admin');
}, 600_000);

afterAll(async () => {
  for (const w of workerProcesses) await w.stop();
  await stack?.stop();
}, 60_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  tries = 1200,
  ms = 250,
): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await sleep(ms);
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** A valid resident ID number (GB 11643) for person i: distinct birth dates and sequence numbers. */
function idNumber(i: number, region = '370102'): string {
  const birth = new Date(Date.UTC(1970, 0, 1) + (i % 10_000) * 86_400_000);
  const ymd = birth.toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `${region}${ymd}${String(100 + Math.floor(i / 10_000)).padStart(3, '0')}`;
  return first17 + nationalIdCheckChar(first17);
}

interface ImportView {
  id: string;
  status: string;
  totalRows: number;
  previewedRows: number;
  appliedRows: number;
  previewCounts: Record<string, number> | null;
  counts: Record<string, number> | null;
  flaggedFiles: number;
}

async function view(id: string, token = admin): Promise<ImportView> {
  const r = await stack
    .http()
    .get(`/api/hr-imports/${id}`)
    .set({ authorization: `Bearer ${token}` })
    .expect(200);
  return r.body as ImportView;
}

async function untilStatus(id: string, status: string, token = admin): Promise<ImportView> {
  return until(`import ${id} to be ${status}`, async () => {
    const v = await view(id, token);
    if (v.status === 'failed') throw new Error(`import failed: ${JSON.stringify(v)}`);
    return v.status === status ? v : undefined;
  });
}

async function upload(
  kind: 'roster' | 'payroll',
  name: string,
  body: Buffer,
  token = admin,
  orgUnitId?: string,
) {
  const req = stack
    .http()
    .post('/api/hr-imports')
    .set({ authorization: `Bearer ${token}` })
    .field('kind', kind);
  if (orgUnitId) void req.field('orgUnitId', orgUnitId);
  const r = await req.attach('file', body, name);
  if (r.status !== 202) throw new Error(`upload ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body as ImportView;
}

async function decide(id: string, decision: 'commit' | 'cancel', token = admin, status = 200) {
  return stack
    .http()
    .post(`/api/hr-imports/${id}/decision`)
    .set({ authorization: `Bearer ${token}` })
    .send({ decision })
    .expect(status);
}

const ROSTER_ROWS = 20_000;

test('roster: 20,000 rows previewed, committed with the worker process killed -9 mid-run (every row once), imported again (nothing changes); refused rows name the reason only', async () => {
  const unit = async (code: string) =>
    (await stack.db.query<{ id: string }>(`SELECT id FROM org_units WHERE code = $1`, [code])).rows[0]!.id;
  const enterprise = await unit('ENT-01');
  // another enterprise under the county federation, with a person already registered there
  const county = (
    await stack.db.query<{ id: string; path: string }>(
      `SELECT id, path FROM org_units WHERE code = 'CFTU-01'`,
    )
  ).rows[0]!;
  const [other] = (
    await stack.db.query<{ id: string }>(
      `INSERT INTO org_units (code, name_zh, name_en, kind, parent_id, path)
       VALUES ('ENT-OTHER', '其他化工公司工会', 'Other Chemical Co. Union', 'enterprise_union', $1, 'pending') RETURNING id`,
      [county.id],
    )
  ).rows;
  await stack.db.query(`UPDATE org_units SET path = $1 WHERE id = $2`, [
    `${county.path}.${other!.id}`,
    other!.id,
  ]);
  const pii = piiCipherFromEnv();
  const elsewhereId = idNumber(0, '370203');
  await stack.db.query(
    `INSERT INTO workers (employee_no, name, org_unit_id, national_id_enc, national_id_hash) VALUES ('X0001', '赵某', $1, $2, $3)`,
    [other!.id, pii.encrypt(elsewhereId), pii.hash('national_id', elsewhereId)],
  );

  const wb = new Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.addRow(['工号', '姓名', '身份证号', '性别', '所属单位', '手机号']);
  for (let i = 0; i < ROSTER_ROWS; i++)
    ws.addRow([
      `HR${String(i + 1).padStart(6, '0')}`,
      `职工${i + 1}`,
      idNumber(i),
      i % 2 ? '男' : '女',
      i % 3 === 0 ? 'G-01' : i % 3 === 1 ? '第二分厂工会' : '',
      `1380000${String(i).padStart(4, '0')}`,
    ]);
  const bad = idNumber(ROSTER_ROWS + 1);
  const badCheck = bad.slice(0, 17) + (bad[17] === '0' ? '1' : '0');
  ws.addRow(['HR900001', '错号', badCheck, '男', 'G-01', '']);
  ws.addRow(['HR900002', '赵某', elsewhereId, '男', 'G-02', '']);
  const file = Buffer.from(await wb.xlsx.writeBuffer());
  const total = ROSTER_ROWS + 2;

  // the dry run: progress, a row-by-row result, nothing written
  const started = await upload('roster', 'roster.xlsx', file, admin, enterprise);
  expect(started).toMatchObject({ status: 'previewing', totalRows: total });
  const previewed = await untilStatus(started.id, 'previewed');
  expect(previewed.previewedRows).toBe(total);
  expect(previewed.previewCounts).toEqual({ new: ROSTER_ROWS, updated: 0, unchanged: 0, refused: 2 });
  expect(await stack.count(`SELECT 1 FROM workers WHERE employee_no LIKE 'HR%'`)).toBe(0);
  const refused = await stack
    .http()
    .get(`/api/hr-imports/${started.id}/rows?outcome=refused`)
    .set({ authorization: `Bearer ${admin}` })
    .expect(200);
  expect(refused.body.items).toEqual([
    expect.objectContaining({
      rowNo: total,
      employeeNo: 'HR900001',
      outcome: 'refused',
      reasonCode: 'national_id_invalid',
      reasonParams: { rule: 'checksum' },
    }),
    expect.objectContaining({
      rowNo: total + 1,
      employeeNo: 'HR900002',
      outcome: 'refused',
      reasonCode: 'registered_elsewhere',
      reasonParams: {},
    }),
  ]);
  // the other unit is never named, and ID numbers are only shown masked
  expect(JSON.stringify(refused.body)).not.toMatch(/其他化工|ENT-OTHER|X0001/);
  expect(JSON.stringify(refused.body)).not.toContain(elsewhereId);
  expect(refused.body.items[1].nationalIdMasked).toBe(
    `${elsewhereId.slice(0, 4)}**********${elsewhereId.slice(-4)}`,
  );
  const firstPage = await stack
    .http()
    .get(`/api/hr-imports/${started.id}/rows?limit=2`)
    .set({ authorization: `Bearer ${admin}` })
    .expect(200);
  expect(firstPage.body.items.map((r: { outcome: string }) => r.outcome)).toEqual(['new', 'new']);
  expect(firstPage.body.nextCursor).toEqual(expect.any(String));

  // commit on a worker running as its own OS process and kill it with -9 part-way (no graceful
  // shutdown: the chunk in flight is abandoned, whether or not its statement committed), then a new
  // worker takes over (the abandoned chunk is retried after its heartbeat timeout, 2 minutes)
  await stack.stopWorker();
  const crashing = await startWorkerProcess({});
  workerProcesses.push(crashing);
  await decide(started.id, 'commit');
  await decide(started.id, 'commit', admin, 409); // decided once
  const partial = await until(
    'the commit to be under way',
    async () => {
      const v = await view(started.id);
      return v.appliedRows > 0 ? v : undefined;
    },
    3000,
    10,
  );
  try {
    await crashing.kill9();
    // the chunk statement the dead process had sent runs on in its PostgreSQL backend (which only
    // notices the closed socket when it answers) and commits or not; wait until it has ended
    await until(
      'the abandoned chunk statement to end',
      async () =>
        (await stack.count(
          `SELECT 1 FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'
              AND query LIKE '%FROM hr_import_rows r WHERE r.import_id%'`,
        )) === 0
          ? true
          : undefined,
      600,
      100,
    );
    const stalled = await view(started.id);
    expect(stalled.status).toBe('committing');
    expect(stalled.appliedRows).toBeLessThan(total);
    await sleep(1500);
    expect((await view(started.id)).appliedRows).toBe(stalled.appliedRows); // nobody works on it meanwhile
  } finally {
    await stack.startWorker(); // the next tests need a worker whatever failed here
  }
  const done = await untilStatus(started.id, 'done');
  expect(partial.appliedRows).toBeGreaterThan(0);
  expect(done.appliedRows).toBe(total);
  expect(done.counts).toEqual({ new: ROSTER_ROWS, updated: 0, unchanged: 0, refused: 2 });
  // every row exactly once, in the database
  expect(await stack.count(`SELECT 1 FROM workers WHERE employee_no LIKE 'HR%'`)).toBe(ROSTER_ROWS);
  expect(
    await stack.count(`SELECT 1 FROM hr_import_rows WHERE import_id = $1 AND applied`, [started.id]),
  ).toBe(total);
  expect(
    await stack.count(
      `SELECT 1 FROM audit_log WHERE action = 'worker.imported' AND details ->> 'importId' = $1`,
      [started.id],
    ),
  ).toBe(ROSTER_ROWS);
  expect(await stack.count(`SELECT 1 FROM workers WHERE employee_no IN ('HR900001','HR900002')`)).toBe(0);
  // units by code, by name, and the import's own unit when the column is empty; ID numbers encrypted
  const w = (
    await stack.db.query<{ unit: string; gender: string; enc: Buffer; hash: string; phone: string }>(
      `SELECT o.code AS unit, w.gender, w.national_id_enc AS enc, w.national_id_hash AS hash, w.phone
         FROM workers w JOIN org_units o ON o.id = w.org_unit_id WHERE w.employee_no IN ('HR000001','HR000002','HR000003') ORDER BY w.employee_no`,
    )
  ).rows;
  expect(w.map((x) => x.unit)).toEqual(['G-01', 'G-02', 'ENT-01']);
  expect(w[0]!.gender).toBe('female');
  expect(pii.decrypt(w[0]!.enc)).toBe(idNumber(0));
  expect(w[0]!.hash).toBe(pii.hash('national_id', idNumber(0)));

  // the same file again: every row unchanged, nothing written
  const snapshot = async () =>
    (
      await stack.db.query<{ h: string }>(
        `SELECT md5(string_agg(w::text, '|' ORDER BY w.id)) AS h FROM workers w`,
      )
    ).rows[0]!.h;
  const before = await snapshot();
  const auditBefore = await stack.count(`SELECT 1 FROM audit_log`);
  const again = await upload('roster', 'roster.xlsx', file, admin, enterprise);
  const previewed2 = await untilStatus(again.id, 'previewed');
  expect(previewed2.previewCounts).toEqual({ new: 0, updated: 0, unchanged: ROSTER_ROWS, refused: 2 });
  await decide(again.id, 'commit');
  const done2 = await untilStatus(again.id, 'done');
  expect(done2.counts).toEqual({ new: 0, updated: 0, unchanged: ROSTER_ROWS, refused: 2 });
  expect(await snapshot()).toBe(before);
  expect(await stack.count(`SELECT 1 FROM audit_log`)).toBe(auditBefore);
}, 600_000);

test('roster: a changed row updates the worker it matches by employee number; a bad file is a 400 naming the column', async () => {
  const csv =
    '工号,姓名,身份证号,性别\nHR000005,职工五（改名）,' +
    idNumber(4) +
    ',女\nHR000006,职工6,' +
    idNumber(5) +
    ',男\nHR000007N,新人无单位,' +
    idNumber(9_999, '370203') +
    ',男\n';
  // imported at the county level (the admin's own unit): a new member without a unit is refused
  const imp = await upload('roster', 'fix.csv', Buffer.from(csv));
  const p = await untilStatus(imp.id, 'previewed');
  expect(p.previewCounts).toEqual({ new: 0, updated: 1, unchanged: 1, refused: 1 });
  const refused = await stack
    .http()
    .get(`/api/hr-imports/${imp.id}/rows?outcome=refused`)
    .set({ authorization: `Bearer ${admin}` })
    .expect(200);
  expect(refused.body.items).toEqual([
    expect.objectContaining({ employeeNo: 'HR000007N', reasonCode: 'unit_required' }),
  ]);
  await decide(imp.id, 'commit');
  await untilStatus(imp.id, 'done');
  const [row] = (
    await stack.db.query<{ name: string }>(`SELECT name FROM workers WHERE employee_no = 'HR000005'`)
  ).rows;
  expect(row!.name).toBe('职工五（改名）');

  const r = await stack
    .http()
    .post('/api/hr-imports')
    .set({ authorization: `Bearer ${admin}` })
    .field('kind', 'roster')
    .attach('file', Buffer.from('工号,姓名\nR1,某\n'), 'bad.csv')
    .expect(400);
  expect(r.body.details).toEqual([
    expect.objectContaining({ field: 'file.nationalId', rule: 'column_required' }),
  ]);
  const tpl = await stack
    .http()
    .get('/api/hr-imports/template?kind=roster')
    .set({ authorization: `Bearer ${admin}` })
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    })
    .expect(200);
  const twb = new Workbook();
  await twb.xlsx.load(tpl.body as ArrayBuffer);
  expect((twb.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual([
    '工号',
    '姓名',
    '身份证号',
    '性别',
    '所属单位',
    '手机号',
  ]);
}, 180_000);

test('an import staged by an API that died before starting its workflow is resumed when read', async () => {
  const pii = piiCipherFromEnv();
  const nid = idNumber(7777, '370203');
  const id = '00000000-0000-4000-8000-00000000c0de';
  const [admin_] = (
    await stack.db.query<{ id: string; org_unit_id: string }>(
      `SELECT id, org_unit_id FROM users WHERE username = 'admin'`,
    )
  ).rows;
  await stack.app.get(HrImportsRepository).stage({
    id,
    kind: 'roster',
    workflowId: workflowIds.hrImport('roster', id),
    fileName: 'crashed.csv',
    format: 'csv',
    orgUnitId: admin_!.org_unit_id,
    createdBy: admin_!.id,
    rows: [
      {
        rowNo: 2,
        employeeNo: 'HR777777',
        name: '崩溃后',
        nationalIdEnc: pii.encrypt(nid),
        nationalIdHash: pii.hash('national_id', nid),
        nationalIdMasked: null,
        gender: null,
        phone: null,
        unit: 'G-01',
        month: null,
        amountFen: null,
        refusalCode: null,
        refusalParams: null,
      },
    ],
  });
  // just staged: left alone (its upload may still be starting it)
  expect((await view(id)).status).toBe('previewing');
  expect(await stack.count(`SELECT 1 FROM hr_imports WHERE id = $1 AND previewed_rows = 0`, [id])).toBe(1);
  await stack.db.query(`UPDATE hr_imports SET created_at = now() - interval '5 minutes' WHERE id = $1`, [id]);
  const p = await untilStatus(id, 'previewed');
  expect(p.previewCounts).toEqual({ new: 1, updated: 0, unchanged: 0, refused: 0 });
}, 120_000);

test('payroll: income above the declared income flags the file (visible in the API), and the re-assessment opens a re-check for it', async () => {
  const chair = await stack.login('union-chair');
  const files = (
    await stack.db.query<{ employee_no: string; file_id: string; household_id: string }>(
      `SELECT w.employee_no, f.id AS file_id, f.household_id FROM hardship_files f JOIN workers w ON w.id = f.worker_id
        WHERE w.employee_no IN ('E1001','E1002') AND f.status = 'active' ORDER BY w.employee_no`,
    )
  ).rows;
  expect(files.map((f) => f.employee_no)).toEqual(['E1001', 'E1002']);
  // three complete months well inside the window, declared by the caseworker
  const now = new Date();
  const months = [2, 3, 4].map((k) => {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k, 1));
    return d.toISOString().slice(0, 7);
  });
  for (const m of months) {
    await stack.db.query(
      `INSERT INTO household_incomes (household_id, month, source, amount_fen) VALUES ($1, $2, 'wage', 100000), ($3, $2, 'wage', 300000)`,
      [files[0]!.household_id, `${m}-01`, files[1]!.household_id],
    );
  }
  // HR says: E1001 earns 5,000 yuan a month (declared 1,000); E1002 3,100 (declared 3,000: within 10%)
  const csv =
    '工号,姓名,月份,收入(元)\n' +
    months.map((m) => `E1001,周建国,${m},5000.00\nE1002,吴秀兰,${m},3100`).join('\n') +
    '\nE9999,无此人,' +
    months[0] +
    ',100\n';
  const imp = await upload('payroll', 'payroll.csv', Buffer.from(csv), chair);
  const p = await untilStatus(imp.id, 'previewed', chair);
  expect(p.previewCounts).toEqual({ new: 6, updated: 0, unchanged: 0, refused: 1 });
  const refused = await stack
    .http()
    .get(`/api/hr-imports/${imp.id}/rows?outcome=refused`)
    .set({ authorization: `Bearer ${chair}` })
    .expect(200);
  expect(refused.body.items).toEqual([
    expect.objectContaining({
      employeeNo: 'E9999',
      reasonCode: 'worker_unknown',
      reasonParams: { employeeNo: 'E9999' },
    }),
  ]);
  // nothing flagged before the commit
  expect(await stack.count(`SELECT 1 FROM file_income_discrepancies`)).toBe(0);
  await decide(imp.id, 'commit', chair);
  const done = await untilStatus(imp.id, 'done', chair);
  expect(done.flaggedFiles).toBe(1);
  expect(await stack.count(`SELECT 1 FROM payroll_incomes`)).toBe(6);

  const check = async (fileId: string) =>
    (
      await stack
        .http()
        .get(`/api/files/${fileId}/income-check`)
        .set({ authorization: `Bearer ${chair}` })
        .expect(200)
    ).body;
  expect(await check(files[0]!.file_id)).toMatchObject({
    flagged: true,
    discrepancy: { months: 3, declaredFen: 300_000, payrollFen: 1_500_000, thresholdPercent: 10 },
  });
  expect(await check(files[1]!.file_id)).toEqual({ flagged: false, discrepancy: null });

  // the same payroll again changes nothing and flags nothing new
  const again = await upload('payroll', 'payroll.csv', Buffer.from(csv), chair);
  expect((await untilStatus(again.id, 'previewed', chair)).previewCounts).toEqual({
    new: 0,
    updated: 0,
    unchanged: 6,
    refused: 1,
  });
  await decide(again.id, 'cancel', chair);
  expect((await untilStatus(again.id, 'cancelled', chair)).appliedRows).toBe(0);

  // the next re-assessment: the flagged file needs a re-check visit, the other does not
  await stack
    .http()
    .post('/api/reassessments')
    .set({ authorization: `Bearer ${admin}` })
    .send({ quarter: '2032Q1' })
    .expect(201);
  await until('the campaign', async () => {
    const r = await stack
      .http()
      .get('/api/reassessments/reassessment:2032Q1')
      .set({ authorization: `Bearer ${admin}` })
      .expect(200);
    return r.body.status === 'completed' ? r.body : undefined;
  });
  const outcome = async (fileId: string) =>
    (
      await stack.db.query<{ outcome: string }>(
        `SELECT outcome FROM reassessment_results WHERE campaign_id = 'reassessment:2032Q1' AND file_id = $1`,
        [fileId],
      )
    ).rows[0]?.outcome;
  expect(await outcome(files[0]!.file_id)).toBe('stale');
  expect(await outcome(files[1]!.file_id)).not.toBe('stale');
  await until('the re-check task', async () => {
    const n = await stack.count(
      `SELECT 1 FROM tasks WHERE type = 'recheck_visit' AND subject_type = 'hardship_file' AND subject_id = $1 AND status = 'open'`,
      [files[0]!.file_id],
    );
    return n === 1 ? n : undefined;
  });
  expect(
    await stack.count(`SELECT 1 FROM tasks WHERE type = 'recheck_visit' AND subject_id = $1`, [
      files[1]!.file_id,
    ]),
  ).toBe(0);

  // the caseworker does the re-check: the flag stays visible, but the next campaign asks for no new one
  const [task] = (
    await stack.db.query<{ id: string }>(
      `SELECT id FROM tasks WHERE type = 'recheck_visit' AND subject_id = $1 AND status = 'open'`,
      [files[0]!.file_id],
    )
  ).rows;
  const cw = await stack.login('caseworker');
  await stack
    .http()
    .post(`/api/tasks/${task!.id}/decision`)
    .set({ authorization: `Bearer ${cw}` })
    .send({ decision: 'done', comment: '已入户核实工资收入', outcome: { visited: true } })
    .expect(200);
  await until('the file to be marked checked', async () =>
    (await stack.count(`SELECT 1 FROM hardship_files WHERE id = $1 AND last_checked_at IS NOT NULL`, [
      files[0]!.file_id,
    ])) === 1
      ? true
      : undefined,
  );
  await stack
    .http()
    .post('/api/reassessments')
    .set({ authorization: `Bearer ${admin}` })
    .send({ quarter: '2032Q2' })
    .expect(201);
  await until('the second campaign', async () => {
    const r = await stack
      .http()
      .get('/api/reassessments/reassessment:2032Q2')
      .set({ authorization: `Bearer ${admin}` })
      .expect(200);
    return r.body.status === 'completed' ? r.body : undefined;
  });
  const second = (
    await stack.db.query<{ outcome: string }>(
      `SELECT outcome FROM reassessment_results WHERE campaign_id = 'reassessment:2032Q2' AND file_id = $1`,
      [files[0]!.file_id],
    )
  ).rows[0]?.outcome;
  expect(second).toBeDefined();
  expect(second).not.toBe('stale');
  expect((await check(files[0]!.file_id)).flagged).toBe(true);
}, 300_000);
