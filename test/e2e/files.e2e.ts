import { TestStack } from '../support/stack';
import { FilesRepository } from '../../libs/files/files.repository';

/** Hardship-file registration end to end: API → workflow → activities → PostgreSQL. */
let stack: TestStack;
let caseworker: string;
let chair: string;
let unionChair: string;
const workers = new Map<string, { id: string; householdId: string }>();
const auth = (t: string) => ({ Authorization: `Bearer ${t}` });

beforeAll(async () => {
  stack = await TestStack.start();
  [caseworker, chair, unionChair] = await Promise.all([
    stack.login('caseworker'),
    stack.login('branch-chair'),
    stack.login('union-chair'),
  ]);
  const res = await stack.http().get('/api/workers').set(auth(caseworker)).expect(200);
  for (const w of res.body.items as Array<{ id: string; employeeNo: string; householdId: string }>)
    workers.set(w.employeeNo, w);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

async function taskFor(token: string, fileId: string, type: string): Promise<{ id: string; stage: string }> {
  const res = await stack.http().get(`/api/tasks?status=open&type=${type}`).set(auth(token)).expect(200);
  const t = (res.body.items as Array<{ id: string; subjectId: string; stage: string }>).find(
    (x) => x.subjectId === fileId,
  );
  if (!t) throw new Error(`no open ${type} task for file ${fileId}`);
  return t;
}

test('a second open file for the same household → 409 naming the existing file', async () => {
  const res = await stack
    .http()
    .post('/api/files')
    .set(auth(caseworker))
    .send({ workerId: workers.get('E1001')!.id, causes: ['illness'] })
    .expect(409);
  expect(res.body.details[0]).toMatchObject({ field: 'workerId', rule: 'one_open_file' });
  expect(res.body.message).toMatch(/HF-\d{4}-\d{6}/);
});

test('registration: investigation must be complete, category by policy, two stages, then public notice; an objection sends it back; withdrawal ends it', async () => {
  const w = workers.get('E1003')!;
  const opened = await stack
    .http()
    .post('/api/files')
    .set(auth(caseworker))
    .send({ workerId: w.id, causes: ['illness', 'dependency_burden'] })
    .expect(201);
  const file = opened.body as { id: string; status: string; fileNo: string };
  expect(file.status).toBe('investigating');
  // the same person again → 409
  await stack
    .http()
    .post('/api/files')
    .set(auth(caseworker))
    .send({ workerId: w.id, causes: ['illness'] })
    .expect(409);

  const inv = await taskFor(caseworker, file.id, 'investigation');
  const early = await stack
    .http()
    .post(`/api/tasks/${inv.id}/decision`)
    .set(auth(caseworker))
    .send({ decision: 'done' })
    .expect(422);
  expect(early.body.details[0]).toMatchObject({ field: 'fiveClears', rule: 'investigation_complete' });
  expect(early.body.message).toContain('visit');

  // income of 5 members: 3,000 yuan a month → 600 yuan per person < 低保 1,062 → deep hardship
  for (const month of ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']) {
    await stack
      .http()
      .post(`/api/households/${w.householdId}/incomes`)
      .set(auth(caseworker))
      .send({ month, source: '工资', amountFen: 300_000 })
      .expect(201);
  }
  await stack
    .http()
    .put(`/api/files/${file.id}/investigation`)
    .set(auth(caseworker))
    .send({
      fiveClears: {
        address: '济南市示范区幸福路3号',
        family: '五口人，妻子长期患病',
        income: '月收入约3000元',
        cause: '因病致困',
        urgentNeed: '医疗费用',
      },
      visit: { date: '2026-11-20', visitors: ['李干事'], notes: '入户走访，情况属实' },
    })
    .expect(200);
  await stack
    .http()
    .post(`/api/tasks/${inv.id}/decision`)
    .set(auth(caseworker))
    .send({ decision: 'done' })
    .expect(200);

  const afterInv = (await stack.http().get(`/api/files/${file.id}`).set(auth(caseworker)).expect(200)).body;
  expect(afterInv).toMatchObject({ status: 'pending_approval', category: 'deep', categoryPolicyVersion: 1 });
  expect(afterInv.categoryInputs).toMatchObject({ members: 5, dibaoFen: 106_200 });
  expect(afterInv.categoryReason).toContain('低保');

  const s1 = await taskFor(chair, file.id, 'approval');
  await stack
    .http()
    .post(`/api/tasks/${s1.id}/decision`)
    .set(auth(chair))
    .send({ decision: 'approve' })
    .expect(200);
  const s2 = await taskFor(unionChair, file.id, 'approval');
  expect(s2.stage).toBe('union');
  await stack
    .http()
    .post(`/api/tasks/${s2.id}/decision`)
    .set(auth(unionChair))
    .send({ decision: 'approve' })
    .expect(200);

  const inNotice = (await stack.http().get(`/api/files/${file.id}`).set(auth(caseworker)).expect(200)).body;
  const desc = await stack.temporal.workflow.getHandle(`hardship-file:${file.id}`).describe();
  expect(desc.searchAttributes.BangfuCaseStatus).toEqual(['in_notice']);
  expect(inNotice.status).toBe('in_notice');
  expect(Date.parse(inNotice.noticeEndsAt) - Date.now()).toBeGreaterThan(5 * 24 * 3600 * 1000); // 5 working days at least spans a weekend

  await stack
    .http()
    .post(`/api/files/${file.id}/objections`)
    .set(auth(caseworker))
    .send({ text: '该户有商铺出租', raisedBy: '匿名职工' })
    .expect(202);
  const back = await (async () => {
    for (let i = 0; i < 100; i++) {
      const t = await taskFor(chair, file.id, 'approval').catch(() => undefined);
      if (t) return t;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the file did not come back to review');
  })();
  expect(back.stage).toBe('grassroots');

  const wd = await stack
    .http()
    .post(`/api/files/${file.id}/withdraw`)
    .set(auth(caseworker))
    .send({ reason: '核实后撤回' })
    .expect(200);
  expect(wd.body.status).toBe('withdrawn');
  expect(await stack.count(`SELECT 1 FROM tasks WHERE subject_id = $1 AND status = 'open'`, [file.id])).toBe(
    0,
  );
  const timeline = (await stack.http().get(`/api/files/${file.id}`).set(auth(caseworker)).expect(200)).body
    .timeline as Array<{ type: string }>;
  expect(timeline.map((t) => t.type)).toEqual(
    expect.arrayContaining([
      'file.opened',
      'file.investigation',
      'file.category',
      'file.notice_started',
      'file.objection',
    ]),
  );
  // with the file withdrawn, a new one may be opened
  await stack
    .http()
    .post('/api/files')
    .set(auth(caseworker))
    .send({ workerId: w.id, causes: ['illness'] })
    .expect(201);
});

test('household members: ID numbers validated, encrypted and de-duplicated across households; health details encrypted', async () => {
  const h = workers.get('E1002')!.householdId;
  const bad = await stack
    .http()
    .post(`/api/households/${h}/members`)
    .set(auth(caseworker))
    .send({ name: '吴小明', relation: 'child', nationalId: '370102201001010011' });
  expect(bad.status).toBe(400);
  expect(bad.body.details[0]).toMatchObject({ field: 'nationalId', rule: 'checksum' });
  // E1001's own ID number, in another household of the caseworker's own unit → 409 naming the registration
  // (a unit the caller cannot see is never named: test/e2e/members.e2e.ts)
  const dup = await stack
    .http()
    .post(`/api/households/${h}/members`)
    .set(auth(caseworker))
    .send({ name: '周建国', relation: 'other', nationalId: '370102197803150015' })
    .expect(409);
  expect(dup.body.details[0]).toMatchObject({
    field: 'nationalId',
    rule: 'registered',
    params: { employeeNo: 'E1001' },
  });
  await stack
    .http()
    .post(`/api/households/${h}/members`)
    .set(auth(caseworker))
    .send({
      name: '吴小梅',
      relation: 'child',
      birthYear: 2008,
      nationalId: '370102200805050020',
      health: '先天性心脏病',
      schoolStatus: '高中在读',
    })
    .expect(201);
  const got = await stack.http().get(`/api/households/${h}`).set(auth(caseworker)).expect(200);
  const m = (got.body.members as Array<Record<string, unknown>>).find(
    (x) => x.nationalIdMasked === '3701**********0020',
  )!;
  expect(m).toMatchObject({
    nationalIdMasked: '3701**********0020',
    healthRecorded: true,
    nameMasked: '吴**',
  });
  expect(JSON.stringify(got.body)).not.toContain('先天性心脏病');
  expect(JSON.stringify(got.body)).not.toContain('吴小梅');
  const raw = await stack.db.query<{ h: Buffer }>(
    `SELECT health_enc AS h FROM household_members WHERE name = '吴小梅'`,
  );
  expect(raw.rows[0]!.h.toString('utf8')).not.toContain('心脏病');
  await stack
    .http()
    .post(`/api/households/${h}/assets`)
    .set(auth(caseworker))
    .send({ kind: 'vehicle', description: '二手面包车', valueFen: 1_500_000 })
    .expect(201);
});

test('a status write repeated by an activity retry leaves one audit row (the second write changes nothing)', async () => {
  const { rows } = await stack.db.query<{ id: string; workflow_id: string }>(
    `SELECT id, workflow_id FROM hardship_files WHERE status = 'active' ORDER BY file_no LIMIT 1`,
  );
  const file = rows[0]!;
  const audits = () =>
    stack.count(`SELECT 1 FROM audit_log WHERE entity_id = $1 AND action = 'file.status'`, [file.id]);
  const before = await audits();
  const files = stack.worker.get(FilesRepository);
  await files.recordStatus({ fileId: file.id, workflowId: file.workflow_id, status: 'active' });
  await files.recordStatus({ fileId: file.id, workflowId: file.workflow_id, status: 'active' });
  expect(await audits()).toBe(before);
});
