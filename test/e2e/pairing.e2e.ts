/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies */
import { chinaDate } from '../../libs/domain/calendar';
import { addDays } from '../../libs/domain/loan';
import { TestStack } from '../support/stack';

/**
 * Pairing (结对帮扶) on the real stack: chairs pair leaders with households of their subtree; the
 * paired union chair is refused (403 FourEyes) when deciding the household's aid case; a missed visit
 * is escalated to the union chair's inbox by the pairing's workflow; the leader's visit (free text
 * encrypted at rest, audited) closes it and moves the next due date; coverage per unit is counted by
 * one statement; the refusals answer with their catalog rules.
 */
let stack: TestStack;
let admin: string;
let chair: string;
let unionChair: string;
let leader: string;
let caseworker: string;
const ids = new Map<string, string>();
const today = chinaDate(new Date());

beforeAll(async () => {
  // the worker starts the workflow of the migrated/seeded pairing (off by default under test)
  process.env.PAIRING_ADOPTION = 'on';
  stack = await TestStack.start();
  delete process.env.PAIRING_ADOPTION;
  [admin, chair, unionChair, leader, caseworker] = await Promise.all(
    ['admin', 'branch-chair', 'union-chair', 'leader', 'caseworker'].map((u) => stack.login(u)),
  );
  for (const r of (
    await stack.db.query<{ k: string; id: string }>(
      `SELECT code AS k, id FROM households UNION ALL SELECT username, id FROM users
       UNION ALL SELECT employee_no, id FROM workers`,
    )
  ).rows)
    ids.set(r.k, r.id);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

const auth = (t: string) => ({ Authorization: `Bearer ${t}` });

async function until<T>(what: string, probe: () => Promise<T | undefined>, tries = 240): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`gave up waiting for ${what}`);
}

const assign = (token: string, body: Record<string, unknown>) =>
  stack.http().post('/api/pairings').set(auth(token)).send(body);

type Pairing = {
  id: string;
  workflowId: string;
  leaderId: string;
  householdCode: string;
  nextDueOn: string | null;
  state: string | null;
  status: string;
  visits: number;
};

test('the single pairing leader of a household was migrated into pairings', async () => {
  const rows = await stack.db.query(
    `SELECT p.start_date, u.username FROM pairings p JOIN users u ON u.id = p.leader_id
       JOIN households h ON h.id = p.household_id WHERE h.code = 'H-0001'`,
  );
  expect(rows.rows.map((r) => r.username)).toEqual(['leader']);
  // the worker gave it its workflow at start-up
  const [p] = (
    await stack.db.query(`SELECT id, workflow_id FROM pairings p WHERE leader_id = $1`, [ids.get('leader')])
  ).rows as Array<{ id: string; workflow_id: string }>;
  expect(p!.workflow_id).toBe(`pairing:${p!.id}`);
  const d = await stack.temporal.workflow.getHandle(p!.workflow_id).describe();
  expect(d).toMatchObject({ status: { name: 'RUNNING' }, taskQueue: stack.taskQueue });
  expect(
    await stack.count(
      `SELECT 1 FROM information_schema.columns WHERE table_name = 'households' AND column_name = 'pairing_leader_id'`,
    ),
  ).toBe(0);
});

test('assigning: chairs within their subtree; the refusals carry their rules', async () => {
  const h1 = ids.get('H-0001')!;
  // a caseworker does not assign
  await assign(caseworker, { householdId: h1, leaderId: ids.get('union-chair'), startDate: today }).expect(
    403,
  );
  // a branch chair cannot pair a household of another plant (H-0004 is in 二分厂)
  const scope = await assign(chair, {
    householdId: ids.get('H-0004'),
    leaderId: ids.get('union-chair'),
    startDate: today,
  }).expect(403);
  expect(scope.body.details[0]).toMatchObject({ rule: 'org_scope' });
  const order = await assign(chair, {
    householdId: h1,
    leaderId: ids.get('union-chair'),
    startDate: today,
    endDate: addDays(today, -1),
  }).expect(400);
  expect(order.body.details[0]).toMatchObject({
    field: 'endDate',
    rule: 'end_after_start',
    params: { startDate: today },
  });
  // a date that does not exist is a 400, not a database error
  const bad = await assign(chair, {
    householdId: h1,
    leaderId: ids.get('union-chair'),
    startDate: '2027-02-30',
  }).expect(400);
  expect(bad.body.details[0]).toMatchObject({ field: 'startDate', rule: 'isDateString' });
  // the seeded leader is paired with H-0001 already
  const dup = await assign(admin, { householdId: h1, leaderId: ids.get('leader'), startDate: today }).expect(
    409,
  );
  expect(dup.body.details[0]).toMatchObject({ rule: 'pairing_exists', params: { householdCode: 'H-0001' } });
});

