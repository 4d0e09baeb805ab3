import { adminCreate } from '../../scripts/admin-create';
import { DEMO_PASSWORD } from '../../libs/database/seed';
import { TestStack } from '../support/stack';

/**
 * User accounts (issue 11 item 2): admin and union chairs create, edit, disable and reset accounts
 * with roles each in an org scope; forced password change; every change audited; the one-time
 * first-admin command; four-eyes for a person with two roles.
 */
let stack: TestStack;
let admin: string;
const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
const unit = async (code: string) =>
  (await stack.db.query<{ id: string }>(`SELECT id FROM org_units WHERE code = $1`, [code])).rows[0]!.id;
const audits = (action: string, entityId: string) =>
  stack.count(`SELECT 1 FROM audit_log WHERE action = $1 AND entity_id = $2`, [action, entityId]);

beforeAll(async () => {
  stack = await TestStack.start();
  admin = await stack.login('admin');
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

/** Logs in a new account and sets its own password (the forced first-login change). */
async function firstLogin(username: string, temporary: string, chosen: string): Promise<string> {
  const login = await stack
    .http()
    .post('/api/auth/login')
    .send({ username, password: temporary })
    .expect(200);
  expect(login.body.user.mustChangePassword).toBe(true);
  const refused = await stack.http().get('/api/workers').set(bearer(login.body.accessToken)).expect(403);
  expect(refused.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
  const changed = await stack
    .http()
    .post('/api/auth/change-password')
    .set(bearer(login.body.accessToken))
    .send({ currentPassword: temporary, newPassword: chosen })
    .expect(200);
  expect(changed.body.user.mustChangePassword).toBe(false);
  return changed.body.accessToken as string;
}

describe('accounts', () => {
  let userId: string;

  test('an admin creates an account; the user must change the password at first login; audited', async () => {
    const g01 = await unit('G-01');
    const created = await stack
      .http()
      .post('/api/users')
      .set(bearer(admin))
      .send({
        username: 'zhao.gan',
        displayName: '赵干事',
        password: 'Temp-pass-001',
        roles: ['caseworker'],
        orgUnitId: g01,
      })
      .expect(201);
    userId = created.body.id;
    expect(created.body).toMatchObject({
      username: 'zhao.gan',
      roles: ['caseworker'],
      orgUnitId: g01,
      orgUnitName: '第一分厂工会',
      active: true,
      mustChangePassword: true,
      locked: false,
      grants: [{ role: 'caseworker', orgUnitId: g01 }],
    });
    const token = await firstLogin('zhao.gan', 'Temp-pass-001', 'Mine-pass-2026');
    await stack.http().get('/api/workers').set(bearer(token)).expect(200);
    expect(await audits('user.created', userId)).toBe(1);
    expect(await audits('user.password_changed', userId)).toBe(1);
    const hash = await stack.db.query(`SELECT password_hash FROM users WHERE id = $1`, [userId]);
    expect(hash.rows[0].password_hash).toMatch(/^\$2[aby]\$10\$/);
  });

  test('refusals: a taken username 409, a short password 400 with the policy figure, no roles 400, a bad id 400', async () => {
    const g01 = await unit('G-01');
    const dup = await stack
      .http()
      .post('/api/users')
      .set(bearer(admin))
      .send({
        username: 'zhao.gan',
        displayName: 'x',
        password: 'Temp-pass-001',
        roles: ['caseworker'],
        orgUnitId: g01,
      })
      .expect(409);
    expect(dup.body.details[0]).toMatchObject({ field: 'username', rule: 'username_unique' });
    const weak = await stack
      .http()
      .post('/api/users')
      .set(bearer(admin))
      .send({
        username: 'weak.one',
        displayName: 'x',
        password: 'abc',
        roles: ['caseworker'],
        orgUnitId: g01,
      })
      .expect(400);
    expect(weak.body.details[0]).toMatchObject({
      field: 'password',
      rule: 'password_length',
      params: { min: 10 },
    });
    await stack
      .http()
      .post('/api/users')
      .set(bearer(admin))
      .send({ username: 'no.roles', displayName: 'x', password: 'Temp-pass-001' })
      .expect(400);
    await stack
      .http()
      .post('/api/users')
      .set(bearer(admin))
      .send({
        username: 'bad.role',
        displayName: 'x',
        password: 'Temp-pass-001',
        roles: ['root'],
        orgUnitId: g01,
      })
      .expect(400);
    await stack.http().get('/api/users/12').set(bearer(admin)).expect(400);
    await stack.http().get('/api/users/00000000-0000-4000-8000-000000000000').set(bearer(admin)).expect(404);
    expect(
      await stack.count(`SELECT 1 FROM users WHERE username IN ('weak.one','no.roles','bad.role')`),
    ).toBe(0);
  });

  test('a role change takes effect on the next requests; a reset forces a new change and ends the sessions', async () => {
    const token = (
      await stack
        .http()
        .post('/api/auth/login')
        .send({ username: 'zhao.gan', password: 'Mine-pass-2026' })
        .expect(200)
    ).body.accessToken as string;
    await stack.http().get('/api/tasks?status=open').set(bearer(token)).expect(200);
    const g01 = await unit('G-01');
    const patched = await stack
      .http()
      .patch(`/api/users/${userId}`)
      .set(bearer(admin))
      .send({ roles: ['caseworker', 'branch_chair'], orgUnitId: g01, displayName: '赵主席' })
      .expect(200);
    expect([...patched.body.roles].sort()).toEqual(['branch_chair', 'caseworker']);
    const me = await stack.http().get('/api/auth/me').set(bearer(token)).expect(200);
    expect([...me.body.roles].sort()).toEqual(['branch_chair', 'caseworker']);
    expect(me.body.displayName).toBe('赵主席');
    expect(await audits('user.grants_changed', userId)).toBe(1);

    await stack
      .http()
      .post(`/api/users/${userId}/reset-password`)
      .set(bearer(admin))
      .send({ password: 'Reset-pass-9' })
      .expect(200);
    expect(await audits('user.password_reset', userId)).toBe(1);
    await stack.http().get('/api/auth/me').set(bearer(token)).expect(401);
    await stack
      .http()
      .post('/api/auth/login')
      .send({ username: 'zhao.gan', password: 'Mine-pass-2026' })
      .expect(401);
    await firstLogin('zhao.gan', 'Reset-pass-9', 'Again-pass-2026');
  });

  test('a union chair manages accounts in their own subtree only, and cannot hand out admin or auditor', async () => {
    const chair = await stack.login('union-chair');
    const g02 = await unit('G-02');
    const made = await stack
      .http()
      .post('/api/users')
      .set(bearer(chair))
      .send({
        username: 'g02.caseworker',
        displayName: '二分厂干事',
        password: 'Temp-pass-002',
        roles: ['caseworker'],
        orgUnitId: g02,
      })
      .expect(201);
    const above = await stack
      .http()
      .post('/api/users')
      .set(bearer(chair))
      .send({
        username: 'county.x',
        displayName: 'x',
        password: 'Temp-pass-002',
        roles: ['caseworker'],
        orgUnitId: await unit('CFTU-01'),
      })
      .expect(403);
    expect(above.body.details[0].rule).toBe('outside_scope');
    const auditor = await stack
      .http()
      .post('/api/users')
      .set(bearer(chair))
      .send({
        username: 'g02.auditor',
        displayName: 'x',
        password: 'Temp-pass-002',
        roles: ['auditor'],
        orgUnitId: g02,
      })
      .expect(403);
    expect(auditor.body.details[0].rule).toBe('role_not_grantable');
    // the county admin is outside the chair's scope: invisible
    const adminId = (await stack.db.query(`SELECT id FROM users WHERE username = 'admin'`)).rows[0].id;
    await stack
      .http()
      .post(`/api/users/${adminId}/disable`)
      .set(bearer(chair))
      .send({ reason: 'x' })
      .expect(404);
    const list = await stack.http().get('/api/users?limit=200').set(bearer(chair)).expect(200);
    const names = (list.body.items as Array<{ username: string }>).map((u) => u.username);
    expect(names).toContain('g02.caseworker');
    expect(names).not.toContain('admin');
    // a caseworker manages nobody
    const cw = await stack.login('caseworker');
    await stack
      .http()
      .post(`/api/users/${made.body.id}/disable`)
      .set(bearer(cw))
      .send({ reason: 'x' })
      .expect(403);
    await stack.http().get('/api/users').set(bearer(cw)).expect(403);
  });

  test('grants: roles each with their own unit; a grant elsewhere does not widen the scope old checks use', async () => {
    const g01 = await unit('G-01');
    const g02 = await unit('G-02');
    const r = await stack
      .http()
      .post('/api/users')
      .set(bearer(admin))
      .send({
        username: 'two.units',
        displayName: '两单位',
        password: 'Temp-pass-003',
        grants: [
          { role: 'caseworker', orgUnitId: g01 },
          { role: 'branch_chair', orgUnitId: g02 },
        ],
      })
      .expect(201);
    expect(r.body.orgUnitId).toBe(g01);
    expect(r.body.roles).toEqual(['caseworker']);
    expect(r.body.grants).toHaveLength(2);
    // the primary unit must be covered by some grant
    const uncovered = await stack
      .http()
      .post('/api/users')
      .set(bearer(admin))
      .send({
        username: 'uncovered',
        displayName: 'x',
        password: 'Temp-pass-003',
        orgUnitId: g01,
        grants: [{ role: 'caseworker', orgUnitId: g02 }],
      })
      .expect(400);
    expect(uncovered.body.details[0].rule).toBe('grant_covers_primary_unit');
  });

  test('disable: a 422 for oneself; audited with the reason', async () => {
    const adminId = (await stack.db.query(`SELECT id FROM users WHERE username = 'admin'`)).rows[0].id;
    const self = await stack
      .http()
      .post(`/api/users/${adminId}/disable`)
      .set(bearer(admin))
      .send({ reason: 'x' })
      .expect(422);
    expect(self.body.details[0].rule).toBe('not_self');
    const d = await stack
      .http()
      .post(`/api/users/${userId}/disable`)
      .set(bearer(admin))
      .send({ reason: '调离本单位' })
      .expect(200);
    expect(d.body).toMatchObject({ active: false, disabledReason: '调离本单位' });
    const row = await stack.db.query(
      `SELECT details FROM audit_log WHERE action = 'user.disabled' AND entity_id = $1`,
      [userId],
    );
    expect(row.rows[0].details.reason).toBe('调离本单位');
  });
});

test('four-eyes holds for one person with two roles: caseworker and branch chair cannot approve their own application', async () => {
  const g01 = await unit('G-01');
  await stack
    .http()
    .post('/api/users')
    .set(bearer(admin))
    .send({
      username: 'dual.role',
      displayName: '身兼两职',
      password: 'Temp-pass-004',
      roles: ['caseworker', 'branch_chair'],
      orgUnitId: g01,
    })
    .expect(201);
  const dual = await firstLogin('dual.role', 'Temp-pass-004', 'Dual-pass-2026');
  const worker = (await stack.db.query<{ id: string }>(`SELECT id FROM workers WHERE employee_no = 'E1002'`))
    .rows[0]!.id;
  const c = await stack
    .http()
    .post('/api/cases')
    .set(bearer(dual))
    .send({ workerId: worker, program: 'hospital_visit', amountFen: 50_000, reason: '住院探望' })
    .expect(201);
  let task: { id: string; subjectId: string } | undefined;
  for (let i = 0; i < 60 && !task; i++) {
    const inbox = await stack.http().get('/api/tasks?status=open').set(bearer(dual)).expect(200);
    task = (inbox.body.items as Array<{ id: string; subjectId: string }>).find(
      (t) => t.subjectId === c.body.id,
    );
    if (!task) await new Promise((r) => setTimeout(r, 500));
  }
  expect(task).toBeDefined();
  const refused = await stack
    .http()
    .post(`/api/tasks/${task!.id}/decision`)
    .set(bearer(dual))
    .send({ decision: 'approve', comment: '同意' })
    .expect(403);
  expect(refused.body.details[0].rule).toBe('four_eyes');
  // another branch chair may
  const chair = await stack.login('branch-chair');
  await stack
    .http()
    .post(`/api/tasks/${task!.id}/decision`)
    .set(bearer(chair))
    .send({ decision: 'approve', comment: '同意' })
    .expect(200);
});

test('npm run admin:create makes the first admin once, and refuses loudly (exit 3) the second time', async () => {
  const log: string[] = [];
  const env = { DATABASE_URL: process.env.DATABASE_URL };
  const argv = ['--username', 'first.admin', '--display-name', '首任管理员', '--org-unit', 'CFTU-01'];
  // the demo admin does not count (demo accounts never open production)
  expect(
    await adminCreate(
      argv,
      env,
      async () => 'First-admin-pass-1',
      (l) => log.push(l),
    ),
  ).toBe(0);
  const row = await stack.db.query(
    `SELECT u.must_change_password, u.is_demo, array_agg(g.role) AS roles FROM users u JOIN user_grants g ON g.user_id = u.id
      WHERE u.username = 'first.admin' GROUP BY u.id`,
  );
  expect(row.rows[0]).toMatchObject({ must_change_password: true, is_demo: false, roles: ['admin'] });
  expect(await stack.count(`SELECT 1 FROM audit_log WHERE action = 'user.first_admin'`)).toBe(1);
  const again = await adminCreate(
    ['--username', 'second.admin', '--display-name', 'x', '--org-unit', 'CFTU-01'],
    env,
    async () => 'Second-admin-pass-1',
    (l) => log.push(l),
  );
  expect(again).toBe(3);
  expect(log.join('\n')).toMatch(/REFUSED: an administrator exists already \(first\.admin\)/);
  expect(await stack.count(`SELECT 1 FROM users WHERE username = 'second.admin'`)).toBe(0);
  // bad input: exit 2, nothing written
  expect(
    await adminCreate(
      ['--username', 'x'],
      env,
      async () => '',
      () => undefined,
    ),
  ).toBe(2);
  await firstLogin('first.admin', 'First-admin-pass-1', 'My-own-admin-pass');
  void DEMO_PASSWORD;
});
