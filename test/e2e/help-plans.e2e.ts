import { generateReassessmentFiles } from '../../libs/database/seed-reassessment';
import { chinaDate } from '../../libs/domain/calendar';
import { addDays } from '../../libs/domain/loan';
import { ENDED_FILE_STATUSES, OPEN_FILE_STATUSES, fileIsOpenSql } from '../../libs/domain/file-status';
import { FilesRepository } from '../../libs/files/files.repository';
import { TasksRepository } from '../../libs/tasks/tasks.repository';
import { TestStack } from '../support/stack';

/**
 * Help plans (帮扶计划) on the real stack: a plan created from a file's causes (suggestions from the
 * default policy), each measure a task in its owner's inbox with its due date; the owner records the
 * outcome through the task (job found) or the file's plan (kept in school, the note stored
 * encrypted); a wrong outcome, a second plan and an unknown owner are refused; a quarterly
 * re-assessment lists the file whose measure is overdue; a file that ends drops its open measures.
 */
let stack: TestStack;
const QUARTER = '2042Q3'; // unique to this suite (one Temporal server for every e2e suite)

beforeAll(async () => {
  stack = await TestStack.start();
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, tries = 1200): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`gave up waiting for ${what}`);
}

interface Measure {
  id: string;
  type: string;
  cause: string | null;
  dueOn: string;
  status: string;
  outcome: string | null;
  outcomeNote: string | null;
  ownerId: string;
  taskId: string;
  overdue: boolean;
  outcomes: string[];
}