test('a paired union chair may not approve the household’s aid (403 FourEyes); a missed visit reaches the union chair’s inbox; the visit closes it and moves the schedule', async () => {
  // H-0001 (deep: monthly) gets a second leader, the union chair, paired since 40 days ago:
  // the first visit was due 10 days ago, past the 7 grace days
  const startDate = addDays(today, -40);
  const r = await assign(chair, {
    householdId: ids.get('H-0001'),
    leaderId: ids.get('union-chair'),
    startDate,
  }).expect(201);
  const items = r.body.items as Pairing[];
  expect(items.map((p) => p.leaderId).sort()).toEqual([ids.get('leader'), ids.get('union-chair')].sort());
  const mine = items.find((p) => p.leaderId === ids.get('union-chair'))!;
  expect(mine).toMatchObject({ nextDueOn: addDays(startDate, 30), state: 'escalated', status: 'live' });
  expect(mine.workflowId).toBe(`pairing:${mine.id}`);

  // four-eyes: the union chair is now this household's pairing leader
  const c = (
    await stack
      .http()
      .post('/api/cases')
      .set(auth(caseworker))
      .send({
        workerId: ids.get('E1001'),
        program: 'illness',
        amountFen: 150_000,
        reason: '住院手术自付较高',
      })
      .expect(201)
  ).body as { id: string };
  const taskOf = async (token: string, pred: (t: any) => boolean) =>
    until('task', async () => {
      const res = await stack.http().get('/api/tasks?status=open').set(auth(token)).expect(200);
      return (res.body.items as any[]).find(pred);
    });
  const t1 = await taskOf(chair, (t) => t.subjectId === c.id);
  await stack
    .http()
    .post(`/api/tasks/${t1.id}/decision`)
    .set(auth(chair))
    .send({ decision: 'approve' })
    .expect(200);
  const t2 = await taskOf(unionChair, (t) => t.subjectId === c.id && t.stage === 'union');
  const refused = await stack
    .http()
    .post(`/api/tasks/${t2.id}/decision`)
    .set(auth(unionChair))
    .send({ decision: 'approve' })
    .expect(403);
  expect(refused.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
  expect(refused.body.details[0]).toMatchObject({ rule: 'four_eyes', params: { reason: 'pairing_leader' } });
  const ctx = await stack.http().get(`/api/tasks/${t2.id}/context`).set(auth(unionChair)).expect(200);
  expect(ctx.body.fourEyes).toEqual([{ reason: 'pairing_leader', refused: true }]);

  // the workflow saw the missed visit: a task for the union chair over the household's unit
  const esc = await taskOf(unionChair, (t) => t.type === 'pairing_escalation' && t.subjectId === mine.id);
  expect(esc).toMatchObject({ stage: 'missed_visit', candidateRole: 'union_chair' });
  expect(esc.payload).toMatchObject({ householdCode: 'H-0001', dueOn: addDays(startDate, 30), graceDays: 7 });
  // the task page can open it
  await stack.http().get(`/api/tasks/${esc.id}`).set(auth(unionChair)).expect(200);
  await stack.http().get(`/api/tasks/${esc.id}/context`).set(auth(unionChair)).expect(200);

  // only the paired leader logs this pairing's visits; not in the future; not before the start
  const visit = {
    visitedOn: today,
    form: 'hospital',
    findings: '周师傅术后住院，肝功能指标偏高',
    helpGiven: '协调医保报销',
  };
  const other = await stack
    .http()
    .post(`/api/pairings/${mine.id}/visits`)
    .set(auth(leader))
    .send(visit)
    .expect(403);
  expect(other.body.details[0]).toMatchObject({ rule: 'pairing_leader_only' });
  const future = await stack
    .http()
    .post(`/api/pairings/${mine.id}/visits`)
    .set(auth(unionChair))
    .send({ ...visit, visitedOn: addDays(today, 1) })
    .expect(400);
  expect(future.body.details[0]).toMatchObject({
    field: 'visitedOn',
    rule: 'not_in_future',
    params: { todayDate: today },
  });
  const early = await stack
    .http()
    .post(`/api/pairings/${mine.id}/visits`)
    .set(auth(unionChair))
    .send({ ...visit, visitedOn: addDays(startDate, -1) })
    .expect(400);
  expect(early.body.details[0]).toMatchObject({ rule: 'after_pairing_start', params: { startDate } });

  const logged = await stack
    .http()
    .post(`/api/pairings/${mine.id}/visits`)
    .set(auth(unionChair))
    .send(visit)
    .expect(201);
  expect(logged.body.visit).toMatchObject({ visitedOn: today, form: 'hospital', findings: visit.findings });
  expect(logged.body.pairing).toMatchObject({
    lastVisitOn: today,
    nextDueOn: addDays(today, 30),
    state: 'on_time',
    visits: 1,
  });
  // the escalation task is closed by the visit
  expect(await stack.count(`SELECT 1 FROM tasks WHERE id = $1 AND status = 'completed'`, [esc.id])).toBe(1);

  // encrypted at rest: the text is not in the row; the audit row has the date and form, not the text
  const raw = await stack.db.query(
    `SELECT findings_enc, help_enc FROM pairing_visits WHERE pairing_id = $1`,
    [mine.id],
  );
  expect(raw.rows[0].findings_enc.toString('utf8')).not.toContain('肝功能');
  expect(raw.rows[0].help_enc.toString('utf8')).not.toContain('医保');
  const audit = await stack.db.query(
    `SELECT after::text AS a FROM audit_log WHERE action = 'pairing.visit_logged' AND entity_id = $1`,
    [mine.id],
  );
  expect(audit.rows).toHaveLength(1);
  expect(audit.rows[0].a).not.toContain('肝功能');
  // reading the visits is a sensitive read, audited; an auditor reads them
  const auditor = await stack.login('auditor');
  const read = await stack.http().get(`/api/pairings/${mine.id}/visits`).set(auth(auditor)).expect(200);
  expect(read.body.items[0]).toMatchObject({ findings: visit.findings, helpGiven: '协调医保报销' });
  expect(
    await stack.count(`SELECT 1 FROM audit_log WHERE action = 'pairing_visit.read' AND entity_id = $1`, [
      mine.id,
    ]),
  ).toBe(1);

  // the union chair's 我的结对 shows the new due date
  const my = await stack.http().get('/api/pairings/mine').set(auth(unionChair)).expect(200);
  expect((my.body.items as Pairing[]).find((p) => p.id === mine.id)).toMatchObject({
    nextDueOn: addDays(today, 30),
  });

  // ending the pairing finishes its workflow
  await stack
    .http()
    .post(`/api/pairings/${mine.id}/end`)
    .set(auth(chair))
    .send({ reason: '岗位调整' })
    .expect(200);
  expect(await stack.temporal.workflow.getHandle(mine.workflowId).result()).toEqual({
    status: 'finished',
    reason: 'ended',
  });
  const again = await stack
    .http()
    .post(`/api/pairings/${mine.id}/visits`)
    .set(auth(unionChair))
    .send(visit)
    .expect(409);
  expect(again.body.details[0]).toMatchObject({ rule: 'pairing_live', params: { status: 'ended' } });
}, 180_000);

test('coverage per unit: households paired, on time, overdue and escalated, in one statement', async () => {
  // H-0002 (relative: every 90 days) paired 95 days ago with the caseworker: 5 days overdue, within grace
  await assign(chair, {
    householdId: ids.get('H-0002'),
    leaderId: ids.get('caseworker'),
    startDate: addDays(today, -95),
  }).expect(201);
  // H-0004 (accident: every 90 days) paired 100 days ago by the admin: past the grace days
  await assign(admin, {
    householdId: ids.get('H-0004'),
    leaderId: ids.get('leader'),
    startDate: addDays(today, -100),
  }).expect(201);
  // H-0002's visit is 5 days late, within the grace days: its leader is reminded (a notification), not escalated
  await until('the reminder', async () =>
    (await stack.count(
      `SELECT 1 FROM notifications WHERE template = 'pairing_visit_due' AND recipient_id = $1`,
      [ids.get('caseworker')],
    )) === 1
      ? true
      : undefined,
  );
  expect(
    await stack.count(
      `SELECT 1 FROM tasks t JOIN pairings p ON p.id = t.subject_id JOIN households h ON h.id = p.household_id
        WHERE t.type = 'pairing_escalation' AND h.code = 'H-0002'`,
    ),
  ).toBe(0);
  const cov = await stack.http().get('/api/pairings/coverage').set(auth(admin)).expect(200);
  const unit = (code: string) => (cov.body.units as any[]).find((u) => u.orgUnitName === code);
  // T-01-1 一分厂检修班: H-0001 (the seeded leader, paired today: on time) and H-0002 (overdue)
  expect(unit('一分厂检修班')).toMatchObject({ households: 2, onTime: 1, overdue: 1, escalated: 0 });
  expect(unit('二分厂维修班')).toMatchObject({ households: 1, onTime: 0, overdue: 1, escalated: 1 });
  expect(cov.body.total).toMatchObject({ households: 3, onTime: 1, overdue: 2, escalated: 1 });
  // the branch chair sees only the first plant
  const mineCov = await stack.http().get('/api/pairings/coverage').set(auth(chair)).expect(200);
  expect(mineCov.body.total).toMatchObject({ households: 2, onTime: 1, overdue: 1, escalated: 0 });
  // the list agrees with the coverage, pairing by pairing
  const list = await stack.http().get('/api/pairings').set(auth(admin)).expect(200);
  expect((list.body.items as Pairing[]).map((p) => `${p.householdCode}:${p.state}`).sort()).toEqual([
    'H-0001:on_time',
    'H-0002:overdue',
    'H-0004:escalated',
  ]);
});
