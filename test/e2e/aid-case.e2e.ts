/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies */
import { TestStack } from '../support/stack';

/** The foundation slice end to end: real API, real worker, Temporal dev server, real PostgreSQL. */
let stack: TestStack;
let caseworker: string;
let chair: string;
let unionChair: string;
let workerId: string;

beforeAll(async () => {
  stack = await TestStack.start();
  [caseworker, chair, unionChair] = await Promise.all([
    stack.login('caseworker'),
    stack.login('branch-chair'),
    stack.login('union-chair'),
  ]);
  const res = await stack.http().get('/api/workers').set('Authorization', `Bearer ${caseworker}`).expect(200);
  for (const w of (res.body as { items: Array<{ id: string; employeeNo: string }> }).items)
    workerIds.set(w.employeeNo, w.id);
  workerId = workerIds.get('E1001')!;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const workerIds = new Map<string, string>();

function fileCase(body: Record<string, unknown> = {}) {
  return stack
    .http()
    .post('/api/cases')
    .set(auth(caseworker))
    .send({
      workerId,
      program: 'illness',
      amountFen: 200_000,
      reason: '妻子住院手术，自付费用较高',
      ...body,
    });
}

async function openTaskFor(
  caseId: string,
  token = chair,
): Promise<{ id: string; stage: string; candidateRole: string }> {
  const res = await stack.http().get('/api/tasks?status=open').set(auth(token)).expect(200);
  const task = (
    res.body as { items: Array<{ id: string; subjectId: string; stage: string; candidateRole: string }> }
  ).items.find((t) => t.subjectId === caseId);
  if (!task) throw new Error(`no open task for case ${caseId}`);
  return task;
}

type Task = {
  id: string;
  subjectId: string;
  stage: string;
  type: string;
  candidateRole: string;
  escalatedRole: string | null;
};

async function inbox(token: string, query = 'status=open'): Promise<Task[]> {
  const res = await stack.http().get(`/api/tasks?${query}`).set(auth(token)).expect(200);
  return (res.body as { items: Task[] }).items;
}

function decide(token: string, taskId: string, body: Record<string, unknown>) {
  return stack.http().post(`/api/tasks/${taskId}/decision`).set(auth(token)).send(body);
}

describe('the approval slice', () => {
  test('illness aid: grassroots chair → union chair → funds reserved → finance pays once → timeline in Chinese and English', async () => {
    const created = await fileCase({ amountFen: 150_000 }).expect(201);
    const c = created.body as {
      id: string;
      caseNo: string;
      status: string;
      workflowId: string;
      amountFen: number;
    };
    expect(c.status).toBe('pending_approval');
    expect(c.caseNo).toMatch(/^AC-\d{4}-\d{6}$/);
    expect(c.workflowId).toBe(`aid-case:${c.id}`);
    // the decision keeps the policy version and the figures its eligibility check used
    const rec = await stack.db.query<{ policy_version: number; eligibility: Record<string, unknown> }>(
      `SELECT policy_version, eligibility FROM aid_cases WHERE id = $1`,
      [c.id],
    );
    expect(rec.rows[0]).toMatchObject({
      policy_version: 1,
      eligibility: { policyVersion: 1, file: { status: 'active', category: 'deep' } },
    });

    const t1 = await openTaskFor(c.id);
    expect(t1).toMatchObject({ stage: 'grassroots', candidateRole: 'branch_chair' });
    // the union chair is in scope but it is not their stage yet
    expect((await inbox(unionChair)).find((t) => t.subjectId === c.id)).toBeUndefined();

    const r1 = await decide(chair, t1.id, { decision: 'approve', comment: '情况属实，同意' }).expect(200);
    expect(r1.body).toMatchObject({ taskId: t1.id, decision: 'approve', status: 'pending_approval' });
    const t2 = await openTaskFor(c.id, unionChair);
    expect(t2).toMatchObject({ stage: 'union', candidateRole: 'union_chair' });
    // ≤ 2,000 yuan: two stages; the final approval reserves the amount
    const r2 = await decide(unionChair, t2.id, { decision: 'approve', comment: '同意' }).expect(200);
    expect(r2.body.status).toBe('awaiting_payment');

    const finance = await stack.login('finance');
    const pay = (await inbox(finance)).find((t) => t.subjectId === c.id)!;
    expect(pay).toMatchObject({ type: 'payment', stage: 'payment' });
    const noRef = await decide(finance, pay.id, { decision: 'done', outcome: {} }).expect(400);
    expect(noRef.body.message).toContain('reference');
    const [p1, p2] = await Promise.all([
      decide(finance, pay.id, { decision: 'done', outcome: { reference: 'BANK-20261123-001' } }),
      decide(finance, pay.id, { decision: 'done', outcome: { reference: 'BANK-20261123-001' } }),
    ]);
    expect([p1.status, p2.status].sort()).toEqual([200, 409]);
    expect(
      await stack.count(`SELECT 1 FROM ledger_entries WHERE case_id = $1 AND kind = 'payment'`, [c.id]),
    ).toBe(1);
    expect(
      await stack.count(`SELECT 1 FROM ledger_entries WHERE case_id = $1 AND kind = 'reservation'`, [c.id]),
    ).toBe(1);
    expect(
      await stack.count(`SELECT 1 FROM ledger_entries WHERE case_id = $1 AND kind = 'release'`, [c.id]),
    ).toBe(1);

    const shown = await stack.http().get(`/api/cases/${c.id}`).set(auth(caseworker)).expect(200);
    const body = shown.body as {
      status: string;
      history: Array<{ type: string; actorName: string | null; label: { zh: string; en: string } }>;
    };
    expect(body.status).toBe('paid');
    const types = body.history.map((h) => h.type);
    expect(types).toEqual(
      expect.arrayContaining(['case.submitted', 'task.approve', 'funds.reserved', 'funds.paid']),
    );
    const approval = body.history.find((h) => h.type === 'task.approve')!;
    expect(approval.actorName).toBe('王主席（一分厂）');
    expect(approval.label).toEqual({ zh: '审批同意', en: 'Approved' });

    const desc = await stack.temporal.workflow.getHandle(c.workflowId).describe();
    expect(desc.searchAttributes.BangfuProgram).toEqual(['illness']);
    expect(desc.searchAttributes.BangfuCaseStatus).toEqual(['paid']);
  });

  test('above 2,000 yuan the leader decides last, sees it only after both chairs, and four-eyes stops the pairing leader', async () => {
    const c = (await fileCase({ program: 'disaster', amountFen: 300_000, reason: '房屋受灾' }).expect(201))
      .body as { id: string };
    const leader = await stack.login('leader');
    expect((await inbox(leader)).find((t) => t.subjectId === c.id)).toBeUndefined();
    await decide(chair, (await openTaskFor(c.id)).id, { decision: 'approve' }).expect(200);
    expect((await inbox(leader)).find((t) => t.subjectId === c.id)).toBeUndefined();
    await decide(unionChair, (await openTaskFor(c.id, unionChair)).id, { decision: 'approve' }).expect(200);
    const t3 = (await inbox(leader)).find((t) => t.subjectId === c.id)!;
    expect(t3).toMatchObject({ stage: 'leader', candidateRole: 'leader' });
    // the leader is the pairing leader of household H-0001 (结对领导)
    const refused = await decide(leader, t3.id, { decision: 'approve' }).expect(403);
    expect(refused.body.details[0]).toMatchObject({ rule: 'four_eyes' });
    expect(refused.body.message).toContain('结对领导');
    // rejecting is not approving: allowed; the reservation made at the first approval is released
    await decide(leader, t3.id, { decision: 'reject', comment: '请改由县总工会帮扶中心办理' }).expect(200);
    await stack.temporal.workflow.getHandle(`aid-case:${c.id}`).result();
    const kinds = await stack.db.query<{ kind: string }>(
      `SELECT kind FROM ledger_entries WHERE case_id = $1 ORDER BY id`,
      [c.id],
    );
    expect(kinds.rows.map((r) => r.kind)).toEqual(['reservation', 'release']);
  });

  test('return for more information goes back to the caseworker, then to the same stage', async () => {
    const c = (
      await fileCase({ program: 'hospital_visit', amountFen: 50_000, reason: '住院探望' }).expect(201)
    ).body as { id: string };
    const t1 = await openTaskFor(c.id);
    await decide(chair, t1.id, { decision: 'return' }).expect(400);
    await decide(chair, t1.id, { decision: 'return', comment: '请补充住院证明' }).expect(200);
    const rework = (await inbox(caseworker)).find((t) => t.subjectId === c.id)!;
    expect(rework).toMatchObject({ type: 'rework', stage: 'grassroots' });
    await decide(caseworker, rework.id, { decision: 'done', comment: '已补充' }).expect(200);
    const again = await openTaskFor(c.id);
    expect(again.stage).toBe('grassroots');
    expect(again.id).not.toBe(t1.id);
  });

  test('a caller without the task role gets 403; a second decision gets 409; claim and release', async () => {
    const c = (
      await fileCase({
        workerId: workerIds.get('E1002'),
        program: 'hospital_visit',
        amountFen: 30_000,
      }).expect(201)
    ).body as {
      id: string;
    };
    const task = await openTaskFor(c.id);
    const forbidden = await decide(unionChair, task.id, { decision: 'approve' }).expect(403);
    expect(forbidden.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    expect(forbidden.body.details[0]).toMatchObject({ rule: 'candidate_role' });

    await stack
      .http()
      .post(`/api/tasks/${task.id}/action`)
      .set(auth(chair))
      .send({ action: 'claim' })
      .expect(200);
    expect(
      await stack.count(`SELECT 1 FROM tasks WHERE id = $1 AND assignee_id IS NOT NULL`, [task.id]),
    ).toBe(1);
    await stack
      .http()
      .post(`/api/tasks/${task.id}/action`)
      .set(auth(chair))
      .send({ action: 'release' })
      .expect(200);

    const [a, b] = await Promise.all([
      decide(chair, task.id, { decision: 'approve' }),
      decide(chair, task.id, { decision: 'approve' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(
      await stack.count(`SELECT 1 FROM audit_log WHERE entity_id = $1 AND action = 'task.approve'`, [c.id]),
    ).toBe(1);
  });

  test('the same Idempotency-Key twice creates one case and one workflow (409 the second time)', async () => {
    const before = await stack.count('SELECT 1 FROM aid_cases');
    const first = await fileCase({
      workerId: workerIds.get('E1003'),
      program: 'hospital_visit',
      amountFen: 20_000,
    })
      .set('Idempotency-Key', 'double-click-0001')
      .expect(201);
    const second = await fileCase({
      workerId: workerIds.get('E1003'),
      program: 'hospital_visit',
      amountFen: 20_000,
    })
      .set('Idempotency-Key', 'double-click-0001')
      .expect(409);
    expect(second.body.message).toContain(first.body.id);
    expect(await stack.count('SELECT 1 FROM aid_cases')).toBe(before + 1);
  });
});

describe('four-eyes, each rule', () => {
  let cwChair: string;
  let twoHats: string;
  beforeAll(async () => {
    const hash = (
      await stack.db.query<{ h: string }>(
        `SELECT password_hash AS h FROM users WHERE username = 'caseworker'`,
      )
    ).rows[0]!.h;
    await stack.db.query(
      `INSERT INTO users (username, display_name, password_hash, roles, org_unit_id, is_demo)
       SELECT 'cw-chair', '兼职干事', $1, ARRAY['caseworker','branch_chair'], id, true FROM org_units WHERE code = 'G-01'
       UNION ALL
       SELECT 'two-hats', '双岗主席', $1, ARRAY['branch_chair','union_chair'], id, true FROM org_units WHERE code = 'ENT-01'`,
      [hash],
    );
    [cwChair, twoHats] = await Promise.all([stack.login('cw-chair'), stack.login('two-hats')]);
  });

  test("the applicant's caseworker cannot approve (经办人)", async () => {
    const c = (
      await stack
        .http()
        .post('/api/cases')
        .set(auth(cwChair))
        .send({
          workerId: workerIds.get('E1001'),
          program: 'holiday_condolence',
          amountFen: 50_000,
          reason: '春节慰问',
        })
        .expect(201)
    ).body as { id: string };
    const t = await openTaskFor(c.id, cwChair);
    const r = await decide(cwChair, t.id, { decision: 'approve' }).expect(403);
    expect(r.body.details[0]).toMatchObject({ rule: 'four_eyes' });
    expect(r.body.message).toContain('经办人');
  });

  test('the investigator of the household cannot approve (调查人)', async () => {
    await stack.db.query(
      `UPDATE hardship_files SET investigator_id = (SELECT id FROM users WHERE username = 'cw-chair') WHERE worker_id = $1`,
      [workerIds.get('E1002')],
    );
    const c = (
      await fileCase({ workerId: workerIds.get('E1002'), program: 'illness', amountFen: 60_000 }).expect(201)
    ).body as { id: string };
    const r = await decide(cwChair, (await openTaskFor(c.id, cwChair)).id, { decision: 'approve' }).expect(
      403,
    );
    expect(r.body.message).toContain('调查人');
  });

  test('whoever approved an earlier stage cannot approve the next one (同一事项)', async () => {
    const c = (await fileCase({ program: 'regular_subsidy', amountFen: 40_000 }).expect(201)).body as {
      id: string;
    };
    await decide(twoHats, (await openTaskFor(c.id, twoHats)).id, { decision: 'approve' }).expect(200);
    const next = await openTaskFor(c.id, twoHats);
    expect(next.stage).toBe('union');
    const r = await decide(twoHats, next.id, { decision: 'approve' }).expect(403);
    expect(r.body.message).toContain('earlier stage');
    // another union chair may
    await decide(unionChair, next.id, { decision: 'approve' }).expect(200);
  });
});

describe('withdrawal', () => {
  test('withdrawing an approved case releases its reservation and cancels its tasks; a second withdrawal is 409', async () => {
    const c = (
      await fileCase({ workerId: workerIds.get('E1002'), program: 'disaster', amountFen: 250_000 }).expect(
        201,
      )
    ).body as { id: string };
    await decide(chair, (await openTaskFor(c.id)).id, { decision: 'approve' }).expect(200);
    await decide(unionChair, (await openTaskFor(c.id, unionChair)).id, { decision: 'approve' }).expect(200);
    const leader = await stack.login('leader');
    await decide(leader, (await inbox(leader)).find((t) => t.subjectId === c.id)!.id, {
      decision: 'approve',
    }).expect(200);
    expect(
      await stack.count(`SELECT 1 FROM ledger_entries WHERE case_id = $1 AND kind = 'reservation'`, [c.id]),
    ).toBe(1);
    const res = await stack
      .http()
      .post(`/api/cases/${c.id}/withdraw`)
      .set(auth(caseworker))
      .send({ reason: '职工申请撤回' })
      .expect(200);
    expect(res.body.status).toBe('withdrawn');
    expect(
      await stack.count(`SELECT 1 FROM ledger_entries WHERE case_id = $1 AND kind = 'release'`, [c.id]),
    ).toBe(1);
    expect(await stack.count(`SELECT 1 FROM tasks WHERE subject_id = $1 AND status = 'open'`, [c.id])).toBe(
      0,
    );
    await stack
      .http()
      .post(`/api/cases/${c.id}/withdraw`)
      .set(auth(caseworker))
      .send({ reason: 'again' })
      .expect(409);
    // a withdrawn case gave the household nothing: the once-a-year program is open to it again
    const again = (
      await fileCase({ workerId: workerIds.get('E1002'), program: 'disaster', amountFen: 250_000 }).expect(
        201,
      )
    ).body as { id: string };
    await stack
      .http()
      .post(`/api/cases/${again.id}/withdraw`)
      .set(auth(caseworker))
      .send({ reason: '重复申请，撤回' })
      .expect(200);
  });
});

describe('inbox scope and filters', () => {
  test('a grassroots chair sees only their own unit’s tasks; lists filter by status, program and overdue', async () => {
    const c = (
      await fileCase({ workerId: workerIds.get('E1003'), program: 'disaster', amountFen: 60_000 }).expect(201)
    ).body as { id: string };
    // a second grassroots chair, of plant No. 2 (第二分厂工会)
    const hash = (
      await stack.db.query<{ h: string }>(
        `SELECT password_hash AS h FROM users WHERE username = 'branch-chair'`,
      )
    ).rows[0]!.h;
    await stack.db.query(
      `INSERT INTO users (username, display_name, password_hash, roles, org_unit_id, is_demo)
       SELECT 'branch-chair-2', '二分厂主席', $1, ARRAY['branch_chair'], id, true FROM org_units WHERE code = 'G-02'`,
      [hash],
    );
    const chair2 = await stack.login('branch-chair-2');
    expect((await inbox(chair2)).find((t) => t.subjectId === c.id)).toBeUndefined();
    expect((await inbox(chair)).find((t) => t.subjectId === c.id)).toBeDefined();
    await stack.http().get(`/api/cases/${c.id}`).set(auth(chair2)).expect(404);

    const byProgram = await stack
      .http()
      .get('/api/cases?program=disaster&status=pending_approval')
      .set(auth(chair))
      .expect(200);
    expect(
      (byProgram.body.items as Array<{ id: string; program: string }>).every((x) => x.program === 'disaster'),
    ).toBe(true);
    expect((byProgram.body.items as Array<{ id: string }>).some((x) => x.id === c.id)).toBe(true);
    const byStage = await stack.http().get('/api/cases?stage=grassroots').set(auth(chair)).expect(200);
    expect((byStage.body.items as Array<{ id: string }>).some((x) => x.id === c.id)).toBe(true);
    // no task is overdue yet: the deadline is 3 working days away
    const overdue = await stack.http().get('/api/tasks?overdue=true').set(auth(chair)).expect(200);
    expect(overdue.body.items).toEqual([]);
    await stack.db.query(
      `UPDATE tasks SET due_at = now() - interval '1 hour' WHERE subject_id = $1 AND status = 'open'`,
      [c.id],
    );
    const late = await stack.http().get('/api/tasks?overdue=true').set(auth(chair)).expect(200);
    expect(late.body.items).toEqual([expect.objectContaining({ subjectId: c.id, overdue: true })]);
    const lateCases = await stack.http().get('/api/cases?overdue=true').set(auth(chair)).expect(200);
    expect((lateCases.body.items as Array<{ id: string }>).map((x) => x.id)).toEqual([c.id]);
  });
});

describe('sensitive data and audit', () => {
  test('ID numbers are encrypted at rest, masked for the caseworker, revealed to the union chair with an audit row', async () => {
    const list = await stack.http().get('/api/workers').set(auth(caseworker)).expect(200);
    const w = (list.body.items as Array<{ id: string; employeeNo: string; nationalIdMasked: string }>).find(
      (x) => x.employeeNo === 'E1001',
    )!;
    expect(w.nationalIdMasked).toBe('3701**********0015');
    const raw = await stack.db.query<{ enc: Buffer }>(
      `SELECT national_id_enc AS enc FROM workers WHERE id = $1`,
      [w.id],
    );
    expect(raw.rows[0]!.enc.toString('latin1')).not.toContain('370102197803150015');

    await stack.http().get(`/api/workers/${w.id}/national-id`).set(auth(caseworker)).expect(403);
    const before = await stack.count(`SELECT 1 FROM audit_log WHERE action = 'pii.read' AND entity_id = $1`, [
      w.id,
    ]);
    const shown = await stack
      .http()
      .get(`/api/workers/${w.id}/national-id`)
      .set(auth(unionChair))
      .expect(200);
    expect(shown.body.nationalId).toBe('370102197803150015');
    expect(
      await stack.count(`SELECT 1 FROM audit_log WHERE action = 'pii.read' AND entity_id = $1`, [w.id]),
    ).toBe(before + 1);
  });

  test('the audit log refuses UPDATE and DELETE', async () => {
    await expect(stack.db.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(stack.db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  });

  test('admin publishes a new policy version; invalid policy → 400 naming the field; others → 403', async () => {
    const admin = await stack.login('admin');
    const current = (await stack.http().get('/api/policy').set(auth(caseworker)).expect(200)).body as {
      version: number;
      data: Record<string, any>;
    };
    const data = structuredClone(current.data);
    data.programs.find((p: { code: string }) => p.code === 'holiday_condolence').maxAmountFen = 150_000;
    await stack.http().post('/api/policy').set(auth(caseworker)).send({ data, note: 'x' }).expect(403);
    const bad = structuredClone(data);
    bad.programs[0].minAmountFen = -1;
    const refused = await stack
      .http()
      .post('/api/policy')
      .set(auth(admin))
      .send({ data: bad, note: 'bad' })
      .expect(400);
    expect(refused.body.details[0].field).toMatch(/^data\.programs\[0\]\.minAmountFen/);
    const published = await stack
      .http()
      .post('/api/policy')
      .set(auth(admin))
      .send({ data, note: '住院探望标准上调' })
      .expect(201);
    expect(published.body.version).toBe(current.version + 1);
    const programs = await stack.http().get('/api/programs').set(auth(caseworker)).expect(200);
    expect(programs.body.items.find((p: { code: string }) => p.code === 'holiday_condolence')).toMatchObject({
      maxAmountFen: 150_000,
      policyVersion: current.version + 1,
    });
    const c = (
      await fileCase({
        workerId: workerIds.get('E1002'),
        program: 'holiday_condolence',
        amountFen: 120_000,
      }).expect(201)
    ).body as {
      id: string;
    };
    expect(
      await stack.count(`SELECT 1 FROM aid_cases WHERE id = $1 AND policy_version = $2`, [
        c.id,
        current.version + 1,
      ]),
    ).toBe(1);
  });
});

describe('bad input leaves nothing behind', () => {
  const cases: Array<[string, number, string, string, Record<string, unknown>]> = [
    ['missing field', 400, 'reason', 'isNotEmpty', { reason: undefined }],
    ['unknown field', 400, 'approvedBy', 'unknown_field', { approvedBy: 'me' }],
    ['negative amount', 400, 'amountFen', 'isPositive', { amountFen: -100 }],
    ['fractional amount', 400, 'amountFen', 'isInt', { amountFen: 100.5 }],
    ['malformed worker id', 400, 'workerId', 'isUuid', { workerId: 'abc' }],
    ['unknown worker', 422, 'workerId', 'exists', { workerId: '00000000-0000-4000-8000-000000000000' }],
    [
      'no active file for a program that needs one',
      422,
      'workerId',
      'active_file_required',
      { workerId: 'E1003' },
    ],
    ['unknown program', 422, 'program', 'program_exists', { program: 'lottery' }],
    ['amount above the program range', 422, 'amountFen', 'amount_in_program_range', { amountFen: 600_000 }],
  ];

  test.each(cases)('%s → %d naming %s (%s)', async (_name, status, field, rule, patch) => {
    const rowsBefore = await stack.count('SELECT 1 FROM aid_cases');
    const wfBefore = await stack.workflowCount();
    const body = patch.workerId === 'E1003' ? { ...patch, workerId: workerIds.get('E1003') } : patch;
    const res = await fileCase(body).expect(status);
    expect(res.body).toMatchObject({
      statusCode: status,
      code: expect.any(String),
      message: expect.any(String),
    });
    expect(res.body.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field, rule, message: expect.any(String) })]),
    );
    expect(await stack.count('SELECT 1 FROM aid_cases')).toBe(rowsBefore);
    expect(await stack.workflowCount()).toBe(wfBefore);
  });

  test('once a year: the household of E1001 was given illness aid this year (the approval slice) → 422 naming once_per_year', async () => {
    const rowsBefore = await stack.count('SELECT 1 FROM aid_cases');
    const wfBefore = await stack.workflowCount();
    expect(
      await stack.count(
        `SELECT 1 FROM aid_cases WHERE worker_id = $1 AND program_code = 'illness' AND status NOT IN ('rejected')`,
        [workerId],
      ),
    ).toBeGreaterThan(0);
    const res = await fileCase({ amountFen: 100_000 }).expect(422);
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: 'program',
          rule: 'once_per_year',
          message: expect.stringContaining('once a year'),
        }),
      ]),
    );
    expect(await stack.count('SELECT 1 FROM aid_cases')).toBe(rowsBefore);
    expect(await stack.workflowCount()).toBe(wfBefore);
  });
});