test('plan from causes → tasks in the owners’ inboxes → outcomes recorded → overdue measure listed at the re-check', async () => {
  await generateReassessmentFiles(stack.db, { n: 2, tag: 'HPLAN', unitCodes: ['G-01'] });
  const { rows: files } = await stack.db.query<{ id: string; file_no: string }>(
    `SELECT id, file_no FROM hardship_files WHERE file_no LIKE 'HF-R-HPLAN-%' ORDER BY file_no`,
  );
  const file = files[0]!;
  await stack.db.query(`UPDATE hardship_files SET causes = ARRAY['unemployment','education'] WHERE id = $1`, [
    file.id,
  ]);
  const [caseworker, chair, union, admin] = await Promise.all(
    ['caseworker', 'branch-chair', 'union-chair', 'admin'].map((u) => stack.login(u)),
  );
  const as = (t: string) => ({ authorization: `Bearer ${t}` });
  const { rows: users } = await stack.db.query<{ id: string; username: string }>(
    `SELECT id, username FROM users WHERE username IN ('caseworker','branch-chair')`,
  );
  const uid = (u: string) => users.find((x) => x.username === u)!.id;
  const today = chinaDate(new Date());

  // suggestions from the causes by the default policy (unemployment: employment +60 d, training
  // +90 d; education: schooling +60 d), in the order of the causes
  const view = await stack.http().get(`/api/files/${file.id}/help-plan`).set(as(caseworker)).expect(200);
  expect(view.body.planId).toBeNull();
  expect(view.body.defaultOwnerId).toBe(uid('caseworker'));
  expect(
    view.body.suggestions.map((s: { cause: string; type: string; dueOn: string }) => [
      s.cause,
      s.type,
      s.dueOn,
    ]),
  ).toEqual([
    ['unemployment', 'employment', addDays(today, 60)],
    ['unemployment', 'training', addDays(today, 90)],
    ['education', 'schooling', addDays(today, 60)],
  ]);

  // an unknown owner is refused before anything is written
  const unknown = await stack
    .http()
    .post(`/api/files/${file.id}/help-plan`)
    .set(as(caseworker))
    .send({
      measures: [
        { type: 'employment', ownerId: '00000000-0000-4000-8000-000000000000', dueOn: today, target: 'x' },
      ],
    })
    .expect(400);
  expect(unknown.body.details[0]).toMatchObject({ field: 'measures[0].ownerId', rule: 'user_unknown' });

  // the plan: employment and training owned by the caseworker (training already overdue: due 5 days
  // ago), schooling owned by the branch chair
  const overdueOn = addDays(today, -5);
  const measures = view.body.suggestions.map(
    (s: { cause: string; type: string; dueOn: string; target: string }) => ({
      ...s,
      ownerId: s.type === 'schooling' ? uid('branch-chair') : uid('caseworker'),
      dueOn: s.type === 'training' ? overdueOn : s.dueOn,
    }),
  );
  const created = await stack
    .http()
    .post(`/api/files/${file.id}/help-plan`)
    .set(as(caseworker))
    .send({ measures })
    .expect(201);
  const plan = created.body.measures as Measure[];
  expect(plan).toHaveLength(3);
  const byType = (t: string) => plan.find((m) => m.type === t)!;
  expect(byType('training')).toMatchObject({ status: 'planned', overdue: true, dueOn: overdueOn });
  expect(byType('employment').outcomes).toEqual(['job_found', 'no_job']);

  // one plan per file
  const twice = await stack
    .http()
    .post(`/api/files/${file.id}/help-plan`)
    .set(as(caseworker))
    .send({ measures })
    .expect(409);
  expect(twice.body.details[0]).toMatchObject({ rule: 'unique', params: { subjectNo: file.file_no } });

  // the tasks are in the owners' inboxes with the measures' due dates (end of the China day)
  const inbox = async (token: string) =>
    (await stack.http().get('/api/tasks?status=open&type=help_measure').set(as(token)).expect(200)).body
      .items as Array<{
      id: string;
      assigneeId: string;
      dueAt: string;
      subjectNo: string;
      payload: { measureId: string };
    }>;
  const mine = (await inbox(caseworker)).filter((t) => t.subjectNo === file.file_no);
  expect(mine.map((t) => t.payload.measureId).sort()).toEqual(
    [byType('employment').id, byType('training').id].sort(),
  );
  const trainingTask = mine.find((t) => t.payload.measureId === byType('training').id)!;
  expect(trainingTask.assigneeId).toBe(uid('caseworker'));
  expect(chinaDate(new Date(new Date(trainingTask.dueAt).getTime() - 1))).toBe(overdueOn);
  const chairs = (await inbox(chair)).filter((t) => t.subjectNo === file.file_no);
  expect(chairs.map((t) => t.payload.measureId)).toContain(byType('schooling').id);

  // the owner completes the employment task with the outcome: a wrong outcome is refused first
  const empTask = mine.find((t) => t.payload.measureId === byType('employment').id)!;
  const wrong = await stack
    .http()
    .post(`/api/tasks/${empTask.id}/decision`)
    .set(as(caseworker))
    .send({ decision: 'done', outcome: { outcome: 'kept_in_school' } })
    .expect(400);
  expect(wrong.body.details[0]).toMatchObject({ field: 'outcome', rule: 'one_of' });
  await stack
    .http()
    .post(`/api/tasks/${empTask.id}/decision`)
    .set(as(caseworker))
    .send({ decision: 'done', comment: '已在物业公司上岗', outcome: { outcome: 'job_found' } })
    .expect(200);
  const { rows: emp } = await stack.db.query(
    `SELECT m.status, m.outcome, t.status AS task_status FROM help_measures m JOIN tasks t ON t.id = m.task_id WHERE m.id = $1`,
    [byType('employment').id],
  );
  expect(emp[0]).toEqual({ status: 'done', outcome: 'job_found', task_status: 'completed' });

  // the schooling measure's outcome on the file's plan: the note is stored encrypted
  const note = '孩子患哮喘，已联系学校保留学籍';
  const school = await stack
    .http()
    .post(`/api/help-measures/${byType('schooling').id}/outcome`)
    .set(as(chair))
    .send({ outcome: 'kept_in_school', note })
    .expect(200);
  expect(school.body).toMatchObject({ status: 'done', outcome: 'kept_in_school', outcomeNote: note });
  const { rows: enc } = await stack.db.query<{ raw: string; task_status: string }>(
    `SELECT encode(m.outcome_note_enc, 'escape') AS raw, t.status AS task_status FROM help_measures m JOIN tasks t ON t.id = m.task_id WHERE m.id = $1`,
    [byType('schooling').id],
  );
  expect(enc[0]!.raw).not.toContain('哮喘');
  expect(enc[0]!.task_status).toBe('completed');
  // a second outcome on a done measure is refused
  await stack
    .http()
    .post(`/api/help-measures/${byType('schooling').id}/outcome`)
    .set(as(chair))
    .send({ outcome: 'left_school' })
    .expect(409);

  // the quarterly re-check lists the file whose training measure is overdue, and only that measure
  await stack.http().post('/api/reassessments').set(as(admin)).send({ quarter: QUARTER }).expect(201);
  await until('the re-assessment to complete', async () => {
    const r = await stack.http().get(`/api/reassessments/${QUARTER}`).set(as(admin)).expect(200);
    return r.body.status === 'completed' ? r.body : undefined;
  });
  const overdue = await stack
    .http()
    .get(`/api/reassessments/${QUARTER}/overdue-measures`)
    .set(as(union))
    .expect(200);
  const ours = overdue.body.rows.filter((r: { fileId: string }) => r.fileId === file.id);
  expect(ours).toEqual([
    expect.objectContaining({
      fileNo: file.file_no,
      measureId: byType('training').id,
      type: 'training',
      dueOn: overdueOn,
      daysOverdue: 5,
      ownerName: '李干事',
    }),
  ]);
  expect(overdue.body.asOf).toBe(today);
  await stack.http().get('/api/reassessments/2042Q1/overdue-measures').set(as(union)).expect(404);
  await stack.http().get('/api/reassessments/2042Q9/overdue-measures').set(as(union)).expect(400);

  // the daily sweep's set-based step reminds the overdue measure's task and escalates it to the
  // policy's role (helpPlans.escalateTo) as it does for every direct task
  await stack.worker.get(TasksRepository).sweepDirectDeadlines();
  const { rows: swept } = await stack.db.query(
    `SELECT reminded_at IS NOT NULL AS reminded, escalated_role FROM tasks WHERE id = $1`,
    [trainingTask.id],
  );
  expect(swept[0]).toEqual({ reminded: true, escalated_role: 'branch_chair' });
  const escalated = (await inbox(chair)).filter((t) => t.subjectNo === file.file_no);
  expect(escalated.map((t) => t.payload.measureId)).toContain(byType('training').id);

  // dropping the overdue measure cancels its task and takes it off the list
  await stack
    .http()
    .patch(`/api/help-measures/${byType('training').id}`)
    .set(as(caseworker))
    .send({ ownerId: uid('caseworker'), dueOn: overdueOn, target: '技能培训', status: 'dropped' })
    .expect(200);
  const after = await stack
    .http()
    .get(`/api/reassessments/${QUARTER}/overdue-measures`)
    .set(as(union))
    .expect(200);
  expect(after.body.rows.filter((r: { fileId: string }) => r.fileId === file.id)).toEqual([]);
  expect(
    await stack.count(`SELECT count(*) FROM tasks WHERE id = $1 AND status = 'cancelled'`, [trainingTask.id]),
  ).toBe(1);
}, 300_000);

