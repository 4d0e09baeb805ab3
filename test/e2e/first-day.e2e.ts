import { incomeWindow } from '../../libs/domain/income-window';
import { monthsAgo, nationalId } from '../support/people';
import { TestStack } from '../support/stack';

/**
 * Issue 11, first "Done when" point, through the API only (nothing is written to the database
 * directly): an admin creates a grassroots unit and a caseworker and a branch chair for it; both change
 * their initial password; the caseworker registers a member and household, enters members, incomes and
 * expenses, corrects one expense by a reversing entry, opens a file whose category is computed from
 * that data, and the new branch chair approves it.
 */
let stack: TestStack;
let admin: string;
const auth = (t: string) => ({ Authorization: `Bearer ${t}` });

/** First login with the temporary password: everything but the change is refused until it is changed. */
async function firstLogin(username: string, temporary: string, chosen: string): Promise<string> {
  const login = await stack
    .http()
    .post('/api/auth/login')
    .send({ username, password: temporary })
    .expect(200);
  expect(login.body.user.mustChangePassword).toBe(true);
  const refused = await stack.http().get('/api/tasks').set(auth(login.body.accessToken)).expect(403);
  expect(refused.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
  const changed = await stack
    .http()
    .post('/api/auth/change-password')
    .set(auth(login.body.accessToken))
    .send({ currentPassword: temporary, newPassword: chosen })
    .expect(200);
  expect(changed.body.user.mustChangePassword).toBe(false);
  // the temporary password no longer works; the chosen one does
  await stack.http().post('/api/auth/login').send({ username, password: temporary }).expect(401);
  const again = await stack.http().post('/api/auth/login').send({ username, password: chosen }).expect(200);
  expect(again.body.user.mustChangePassword).toBe(false);
  return again.body.accessToken as string;
}

async function openTask(token: string, fileId: string, type: string): Promise<{ id: string; stage: string }> {
  for (let i = 0; i < 300; i++) {
    const res = await stack.http().get(`/api/tasks?status=open&type=${type}`).set(auth(token)).expect(200);
    const t = (res.body.items as Array<{ id: string; subjectId: string; stage: string }>).find(
      (x) => x.subjectId === fileId,
    );
    if (t) return t;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no open ${type} task for file ${fileId}`);
}

beforeAll(async () => {
  stack = await TestStack.start();
  admin = await stack.login('admin');
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

test('first day: new unit, new accounts, a new member and household, a computed category, approved by the new chair', async () => {
  // 1. the admin creates a grassroots unit under the existing enterprise union
  const tree = await stack.http().get('/api/org-units').set(auth(admin)).expect(200);
  const enterprise = (tree.body.items as Array<{ id: string; code: string; kind: string }>).find(
    (u) => u.code === 'ENT-01',
  )!;
  expect(enterprise.kind).toBe('enterprise_union');
  const unit = (
    await stack
      .http()
      .post('/api/org-units')
      .set(auth(admin))
      .send({ parentId: enterprise.id, code: 'G-03', nameZh: '第三分厂工会', kind: 'grassroots_unit' })
      .expect(201)
  ).body as { id: string; parentId: string; active: boolean };
  expect(unit).toMatchObject({ parentId: enterprise.id, active: true });

  // 2. a caseworker and a branch chair for it, each with a temporary password
  for (const [username, displayName, role] of [
    ['sun.gan', '孙干事（三分厂）', 'caseworker'],
    ['zhou.zhuxi', '周主席（三分厂）', 'branch_chair'],
  ] as const) {
    const created = await stack
      .http()
      .post('/api/users')
      .set(auth(admin))
      .send({ username, displayName, password: 'Temp-pass-003', roles: [role], orgUnitId: unit.id })
      .expect(201);
    expect(created.body).toMatchObject({
      roles: [role],
      orgUnitId: unit.id,
      orgUnitName: '第三分厂工会',
      mustChangePassword: true,
    });
  }
  const caseworker = await firstLogin('sun.gan', 'Temp-pass-003', 'Sun-own-pass-2026');
  const chair = await firstLogin('zhou.zhuxi', 'Temp-pass-003', 'Zhou-own-pass-2026');

  // 3. the caseworker registers a member with a made-up, valid ID number
  const id = nationalId(31, '19820614');
  const worker = (
    await stack
      .http()
      .post('/api/workers')
      .set(auth(caseworker))
      .send({ employeeNo: 'G3-0001', name: '郑卫东', orgUnitId: unit.id, nationalId: id, gender: 'male' })
      .expect(201)
  ).body as { id: string; nationalIdMasked: string; orgUnitId: string };
  expect(worker.orgUnitId).toBe(unit.id);
  expect(worker.nationalIdMasked).not.toContain(id.slice(6, 14));

  // 4. the household, its members (the size is derived), incomes by month and expenses by year
  const household = (
    await stack
      .http()
      .post('/api/households')
      .set(auth(caseworker))
      .send({ workerId: worker.id, localityCode: '370000', address: '济南市示范区三厂宿舍5号' })
      .expect(201)
  ).body as { id: string; memberCount: number };
  expect(household.memberCount).toBe(1);
  const hid = household.id;
  const spouse = await stack
    .http()
    .post(`/api/households/${hid}/members`)
    .set(auth(caseworker))
    .send({ name: '王丽', relation: 'spouse', birthYear: 1984, health: '乳腺癌术后化疗', workStatus: '无业' })
    .expect(201);
  expect(spouse.body.memberCount).toBe(2);
  const child = await stack
    .http()
    .post(`/api/households/${hid}/members`)
    .set(auth(caseworker))
    .send({ name: '郑小北', relation: 'child', birthYear: 2012, schoolStatus: '初中' })
    .expect(201);
  expect(child.body.memberCount).toBe(3);
  // 3,500 yuan a month over the 12 complete months → 42,000 yuan
  for (let n = 1; n <= 12; n++) {
    await stack
      .http()
      .post(`/api/households/${hid}/incomes`)
      .set(auth(caseworker))
      .send({ month: monthsAgo(n), source: '工资', amountFen: 350_000 })
      .expect(201);
  }
  const year = incomeWindow(new Date()).expenseYear;
  // the medical bill is typed with a zero missing: 300 instead of 6,000 yuan
  const typo = await stack
    .http()
    .post(`/api/households/${hid}/expenses`)
    .set(auth(caseworker))
    .send({ year, kind: 'medical', amountFen: 30_000, note: '化疗费' })
    .expect(201);
  const before = (
    await stack.http().get(`/api/households/${hid}/category-preview`).set(auth(caseworker)).expect(200)
  ).body;
  // (42,000 − 300) ÷ 12 ÷ 3 ≈ 1,158 yuan: above the 低保 of 1,062 → relative
  expect(before).toMatchObject({
    members: 3,
    annualIncomeFen: 4_200_000,
    annualRigidExpensesFen: 30_000,
    category: 'relative',
  });

  // 5. corrected by a reversing entry with a reason; the original stays
  const fix = await stack
    .http()
    .post(`/api/households/${hid}/expenses/${typo.body.id}/reversal`)
    .set(auth(caseworker))
    .send({ reason: '录入错误：少录了一个0', correctedAmountFen: 600_000 })
    .expect(201);
  expect(fix.body.correctedId).toEqual(expect.any(String));
  const view = (await stack.http().get(`/api/households/${hid}`).set(auth(caseworker)).expect(200)).body;
  expect(view.memberCount).toBe(3);
  expect(view.expenses).toHaveLength(3);
  expect(view.expenses.find((e: { id: string }) => e.id === typo.body.id)).toMatchObject({ reversed: true });

  // 6. the category preview: (42,000 − 6,000) ÷ 12 ÷ 3 = 1,000 yuan < 低保 1,062 → deep
  const preview = (
    await stack.http().get(`/api/households/${hid}/category-preview`).set(auth(caseworker)).expect(200)
  ).body;
  expect(preview).toMatchObject({
    members: 3,
    annualIncomeFen: 4_200_000,
    annualRigidExpensesFen: 600_000,
    perCapitaMonthlyFen: 100_000,
    dibaoFen: 106_200,
    category: 'deep',
    evidenceGaps: [],
  });

  // 7. the hardship file: investigation, then the investigation task is done
  const file = (
    await stack
      .http()
      .post('/api/files')
      .set(auth(caseworker))
      .send({ workerId: worker.id, causes: ['illness'] })
      .expect(201)
  ).body as { id: string; status: string };
  expect(file.status).toBe('investigating');
  await stack
    .http()
    .put(`/api/files/${file.id}/investigation`)
    .set(auth(caseworker))
    .send({
      fiveClears: {
        address: '济南市示范区三厂宿舍5号',
        family: '三口人，妻子患病，孩子上初中',
        income: '本人工资每月约3500元',
        cause: '因病致困',
        urgentNeed: '化疗费用',
      },
      visit: { date: '2026-11-25', visitors: ['孙干事'], notes: '入户走访，情况属实' },
    })
    .expect(200);
  const inv = await openTask(caseworker, file.id, 'investigation');
  await stack
    .http()
    .post(`/api/tasks/${inv.id}/decision`)
    .set(auth(caseworker))
    .send({ decision: 'done' })
    .expect(200);
  const pending = (await stack.http().get(`/api/files/${file.id}`).set(auth(caseworker)).expect(200)).body;
  expect(pending).toMatchObject({ status: 'pending_approval', category: 'deep', orgUnitId: unit.id });
  // the stored inputs are what was entered (after the correction), not the typo
  expect(pending.categoryInputs).toMatchObject({
    members: 3,
    annualIncomeFen: 4_200_000,
    annualRigidExpensesFen: 600_000,
    perCapitaMonthlyFen: preview.perCapitaMonthlyFen,
    dibaoFen: preview.dibaoFen,
  });

  // 8. the new branch chair finds the approval task in their inbox; the demo chair of plant 1 does not
  const task = await openTask(chair, file.id, 'approval');
  expect(task.stage).toBe('grassroots');
  const otherChair = await stack.login('branch-chair');
  const others = await stack
    .http()
    .get('/api/tasks?status=open&type=approval')
    .set(auth(otherChair))
    .expect(200);
  expect((others.body.items as Array<{ subjectId: string }>).map((t) => t.subjectId)).not.toContain(file.id);
  // the caseworker cannot approve their own unit's file
  await stack
    .http()
    .post(`/api/tasks/${task.id}/decision`)
    .set(auth(caseworker))
    .send({ decision: 'approve' })
    .expect(403);
  await stack
    .http()
    .post(`/api/tasks/${task.id}/decision`)
    .set(auth(chair))
    .send({ decision: 'approve', comment: '情况属实，同意' })
    .expect(200);

  // 9. the file moves on: the company union's stage is open for the union chair
  const unionChair = await stack.login('union-chair');
  const next = await openTask(unionChair, file.id, 'approval');
  expect(next.stage).toBe('union');
  const after = (await stack.http().get(`/api/files/${file.id}`).set(auth(chair)).expect(200)).body;
  expect(after).toMatchObject({ status: 'pending_approval', category: 'deep' });
  expect(after.categoryInputs).toEqual(pending.categoryInputs);
  const mine = await stack.http().get('/api/tasks?status=open&type=approval').set(auth(chair)).expect(200);
  expect((mine.body.items as Array<{ subjectId: string }>).map((t) => t.subjectId)).not.toContain(file.id);
});