describe('auth and conventions', () => {
  test('login failure → 401; no token → 401; a forged token → 401', async () => {
    const bad = await stack
      .http()
      .post('/api/auth/login')
      .send({ username: 'caseworker', password: 'wrong' })
      .expect(401);
    expect(bad.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    await stack.http().post('/api/auth/login').send({ username: 'nobody', password: 'x' }).expect(401);
    await stack.http().get('/api/workers').expect(401);
    await stack.http().get('/api/workers').set('Authorization', 'Bearer not.a.token').expect(401);
  });

  test('login answers the token and the user with roles and org unit', async () => {
    const res = await stack
      .http()
      .post('/api/auth/login')
      .send({ username: 'branch-chair', password: 'bangfu-demo' })
      .expect(200);
    expect(res.body.user).toMatchObject({
      username: 'branch-chair',
      roles: ['branch_chair'],
      orgUnitName: '第一分厂工会',
    });
    const me = await stack.http().get('/api/auth/me').set(auth(res.body.accessToken)).expect(200);
    expect(me.body.username).toBe('branch-chair');
  });

  test('wrong role → 403 (a branch chair cannot file an application)', async () => {
    const res = await stack
      .http()
      .post('/api/cases')
      .set(auth(chair))
      .send({ workerId, program: 'illness', amountFen: 100_000, reason: 'x' })
      .expect(403);
    expect(res.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
  });

  test('unknown ids → 404; malformed ids → 400', async () => {
    await stack
      .http()
      .get('/api/cases/00000000-0000-4000-8000-000000000000')
      .set(auth(caseworker))
      .expect(404);
    const bad = await stack.http().get('/api/cases/nope').set(auth(caseworker)).expect(400);
    expect(bad.body.details[0]).toMatchObject({ field: 'id', rule: 'isUuid' });
    await stack
      .http()
      .post('/api/tasks/00000000-0000-4000-8000-000000000000/decision')
      .set(auth(chair))
      .send({ decision: 'approve' })
      .expect(404);
  });

  test('lists page with limit/cursor; limit over 200 → 400', async () => {
    const p1 = await stack.http().get('/api/workers?limit=2').set(auth(caseworker)).expect(200);
    expect(p1.body.items).toHaveLength(2);
    expect(p1.body.nextCursor).toEqual(expect.any(String));
    const p2 = await stack
      .http()
      .get(`/api/workers?limit=2&cursor=${p1.body.nextCursor}`)
      .set(auth(caseworker))
      .expect(200);
    expect(p2.body.items[0].employeeNo > p1.body.items[1].employeeNo).toBe(true);
    const tooMany = await stack.http().get('/api/workers?limit=201').set(auth(caseworker)).expect(400);
    expect(tooMany.body.details).toEqual([expect.objectContaining({ field: 'limit', rule: 'max' })]);
  });

  test('caseworker sees only the workers of their grassroots unit; programs list amounts in fen', async () => {
    const res = await stack.http().get('/api/workers?limit=200').set(auth(caseworker)).expect(200);
    const nos = (res.body.items as Array<{ employeeNo: string }>).map((w) => w.employeeNo);
    expect(nos).toEqual(['E1001', 'E1002', 'E1003']);
    const programs = await stack.http().get('/api/programs').set(auth(caseworker)).expect(200);
    expect(programs.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'illness',
          nameZh: '大病救助',
          nameEn: 'Serious illness relief',
          minAmountFen: 50_000,
          maxAmountFen: 500_000,
        }),
      ]),
    );
  });

  test('health 200 with database and Temporal up; metrics; OpenAPI JSON', async () => {
    const h = await stack.http().get('/health').expect(200);
    expect(h.body.checks).toMatchObject({ database: { status: 'up' }, temporal: { status: 'up' } });
    const m = await stack.http().get('/metrics').expect(200);
    expect(m.text).toContain('bangfu_http_request_duration_seconds');
    const doc = await stack.http().get('/docs-json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/cases', '/api/tasks/{id}/decision', '/api/auth/login']),
    );
  });
});
