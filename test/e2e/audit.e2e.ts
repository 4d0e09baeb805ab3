import { Workbook } from 'exceljs';
import { DEMO_PASSWORD } from '../../libs/database/seed';
import { TestStack } from '../support/stack';

/**
 * The auditor's views (issue 11 item 8): GET /api/audit with filters and keyset pages, the XLSX
 * export, the login log; auditors read everything in scope and write nothing.
 */
let stack: TestStack;
let admin: string;
let auditor: string;
let workerId: string;
let chairId: string;
const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
const unit = async (code: string) =>
  (await stack.db.query<{ id: string }>(`SELECT id FROM org_units WHERE code = $1`, [code])).rows[0]!.id;
type Entry = {
  id: string;
  action: string;
  entityType: string;
  entityId: string;
  actorId: string;
  sensitive: boolean;
  orgUnitName: string | null;
};

beforeAll(async () => {
  stack = await TestStack.start();
  admin = await stack.login('admin');
  auditor = await stack.login('auditor');
  workerId = (await stack.db.query(`SELECT id FROM workers WHERE employee_no = 'E1001'`)).rows[0].id;
  chairId = (await stack.db.query(`SELECT id FROM users WHERE username = 'union-chair'`)).rows[0].id;
  // the union chair reveals an ID number: a sensitive read
  const chair = await stack.login('union-chair');
  await stack.http().get(`/api/workers/${workerId}/national-id`).set(bearer(chair)).expect(200);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

test('the auditor finds the sensitive-read row of an ID reveal through GET /api/audit', async () => {
  const r = await stack.http().get('/api/audit?sensitive=true').set(bearer(auditor)).expect(200);
  const rows = r.body.items as Entry[];
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.every((x) => x.sensitive)).toBe(true);
  const reveal = rows.find((x) => x.entityId === workerId);
  expect(reveal).toMatchObject({
    action: 'pii.read',
    entityType: 'worker',
    actorId: chairId,
    actorName: '张主席（公司工会）',
    orgUnitName: '一分厂检修班',
    actionLabel: { zh: '查看敏感信息', en: 'Sensitive data read' },
    details: { field: 'nationalId' },
  });
  // the same row through each filter
  const g01 = await unit('G-01');
  for (const q of [
    `actorId=${chairId}`,
    `action=pii.read`,
    `entityType=worker&entityId=${workerId}`,
    `orgUnitId=${g01}&sensitive=true`,
    `from=${encodeURIComponent(new Date(Date.now() - 3600_000).toISOString())}&action=pii.*`,
  ]) {
    const f = await stack.http().get(`/api/audit?${q}`).set(bearer(auditor)).expect(200);
    expect((f.body.items as Entry[]).map((x) => x.id)).toContain((reveal as Entry).id);
  }
  // a unit elsewhere, or a time range before it: not there
  const g02 = await unit('G-02');
  const other = await stack
    .http()
    .get(`/api/audit?orgUnitId=${g02}&sensitive=true`)
    .set(bearer(auditor))
    .expect(200);
  expect((other.body.items as Entry[]).map((x) => x.id)).not.toContain((reveal as Entry).id);
  const before = await stack
    .http()
    .get(`/api/audit?to=2020-01-01T00:00:00Z`)
    .set(bearer(auditor))
    .expect(200);
  expect(before.body.items).toEqual([]);
});

test('keyset pages: every row once, newest first; bad filters are 400s', async () => {
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const r: { body: { items: Entry[]; nextCursor: string | null } } = await stack
      .http()
      .get(`/api/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      .set(bearer(auditor))
      .expect(200);
    seen.push(...(r.body.items as Entry[]).map((x) => x.id));
    cursor = r.body.nextCursor;
    pages++;
  } while (cursor && pages < 200);
  const total = await stack.count(`SELECT 1 FROM audit_log`);
  expect(seen).toHaveLength(total);
  expect(new Set(seen).size).toBe(total);
  expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((a, b) => b - a));
  expect(pages).toBeGreaterThan(1);
  for (const q of [
    'cursor=abc',
    'cursor=-1',
    'limit=0',
    'from=yesterday',
    'actorId=12',
    'orgUnitId=x',
    'sensitive=maybe',
  ]) {
    const r = await stack.http().get(`/api/audit?${q}`).set(bearer(auditor));
    expect([q, r.status]).toEqual([q, 400]);
  }
});

test('the XLSX export holds the filtered rows with Chinese headers', async () => {
  const r = await stack
    .http()
    .get(`/api/audit/export?sensitive=true`)
    .set(bearer(auditor))
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    })
    .expect(200);
  expect(r.headers['content-type']).toContain('spreadsheetml');
  const wb = new Workbook();
  await wb.xlsx.load(r.body as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  expect(String(ws.getRow(1).getCell(5).value)).toContain('操作');
  const actions: string[] = [];
  const subjects: string[] = [];
  ws.eachRow((row, n) => {
    if (n > 1) {
      actions.push(String(row.getCell(5).value));
      subjects.push(String(row.getCell(9).value));
    }
  });
  expect(actions.length).toBeGreaterThan(0);
  expect(new Set(actions)).toEqual(new Set(['pii.read']));
  expect(subjects).toContain(workerId);
});

test('the login log shows successes, failures and lockouts (and is in the audit log too)', async () => {
  for (let i = 0; i < 5; i++) {
    await stack
      .http()
      .post('/api/auth/login')
      .send({ username: 'leader', password: `bad-${i}` })
      .expect(401);
  }
  await stack
    .http()
    .post('/api/auth/login')
    .send({ username: 'leader', password: DEMO_PASSWORD })
    .expect(429);
  const r = await stack.http().get('/api/audit/logins?username=leader').set(bearer(auditor)).expect(200);
  const outcomes = (r.body.items as Array<{ outcome: string }>).map((x) => x.outcome);
  expect(outcomes.slice(0, 3)).toEqual(['locked', 'lockout', 'failure']);
  expect(outcomes.filter((o) => o === 'failure')).toHaveLength(5);
  const ok = await stack.http().get('/api/audit/logins?outcome=success').set(bearer(auditor)).expect(200);
  expect((ok.body.items as Array<{ username: string }>).map((x) => x.username)).toEqual(
    expect.arrayContaining(['admin', 'auditor', 'union-chair']),
  );
  const a = await stack.http().get('/api/audit?action=auth.*').set(bearer(auditor)).expect(200);
  const actions = new Set((a.body.items as Entry[]).map((x) => x.action));
  expect(actions).toEqual(new Set(['auth.login', 'auth.login_failed', 'auth.lockout']));
});

test('auditors write nothing (403 on every write), but may end their own session', async () => {
  const writes: Array<[string, string, object]> = [
    ['post', '/api/cases', { workerId, program: 'hospital_visit', amountFen: 50_000, reason: 'x' }],
    [
      'post',
      '/api/users',
      {
        username: 'a.b.c',
        displayName: 'x',
        password: 'Temp-pass-001',
        roles: ['auditor'],
        orgUnitId: await unit('G-01'),
      },
    ],
    ['post', '/api/policy', { data: {}, note: 'x' }],
    ['post', `/api/users/${chairId}/disable`, { reason: 'x' }],
    ['post', '/api/early-warnings', { workerId, kind: 'injury', note: 'x' }],
    ['put', '/api/calendar/2026-12-31', { isWorkday: false }],
  ];
  for (const [method, path, body] of writes) {
    const r = await (
      stack.http() as unknown as Record<
        string,
        (p: string) => {
          set(h: object): {
            send(b: object): Promise<{ status: number; body: { details: Array<{ rule: string }> } }>;
          };
        }
      >
    )[method]!(path)
      .set(bearer(auditor))
      .send(body);
    expect([path, r.status]).toEqual([path, 403]);
  }
  // reads are fine
  await stack.http().get('/api/cases').set(bearer(auditor)).expect(200);
  await stack.http().get('/api/users').set(bearer(auditor)).expect(200);
  // others do not read the audit log
  await stack
    .http()
    .get('/api/audit')
    .set(bearer(await stack.login('caseworker')))
    .expect(403);
  await stack.http().get('/api/audit').set(bearer(admin)).expect(200);
  await stack.http().post('/api/auth/logout').set(bearer(auditor)).expect(204);
});

test("an auditor's scope: an auditor of one plant does not see another plant's reads", async () => {
  const g02 = await unit('G-02');
  await stack
    .http()
    .post('/api/users')
    .set(bearer(admin))
    .send({
      username: 'g02.auditor',
      displayName: '二分厂审计',
      password: 'Temp-pass-005',
      roles: ['auditor'],
      orgUnitId: g02,
    })
    .expect(201);
  const first = await stack
    .http()
    .post('/api/auth/login')
    .send({ username: 'g02.auditor', password: 'Temp-pass-005' })
    .expect(200);
  const changed = await stack
    .http()
    .post('/api/auth/change-password')
    .set(bearer(first.body.accessToken))
    .send({ currentPassword: 'Temp-pass-005', newPassword: 'Audit-pass-2026' })
    .expect(200);
  const r = await stack
    .http()
    .get('/api/audit?sensitive=true')
    .set(bearer(changed.body.accessToken))
    .expect(200);
  expect((r.body.items as Entry[]).find((x) => x.entityId === workerId)).toBeUndefined();
  const all = await stack
    .http()
    .get('/api/audit?limit=200')
    .set(bearer(changed.body.accessToken))
    .expect(200);
  // only rows about G-02's subtree (its own account's rows included)
  expect(
    (all.body.items as Entry[]).every(
      (x) => x.orgUnitName === null || ['第二分厂工会', '二分厂维修班'].includes(x.orgUnitName),
    ),
  ).toBe(true);
  expect((all.body.items as Entry[]).some((x) => x.orgUnitName === null)).toBe(false);
});
