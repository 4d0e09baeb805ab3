/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies */
import { randomUUID } from 'node:crypto';
import { lifecycleSweepScheduleId } from '../../apps/worker/src/lifecycle-schedule.service';
import { chinaDate } from '../../libs/domain/calendar';
import { quarterOf } from '../../libs/domain/lifecycle';
import { TestStack } from '../support/stack';
import { recordHistory, recording } from '../support/histories';

/** Early warnings, the regular subsidy and the lifecycle sweep through the real API and worker. */
let stack: TestStack;
let caseworker: string;
let chair: string;
let unionChair: string;
const workerIds = new Map<string, string>();
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const today = () => chinaDate(new Date());

beforeAll(async () => {
  stack = await TestStack.start();
  [caseworker, chair, unionChair] = await Promise.all([
    stack.login('caseworker'),
    stack.login('branch-chair'),
    stack.login('union-chair'),
  ]);
  const res = await stack.http().get('/api/workers').set(auth(caseworker)).expect(200);
  for (const w of (res.body as { items: Array<{ id: string; employeeNo: string }> }).items)
    workerIds.set(w.employeeNo, w.id);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

type Task = {
  id: string;
  type: string;
  subjectType: string;
  subjectId: string;
  candidateRole: string;
  assigneeId: string | null;
  dueAt: string | null;
};

async function inbox(token: string): Promise<Task[]> {
  const res = await stack.http().get('/api/tasks?status=open&limit=200').set(auth(token)).expect(200);
  return (res.body as { items: Task[] }).items;
}

function report(body: Record<string, unknown>, token = caseworker, key?: string) {
  const req = stack.http().post('/api/early-warnings').set(auth(token));
  if (key) void req.set('Idempotency-Key', key);
  return req.send(body);
}

async function until<T>(f: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 200; i++) {
    last = await f();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
}

describe('early warnings (预警事件)', () => {
  test('a hospitalisation of a worker without a file opens an outreach task in the caseworker’s inbox, with a deadline; the outreach and the closing are recorded', async () => {
    const workerId = workerIds.get('E1003')!; // no hardship file
    const res = await report({
      workerId,
      kind: 'hospitalisation',
      occurredOn: today(),
      note: '突发脑梗住院（健康信息）',
    }).expect(201);
    const { id, outreachTaskId } = res.body as { id: string; outreachTaskId: string };
    expect(outreachTaskId).toEqual(expect.any(String));

    const task = (await inbox(caseworker)).find((t) => t.id === outreachTaskId);
    expect(task).toMatchObject({
      type: 'outreach',
      subjectType: 'early_warning',
      subjectId: id,
      candidateRole: 'caseworker',
    });
    expect(task!.dueAt).toEqual(expect.any(String));
    expect(new Date(task!.dueAt!).getTime()).toBeGreaterThan(Date.now());

    // the note (health details) is encrypted at rest and never listed; the union chair reveals it, audited
    const list = await stack
      .http()
      .get(`/api/early-warnings?workerId=${workerId}`)
      .set(auth(caseworker))
      .expect(200);
    const item = (list.body as { items: any[] }).items.find((e) => e.id === id);
    expect(item).toMatchObject({ kind: 'hospitalisation', status: 'open', noteRecorded: true, fileId: null });
    expect(item.kindLabel).toEqual({ zh: '住院', en: 'Hospitalisation' });
    expect(JSON.stringify(list.body)).not.toContain('脑梗');
    const raw = await stack.db.query<{ note_enc: Buffer }>(
      `SELECT note_enc FROM early_warning_events WHERE id = $1`,
      [id],
    );
    expect(raw.rows[0]!.note_enc.toString('utf8')).not.toContain('脑梗');
    await stack.http().get(`/api/early-warnings/${id}/note`).set(auth(caseworker)).expect(403);
    const revealed = await stack
      .http()
      .get(`/api/early-warnings/${id}/note`)
      .set(auth(unionChair))
      .expect(200);
    expect(revealed.body.note).toBe('突发脑梗住院（健康信息）');
    expect(
      await stack.count(
        `SELECT 1 FROM audit_log WHERE action = 'pii.read' AND entity_type = 'early_warning' AND entity_id = $1`,
        [id],
      ),
    ).toBe(1);

    // the caseworker records the outreach through the inbox
    await stack
      .http()
      .post(`/api/tasks/${outreachTaskId}/decision`)
      .set(auth(caseworker))
      .send({ decision: 'done', comment: '已到医院探望，送去慰问金' })
      .expect(200);
    const afterOutreach = await until(
      async () =>
        (await stack.http().get(`/api/early-warnings/${id}`).set(auth(caseworker)).expect(200)).body,
      (e: any) => e.outreachDoneAt !== null,
      'outreach recorded',
    );
    expect(afterOutreach.status).toBe('open'); // stays open (loan collection pauses) until closed
    expect(afterOutreach.timeline.map((t: any) => t.type)).toEqual(
      expect.arrayContaining([
        'early_warning.reported',
        'task.opened',
        'task.done',
        'early_warning.outreach',
      ]),
    );

    const closed = await stack
      .http()
      .post(`/api/early-warnings/${id}/close`)
      .set(auth(caseworker))
      .send({ note: '职工已出院' })
      .expect(200);
    expect(closed.body.status).toBe('closed');
    const closedEvent = (
      await stack.http().get(`/api/early-warnings/${id}`).set(auth(caseworker)).expect(200)
    ).body;
    expect(closedEvent).toMatchObject({
      status: 'closed',
      closeNote: '职工已出院',
      statusLabel: { zh: '已关闭', en: 'Closed' },
    });
    expect(closedEvent.closedAt).toEqual(expect.any(String));
    await stack
      .http()
      .post(`/api/early-warnings/${id}/close`)
      .set(auth(caseworker))
      .send({ note: 'again' })
      .expect(409);
    const closedList = await stack
      .http()
      .get('/api/early-warnings?status=closed')
      .set(auth(caseworker))
      .expect(200);
    expect((closedList.body as { items: any[] }).items.map((e) => e.id)).toContain(id);
  });

  test('without a caseworker the outreach goes to the unit’s grassroots chair; closing first cancels it', async () => {
    const workerId = workerIds.get('E1002')!; // has an active file
    await stack.db.query(`UPDATE workers SET caseworker_id = NULL WHERE id = $1`, [workerId]);
    const res = await report({ workerId, kind: 'layoff', occurredOn: today() }, chair).expect(201);
    const { id, outreachTaskId } = res.body as { id: string; outreachTaskId: string };
    const task = (await inbox(chair)).find((t) => t.id === outreachTaskId);
    expect(task).toMatchObject({ candidateRole: 'branch_chair', assigneeId: null });
    expect((await inbox(caseworker)).some((t) => t.id === outreachTaskId)).toBe(false);
    const ev = (await stack.http().get(`/api/early-warnings/${id}`).set(auth(chair)).expect(200)).body;
    expect(ev.fileId).toEqual(expect.any(String));

    await stack
      .http()
      .post(`/api/early-warnings/${id}/close`)
      .set(auth(chair))
      .send({ note: '误报' })
      .expect(200);
    const t = await stack.db.query<{ status: string }>(`SELECT status FROM tasks WHERE id = $1`, [
      outreachTaskId,
    ]);
    expect(t.rows[0]!.status).toBe('cancelled');
  });

  test('the same event reported twice (same key, or same worker, kind and day) is recorded once: 409 naming it', async () => {
    const workerId = workerIds.get('E1001')!;
    const body = { workerId, kind: 'injury', occurredOn: today() };
    const first = await report(body).expect(201);
    const again = await report(body).expect(409);
    expect(again.body.details[0]).toMatchObject({ field: 'occurredOn', rule: 'unique' });
    expect(again.body.message).toContain(first.body.id);

    const key = `ew-${randomUUID()}`;
    const keyed = { workerId, kind: 'disaster', occurredOn: '2026-01-05' };
    await report(keyed, caseworker, key).expect(201);
    const dup = await report({ ...keyed, occurredOn: '2026-01-06' }, caseworker, key).expect(409);
    expect(dup.body.details[0]).toMatchObject({ field: 'Idempotency-Key', rule: 'unique' });
    expect(await stack.count(`SELECT 1 FROM early_warning_events WHERE worker_id = $1`, [workerId])).toBe(2);
  });

  test('a create interrupted after the row was written is finished by the retry (201, same event, one task)', async () => {
    const workerId = (
      await stack.db.query<{ id: string }>(`SELECT id FROM workers WHERE employee_no = 'E2001'`)
    ).rows[0]!.id; // another grassroots unit: the union chair reports it
    const occurredOn = today();
    const row = await stack.db.query<{ id: string }>(
      `INSERT INTO early_warning_events (worker_id, kind, occurred_on, idempotency_key) VALUES ($1, 'family_death', $2, $3) RETURNING id`,
      [workerId, occurredOn, `natural:${workerId}:family_death:${occurredOn}`],
    );
    const id = row.rows[0]!.id;
    await stack.db.query(`UPDATE early_warning_events SET workflow_id = $2 WHERE id = $1`, [
      id,
      `early-warning:${id}`,
    ]);
    const union = await stack.login('union-chair');
    const res = await report({ workerId, kind: 'family_death', occurredOn }, union).expect(201);
    expect(res.body.id).toBe(id);
    expect(await stack.count(`SELECT 1 FROM tasks WHERE subject_id = $1`, [id])).toBe(1);
    await report({ workerId, kind: 'family_death', occurredOn }, union).expect(409);
  });

  const bad: Array<[string, number, string, string, Record<string, unknown>]> = [
    ['unknown worker', 422, 'workerId', 'exists', { workerId: randomUUID() }],
    ['not a uuid', 400, 'workerId', 'isUuid', { workerId: 'nobody' }],
    ['unknown kind', 400, 'kind', 'isIn', { kind: 'lottery_win' }],
    ['date in the future', 400, 'occurredOn', 'not_in_future', { occurredOn: '2999-01-01' }],
    ['not a date', 400, 'occurredOn', 'date', { occurredOn: '2026-02-30' }],
    ['unknown field', 400, 'severity', 'unknown_field', { severity: 'high' }],
  ];
  test.each(bad)('%s → %d naming %s (%s); nothing written', async (_n, status, field, rule, patch) => {
    const rows = await stack.count('SELECT 1 FROM early_warning_events');
    const wfs = await stack.count('SELECT 1 FROM tasks');
    const res = await report({
      workerId: workerIds.get('E1003'),
      kind: 'injury',
      occurredOn: today(),
      ...patch,
    }).expect(status);
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
    expect(await stack.count('SELECT 1 FROM early_warning_events')).toBe(rows);
    expect(await stack.count('SELECT 1 FROM tasks')).toBe(wfs);
  });

  test('roles: an auditor cannot report one', async () => {
    const auditor = await stack.login('auditor');
    await report({ workerId: workerIds.get('E1003'), kind: 'injury', occurredOn: today() }, auditor).expect(
      403,
    );
  });
});

describe('regular subsidy (定期补助) and the lifecycle sweep', () => {
  test('the schedule exists; a sweep starts the per-file workflows; the deep-hardship file is paid this quarter once; GET /api/subsidies lists it', async () => {
    const schedule = stack.temporal.schedule.getHandle(lifecycleSweepScheduleId(stack.taskQueue));
    const described = await schedule.describe();
    expect(described.action.type).toBe('startWorkflow');

    // every active demo file gets a re-certification workflow; the deep-hardship ones also a subsidy
    const active = await stack.count(`SELECT 1 FROM hardship_files WHERE status = 'active'`);
    const deep = await stack.count(
      `SELECT 1 FROM hardship_files WHERE status = 'active' AND category = 'deep'`,
    );
    expect(deep).toBeGreaterThanOrEqual(1);
    await schedule.trigger();
    const started = await until(
      () => stack.count(`SELECT 1 FROM file_lifecycle_workflows`),
      (n) => n >= active + deep,
      'per-file workflows started',
    );
    if (recording()) {
      // pinned for replay (RECORD_HISTORIES=1): the sweep that started them
      for await (const w of stack.temporal.workflow.list({
        query: "WorkflowType = 'lifecycleSweepWorkflow'",
      })) {
        await recordHistory(stack.temporal, 'lifecycle-sweep', w.workflowId);
        break;
      }
    }
    expect(started).toBe(active + deep);
    expect(await stack.count(`SELECT 1 FROM file_lifecycle_workflows WHERE kind = 'subsidy'`)).toBe(deep);

    const file = await stack.db.query<{ id: string }>(
      `SELECT f.id FROM hardship_files f JOIN workers w ON w.id = f.worker_id WHERE w.employee_no = 'E1001'`,
    );
    const fileId = file.rows[0]!.id;
    const quarter = quarterOf(today());
    const items = await until(
      async () =>
        (
          (await stack.http().get(`/api/subsidies?fileId=${fileId}`).set(auth(caseworker)).expect(200))
            .body as { items: any[] }
        ).items,
      (i) => i.length > 0,
      'subsidy settled',
    );
    expect(items).toEqual([
      expect.objectContaining({
        fileId,
        quarter,
        amountFen: 30_000,
        status: 'paid',
        paidAt: expect.any(String),
      }),
    ]);
    expect(items[0].statusLabel).toEqual({ zh: '已发放', en: 'Paid' });
    expect(
      await stack.count(`SELECT 1 FROM ledger_entries WHERE idempotency_key = $1`, [
        `subsidy:${fileId}:${quarter}`,
      ]),
    ).toBe(1);

    // a second sweep starts nothing new and pays nothing twice
    await schedule.trigger();
    await new Promise((r) => setTimeout(r, 1500));
    expect(await stack.count(`SELECT 1 FROM file_lifecycle_workflows`)).toBe(active + deep);
    expect(await stack.count(`SELECT 1 FROM ledger_entries WHERE file_id = $1`, [fileId])).toBe(1);

    const byQuarter = await stack
      .http()
      .get(`/api/subsidies?quarter=${quarter}&status=paid`)
      .set(auth(caseworker))
      .expect(200);
    expect((byQuarter.body as { items: any[] }).items.map((i) => i.fileId)).toContain(fileId);
    const badQuarter = await stack
      .http()
      .get('/api/subsidies?quarter=2026-4')
      .set(auth(caseworker))
      .expect(400);
    expect(badQuarter.body.details[0]).toMatchObject({ field: 'quarter' });

    const recerts = await stack.http().get('/api/recertifications').set(auth(caseworker)).expect(200);
    expect(recerts.body).toEqual({ items: [], nextCursor: null }); // first rounds are next year
  });
});
