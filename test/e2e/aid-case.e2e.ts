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
  workerId = (res.body as { items: Array<{ id: string; employeeNo: string }> }).items.find(
    (w) => w.employeeNo === 'E1001',
  )!.id;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

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

describe('the approval slice', () => {
  test('caseworker files → branch chair sees the task → approves → the case shows approved with who and when', async () => {
    const created = await fileCase().expect(201);
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
    expect(c.amountFen).toBe(200_000);

    const task = await openTaskFor(c.id);
    expect(task).toMatchObject({ stage: 'grassroots', candidateRole: 'branch_chair' });
    // the union chair is in scope but does not hold the task's role
    const noRole = await openTaskFor(c.id, unionChair).catch((e: Error) => e);
    expect(noRole).toBeInstanceOf(Error);

    const decided = await stack
      .http()
      .post(`/api/tasks/${task.id}/decision`)
      .set(auth(chair))
      .send({ decision: 'approve', comment: '情况属实，同意' })
      .expect(200);
    expect(decided.body).toEqual({ taskId: task.id, decision: 'approve', status: 'approved' });

    const handle = stack.temporal.workflow.getHandle(c.workflowId);
    expect(await handle.result()).toEqual({ status: 'approved' });

    const shown = await stack.http().get(`/api/cases/${c.id}`).set(auth(caseworker)).expect(200);
    const body = shown.body as {
      status: string;
      history: Array<{ type: string; actorName: string | null; at: string; data: Record<string, unknown> }>;
    };
    expect(body.status).toBe('approved');
    expect(body.history.map((h) => h.type)).toEqual(['submitted', 'task_opened', 'approved']);
    const approval = body.history[2]!;
    expect(approval.actorName).toBe('王主席（一分厂）');
    expect(approval.data).toMatchObject({ comment: '情况属实，同意', taskId: task.id });
    expect(Date.parse(approval.at)).not.toBeNaN();

    // the task row was closed by the activity
    expect(
      await stack.count(
        `SELECT 1 FROM tasks WHERE id = $1 AND status = 'completed' AND decision = 'approve'`,
        [task.id],
      ),
    ).toBe(1);
    // the search attribute followed the status
    const desc = await handle.describe();
    expect(desc.searchAttributes.BangfuCaseStatus).toEqual(['approved']);
    expect(desc.searchAttributes.BangfuProgram).toEqual(['illness']);
  });

  test('reject needs a comment (400), then ends the case rejected', async () => {
    const c = (await fileCase().expect(201)).body as { id: string };
    const task = await openTaskFor(c.id);
    const noComment = await stack
      .http()
      .post(`/api/tasks/${task.id}/decision`)
      .set(auth(chair))
      .send({ decision: 'reject' })
      .expect(400);
    expect(noComment.body.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'comment' })]),
    );
    await stack
      .http()
      .post(`/api/tasks/${task.id}/decision`)
      .set(auth(chair))
      .send({ decision: 'reject', comment: '收入超过标准' })
      .expect(200);
    await stack.temporal.workflow.getHandle(`aid-case:${c.id}`).result();
    const shown = await stack.http().get(`/api/cases/${c.id}`).set(auth(caseworker)).expect(200);
    expect(shown.body.status).toBe('rejected');
  });

  test('a caller without the task role gets 403 from the workflow validator; a second decision gets 409', async () => {
    const c = (await fileCase().expect(201)).body as { id: string };
    const task = await openTaskFor(c.id);
    const forbidden = await stack
      .http()
      .post(`/api/tasks/${task.id}/decision`)
      .set(auth(unionChair))
      .send({ decision: 'approve' })
      .expect(403);
    expect(forbidden.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    expect(forbidden.body.details[0]).toMatchObject({ rule: 'candidate_role' });

    const [a, b] = await Promise.all([
      stack.http().post(`/api/tasks/${task.id}/decision`).set(auth(chair)).send({ decision: 'approve' }),
      stack.http().post(`/api/tasks/${task.id}/decision`).set(auth(chair)).send({ decision: 'approve' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const again = await stack
      .http()
      .post(`/api/tasks/${task.id}/decision`)
      .set(auth(chair))
      .send({ decision: 'approve' })
      .expect(409);
    expect(again.body).toMatchObject({
      code: 'STALE_TASK',
      details: [expect.objectContaining({ field: 'taskId', rule: 'task_open' })],
    });
    expect(
      await stack.count(`SELECT 1 FROM case_events WHERE case_id = $1 AND type = 'approved'`, [c.id]),
    ).toBe(1);
  });

  test('the same Idempotency-Key twice creates one case and one workflow (409 the second time)', async () => {
    const before = await stack.count('SELECT 1 FROM aid_cases');
    const first = await fileCase().set('Idempotency-Key', 'double-click-0001').expect(201);
    const second = await fileCase().set('Idempotency-Key', 'double-click-0001').expect(409);
    expect(second.body.message).toContain(first.body.id);
    expect(await stack.count('SELECT 1 FROM aid_cases')).toBe(before + 1);
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
    ['unknown program', 422, 'program', 'exists', { program: 'lottery' }],
    ['amount above the program range', 422, 'amountFen', 'amount_in_program_range', { amountFen: 600_000 }],
  ];

  test.each(cases)('%s → %d naming %s (%s)', async (_name, status, field, rule, patch) => {
    const rowsBefore = await stack.count('SELECT 1 FROM aid_cases');
    const wfBefore = await stack.workflowCount();
    const res = await fileCase(patch).expect(status);
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
        {
          code: 'illness',
          nameZh: '大病救助',
          nameEn: 'Serious illness relief',
          minAmountFen: 50_000,
          maxAmountFen: 500_000,
        },
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