test('a file that ends (exit from hardship) drops its open measures: their tasks leave the owners’ inboxes, a done one stays done', async () => {
  await generateReassessmentFiles(stack.db, { n: 1, tag: 'HPLANEND', unitCodes: ['G-01'] });
  const { rows } = await stack.db.query<{ id: string; file_no: string; workflow_id: string }>(
    `SELECT id, file_no, workflow_id FROM hardship_files WHERE file_no LIKE 'HF-R-HPLANEND-%'`,
  );
  const file = rows[0]!;
  await stack.db.query(`UPDATE hardship_files SET causes = ARRAY['unemployment'] WHERE id = $1`, [file.id]);
  const caseworker = await stack.login('caseworker');
  const as = { authorization: `Bearer ${caseworker}` };
  const view = await stack.http().get(`/api/files/${file.id}/help-plan`).set(as).expect(200);
  const created = await stack
    .http()
    .post(`/api/files/${file.id}/help-plan`)
    .set(as)
    .send({
      measures: view.body.suggestions.map((s: Record<string, unknown>) => ({
        ...s,
        ownerId: view.body.defaultOwnerId,
      })),
    })
    .expect(201);
  const [employment, training] = ['employment', 'training'].map((t) =>
    (created.body.measures as Measure[]).find((m) => m.type === t)!,
  );
  // one measure done before the exit
  await stack
    .http()
    .post(`/api/help-measures/${employment!.id}/outcome`)
    .set(as)
    .send({ outcome: 'job_found' })
    .expect(200);
  const open = async () =>
    (
      (await stack.http().get('/api/tasks?status=open&type=help_measure&limit=200').set(as).expect(200)).body
        .items as Array<{ subjectNo: string }>
    ).filter((t) => t.subjectNo === file.file_no).length;
  expect(await open()).toBe(1);

  // the file closes as the exit's approval records it (the hardship-file workflow's status activity)
  await stack.worker
    .get(FilesRepository)
    .recordStatus({ fileId: file.id, workflowId: file.workflow_id, status: 'closed', reason: 'exit' });
  expect(await open()).toBe(0);
  const { rows: after } = await stack.db.query<{ id: string; status: string; task_status: string }>(
    `SELECT m.id, m.status, t.status AS task_status FROM help_measures m JOIN tasks t ON t.id = m.task_id
      WHERE m.file_id = $1 ORDER BY m.kind`,
    [file.id],
  );
  expect(after).toEqual(
    expect.arrayContaining([
      { id: employment!.id, status: 'done', task_status: 'completed' },
      { id: training!.id, status: 'dropped', task_status: 'cancelled' },
    ]),
  );
  expect(after).toHaveLength(2);
}, 120_000);

test('every status the database allows a hardship file is classified as open or ended (libs/domain/file-status.ts)', async () => {
  const { rows } = await stack.db.query<{ def: string }>(
    `SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
      WHERE c.conrelid = 'hardship_files'::regclass AND c.contype = 'c' AND pg_get_constraintdef(c.oid) LIKE '%status%'`,
  );
  expect(rows).toHaveLength(1);
  const allowed = [...rows[0]!.def.matchAll(/'([a-z_]+)'::text/g)].map((m) => m[1]).sort();
  expect(allowed).toEqual([...OPEN_FILE_STATUSES, ...ENDED_FILE_STATUSES].sort());
  // and the SQL predicate every "open file" query uses agrees with the lists
  const { rows: open } = await stack.db.query<{ s: string }>(
    `SELECT s FROM unnest($1::text[]) AS s WHERE ${fileIsOpenSql('s')} ORDER BY s`,
    [allowed],
  );
  expect(open.map((r) => r.s)).toEqual([...OPEN_FILE_STATUSES].sort());
});
