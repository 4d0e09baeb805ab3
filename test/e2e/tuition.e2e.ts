import { chinaDate } from '../../libs/domain/calendar';
import { TestStack } from '../support/stack';

/**
 * 金秋助学 on the real stack: outside the policy window an application is refused with the window's
 * dates; inside it the amount comes from the level; a second application for the same child (the
 * other parent) is refused; the case runs the aid-case path (approval chain, payment once on the
 * ledger); a rejected application frees the child's school year; the drive report by unit and level.
 */
let stack: TestStack;
const as = (t: string) => ({ authorization: `Bearer ${t}` });

beforeAll(async () => {
  stack = await TestStack.start();
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

async function setWindow(w: { fromMonth: number; fromDay: number; toMonth: number; toDay: number }) {
  // the latest policy version: the window, and no public notice for tuition (the payment can follow at once)
  await stack.db.query(
    `UPDATE policy_versions SET data = jsonb_set(jsonb_set(data, '{tuition,window}', $1::jsonb), '{programs}',
            (SELECT jsonb_agg(CASE WHEN p ->> 'code' = 'tuition' THEN p || '{"noticeFromFen": null}'::jsonb ELSE p END)
               FROM jsonb_array_elements(data -> 'programs') p))
      WHERE version = (SELECT max(version) FROM policy_versions)`,
    [JSON.stringify(w)],
  );
}

async function taskFor(user: string, subjectId: string, type?: string): Promise<string> {
  const token = await stack.login(user);
  for (let i = 0; i < 120; i++) {
    const r = await stack.http().get('/api/tasks?status=open').set(as(token)).expect(200);
    const t = (r.body.items as Array<{ id: string; subjectId: string; type: string }>).find(
      (x) => x.subjectId === subjectId && (!type || x.type === type),
    );
    if (t) return t.id;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no task for ${subjectId} in ${user}'s inbox`);
}

test('金秋助学: window, amount by level, once per child per school year, approval chain, paid once, drive report', async () => {
  const cw = await stack.login('caseworker');
  const today = chinaDate(new Date());
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const [w1] = (
    await stack.db.query<{ id: string; household_id: string }>(
      `SELECT id, household_id FROM workers WHERE employee_no = 'E1001'`,
    )
  ).rows;
  const [child] = (
    await stack.db.query<{ id: string }>(
      `INSERT INTO household_members (household_id, name, relation, birth_year, school_status) VALUES ($1, '周小明', 'child', $2, '大学一年级') RETURNING id`,
      [w1!.household_id, year - 18],
    )
  ).rows;
  // the other parent, also a member of the union, in the same household
  const [w2] = (
    await stack.db.query<{ id: string }>(
      `INSERT INTO workers (employee_no, name, org_unit_id, household_id) SELECT 'E1009', '周母', org_unit_id, household_id FROM workers WHERE id = $1 RETURNING id`,
      [w1!.id],
    )
  ).rows;
  const apply = (workerId: string, memberId = child!.id, level = 'undergraduate') =>
    stack
      .http()
      .post('/api/tuition/applications')
      .set(as(cw))
      .send({ workerId, householdMemberId: memberId, level, school: '山东大学' });

  // outside the window: 422 naming the window's dates
  const outside =
    month < 12
      ? { fromMonth: month + 1, fromDay: 1, toMonth: 12, toDay: 31 }
      : { fromMonth: 1, fromDay: 1, toMonth: 11, toDay: 30 };
  await setWindow(outside);
  const refused = await apply(w1!.id).expect(422);
  const pad = (n: number) => String(n).padStart(2, '0');
  expect(refused.body.details[0]).toMatchObject({
    field: 'date',
    rule: 'application_window',
    params: {
      from: `${year}-${pad(outside.fromMonth)}-01`,
      to: `${year}-${pad(outside.toMonth)}-${pad(outside.toDay)}`,
    },
  });
  expect(await stack.count(`SELECT 1 FROM tuition_applications`)).toBe(0);

  await setWindow({ fromMonth: 1, fromDay: 1, toMonth: 12, toDay: 31 });
  await apply(w1!.id, child!.id, 'kindergarten').expect(400);
  const created = await apply(w1!.id).expect(201);
  expect(created.body).toMatchObject({
    amountFen: 200_000,
    schoolYear: `${year}-${year + 1}`,
    childName: '周小明',
    level: 'undergraduate',
  });
  // the other parent cannot claim the same child for the same school year
  const second = await apply(w2!.id).expect(422);
  expect(second.body.details[0]).toMatchObject({
    field: 'householdMemberId',
    rule: 'once_per_child_per_school_year',
    params: { schoolYear: `${year}-${year + 1}`, caseNo: created.body.caseNo },
  });
  await stack
    .http()
    .post(`/api/cases/${created.body.caseId}/attachments`)
    .set(as(cw))
    .attach('file', Buffer.from('%PDF-1.4\n录取通知书\n%%EOF\n'), {
      filename: '录取通知书.pdf',
      contentType: 'application/pdf',
    })
    .expect(201);

  // the aid-case path: grassroots → union; finance pays once
  const [chair, union, finance] = await Promise.all(
    ['branch-chair', 'union-chair', 'finance'].map((u) => stack.login(u)),
  );
  const decide = (token: string, id: string, body: Record<string, unknown>) =>
    stack.http().post(`/api/tasks/${id}/decision`).set(as(token)).send(body);
  await decide(chair, await taskFor('branch-chair', created.body.caseId), { decision: 'approve' }).expect(
    200,
  );
  await decide(union, await taskFor('union-chair', created.body.caseId), { decision: 'approve' }).expect(200);
  const pay = await taskFor('finance', created.body.caseId, 'payment');
  const paid = await Promise.all(
    [0, 1].map(() => decide(finance, pay, { decision: 'done', outcome: { reference: 'JQZX-001' } })),
  );
  expect(paid.map((r) => r.status).sort()).toEqual([200, 409]);
  expect(
    await stack.count(`SELECT 1 FROM ledger_entries WHERE case_id = $1 AND kind = 'payment'`, [
      created.body.caseId,
    ]),
  ).toBe(1);

  // a rejected application frees its child's school year
  const [w3] = (
    await stack.db.query<{ id: string; household_id: string }>(
      `SELECT id, household_id FROM workers WHERE employee_no = 'E1002'`,
    )
  ).rows;
  const [child3] = (
    await stack.db.query<{ id: string }>(
      `INSERT INTO household_members (household_id, name, relation, birth_year) VALUES ($1, '吴小红', 'child', $2) RETURNING id`,
      [w3!.household_id, year - 16],
    )
  ).rows;
  const c3 = await apply(w3!.id, child3!.id, 'senior_high').expect(201);
  await decide(chair, await taskFor('branch-chair', c3.body.caseId), {
    decision: 'reject',
    comment: '材料不全',
  }).expect(200);
  for (
    let i = 0;
    i < 40 &&
    (await stack.count(`SELECT 1 FROM tuition_applications WHERE case_id = $1 AND voided`, [
      c3.body.caseId,
    ])) === 0;
    i++
  )
    await new Promise((r) => setTimeout(r, 250));
  expect(
    await stack.count(`SELECT 1 FROM tuition_applications WHERE case_id = $1 AND voided`, [c3.body.caseId]),
  ).toBe(1);

  // the drive report: by unit and level, paid from the ledger
  const rep = await stack
    .http()
    .get(`/api/tuition/report?schoolYear=${year}-${year + 1}`)
    .set(as(union))
    .expect(200);
  const rows = rep.body.rows as Array<{ level: string; applications: number; paid: number; paidFen: number }>;
  expect(rows.find((r) => r.level === 'undergraduate')).toMatchObject({
    applications: 1,
    paid: 1,
    paidFen: 200_000,
  });
  expect(rows.find((r) => r.level === 'senior_high')).toBeUndefined(); // rejected: voided
}, 300_000);

test('金秋助学 cannot go around its own route: the generic case form refuses the tuition program (window and per-child claim would be skipped)', async () => {
  const cw = await stack.login('caseworker');
  const [w] = (await stack.db.query<{ id: string }>(`SELECT id FROM workers WHERE employee_no = 'E1002'`))
    .rows;
  const before = await stack.count(`SELECT 1 FROM aid_cases`);
  const r = await stack
    .http()
    .post('/api/cases')
    .set(as(cw))
    .send({ workerId: w!.id, program: 'tuition', amountFen: 200_000, reason: '子女考入大学' })
    .expect(422);
  expect(r.body.details[0]).toMatchObject({
    field: 'program',
    rule: 'apply_through_tuition',
    params: { program: 'tuition' },
  });
  expect(await stack.count(`SELECT 1 FROM aid_cases`)).toBe(before);
  // the case form's program list says where tuition is applied for, so the console leaves it out
  const programs = await stack.http().get('/api/programs').set(as(cw)).expect(200);
  const byCode = new Map(
    (programs.body.items as Array<{ code: string; applicationRoute: string | null }>).map((p) => [
      p.code,
      p.applicationRoute,
    ]),
  );
  expect(byCode.get('tuition')).toBe('tuition');
  expect(byCode.get('illness')).toBeNull();
});
