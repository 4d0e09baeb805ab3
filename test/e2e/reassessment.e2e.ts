import { generateReassessmentFiles } from '../../libs/database/seed-reassessment';
import { workflowIds } from '../../libs/temporal/ids';
import { campaignProgressQuery, reassessmentCampaignWorkflow } from '../../workflows';
import { TasksRepository } from '../../libs/tasks/tasks.repository';
import { TestStack } from '../support/stack';
import { recordHistory } from '../support/histories';

/**
 * Re-assessment on the real stack (API + worker in-process, real PostgreSQL, Temporal dev server):
 * the schedule exists after start-up; a quarter starts once (409 the second time); progress and
 * report; a campaign interrupted by a worker restart processes every active file exactly once.
 */
let stack: TestStack;
let admin: string;

beforeAll(async () => {
  stack = await TestStack.start();
  admin = await stack.login('admin');
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  tries = 600,
  state?: () => Promise<unknown>,
): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
  // say where it stood, so a failure on CI can be read from its log
  const at = state ? await state().catch((err: unknown) => String(err)) : undefined;
  throw new Error(`gave up waiting for ${what}${at === undefined ? '' : `: ${JSON.stringify(at)}`}`);
}

/** A campaign's row and its workflow's pending activities (attempts, last failures). */
async function campaignState(id: string) {
  const row = await stack.db.query(
    `SELECT status, processed, total, children_started, error FROM reassessment_campaigns WHERE id = $1`,
    [id],
  );
  const d = await stack.temporal.workflow.getHandle(id).describe();
  return {
    row: row.rows[0],
    workflow: d.status.name,
    historyLength: d.historyLength,
    pending: (d.raw.pendingActivities ?? []).map((a) => ({
      type: a.activityType?.name,
      state: a.state,
      attempt: a.attempt,
      lastFailure: a.lastFailure?.message,
    })),
  };
}

test('the quarterly schedule exists after start-up, on the policy calendar, starting the trigger workflow', async () => {
  const d = await stack.temporal.schedule
    .getHandle(workflowIds.reassessmentSchedule(stack.taskQueue))
    .describe();
  expect(d.action.type).toBe('startWorkflow');
  expect(d.action.type === 'startWorkflow' && d.action.workflowType).toBe('quarterlyReassessmentTrigger');
  expect(d.spec.timezone).toBe('Asia/Shanghai');
  const cal = d.spec.calendars?.[0];
  expect(cal?.month).toEqual(
    ['JANUARY', 'APRIL', 'JULY', 'OCTOBER'].map((m) => ({ start: m, end: m, step: 1 })),
  );
  expect(cal?.dayOfMonth).toEqual([{ start: 1, end: 1, step: 1 }]);
  // the next start is the first day of a quarter, 00:00 China Standard Time (16:00 UTC the day before)
  const next = d.info.nextActionTimes[0]!;
  const cst = new Date(next.getTime() + 8 * 3600_000);
  expect([0, 3, 6, 9]).toContain(cst.getUTCMonth());
  expect(cst.getUTCDate()).toBe(1);
  expect(cst.getUTCHours()).toBe(0);
});

test('POST /api/reassessments starts a quarter once (409 the second time); progress and report', async () => {
  const auth = { authorization: `Bearer ${admin}` };
  await stack.http().post('/api/reassessments').set(auth).send({ quarter: '2031Q5' }).expect(400);
  const cw = await stack.login('caseworker');
  await stack
    .http()
    .post('/api/reassessments')
    .set({ authorization: `Bearer ${cw}` })
    .send({ quarter: '2031Q1' })
    .expect(403);
  // files of every outcome in the demo caseworker's unit too (the demo ones are in plant no. 2)
  await generateReassessmentFiles(stack.db, {
    n: 28,
    tag: 'UNIT1',
    spread: true,
    unitCodes: ['G-01', 'T-01-1'],
  });
  const active = await stack.count(`SELECT 1 FROM hardship_files WHERE status = 'active'`);
  expect(active).toBeGreaterThan(60);

  const created = await stack
    .http()
    .post('/api/reassessments')
    .set(auth)
    .send({ quarter: '2031Q1' })
    .expect(201);
  expect(created.body.id).toBe('reassessment:2031Q1');
  const dup = await stack.http().post('/api/reassessments').set(auth).send({ quarter: '2031Q1' }).expect(409);
  expect(dup.body.details[0]).toMatchObject({ field: 'quarter', rule: 'unique_quarter' });

  const done = await until('the campaign to complete', async () => {
    const r = await stack.http().get('/api/reassessments/reassessment:2031Q1').set(auth).expect(200);
    return r.body.status === 'completed' ? r.body : undefined;
  });
  expect(done).toMatchObject({ kind: 'quarterly', quarter: '2031Q1', total: active, processed: active });
  const sum = Object.values(done.outcomes as Record<string, number>).reduce((a, b) => a + b, 0);
  expect(sum).toBe(active);
  // the demo data holds every kind of outcome
  for (const o of ['unchanged', 'category_up', 'category_down', 'exit_proposed', 'stale', 'worse'])
    expect(done.outcomes[o]).toBeGreaterThan(0);
  const byUnit = (done.report.byOrgUnit as Array<{ total: number }>).reduce((a, u) => a + u.total, 0);
  const byCat = (done.report.byCategory as Array<{ total: number }>).reduce((a, u) => a + u.total, 0);
  expect(byUnit).toBe(active);
  expect(byCat).toBe(active);
  expect(
    await stack.count(`SELECT 1 FROM reassessment_results WHERE campaign_id = 'reassessment:2031Q1'`),
  ).toBe(active);
  // each result keeps the policy version it used
  expect(
    await stack.count(
      `SELECT 1 FROM reassessment_results WHERE campaign_id = 'reassessment:2031Q1' AND policy_version = (SELECT max(version) FROM policy_versions)`,
    ),
  ).toBe(active);

  const list = await stack.http().get('/api/reassessments').set(auth).expect(200);
  expect(list.body.items.find((i: { id: string }) => i.id === 'reassessment:2031Q1')).toMatchObject({
    quarter: '2031Q1',
    kind: 'quarterly',
    status: 'completed',
    processed: active,
    total: active,
  });
  const short = await stack.http().get('/api/reassessments/2031Q1').set(auth).expect(200);
  expect(short.body.id).toBe('reassessment:2031Q1');

  // stale files got a re-check visit task (type recheck_visit, subject the file, with a due date)
  const stale = done.outcomes.stale as number;
  const rechecks = await until('the re-check tasks', async () => {
    const n = await stack.count(
      `SELECT 1 FROM tasks t JOIN reassessment_results r ON r.file_id = t.subject_id AND r.campaign_id = 'reassessment:2031Q1'
        WHERE t.type = 'recheck_visit' AND t.subject_type = 'hardship_file' AND t.status = 'open' AND t.due_at > now() AND r.outcome = 'stale'`,
    );
    return n === stale ? n : undefined;
  });
  expect(rechecks).toBe(stale);

  // set-based pages: each re-check visit is a task written by the page (marked direct, escalating to
  // the branch chair), with no workflow behind it; the children that must exist were started by
  // the page activity
  expect(
    await stack.count(
      `SELECT 1 FROM tasks t JOIN reassessment_results r ON r.file_id = t.subject_id AND r.campaign_id = 'reassessment:2031Q1'
        WHERE t.type = 'recheck_visit' AND r.outcome = 'stale' AND t.payload @> '{"direct": true, "escalateTo": "branch_chair"}'`,
    ),
  ).toBe(stale);
  const children = await stack.count(
    `SELECT 1 FROM reassessment_results WHERE campaign_id = 'reassessment:2031Q1' AND needs_person AND outcome = 'exit_proposed'`,
  );
  // only the exits are workflows (patch reassessment-reviews-apart): started by startReviews
  // activities; a worse file's escalation is a direct task for the branch chair written by the
  // page, escalating to the union chair at the board's working-day deadline, with no workflow
  expect(done.childrenStarted).toBe(children);
  const worse = await stack.count(
    `SELECT 1 FROM reassessment_results WHERE campaign_id = 'reassessment:2031Q1' AND needs_person AND outcome = 'worse'`,
  );
  expect(worse).toBeGreaterThan(0);
  const escalations = await stack.db.query<{ id: string; subject_id: string; workflow_id: string }>(
    `SELECT t.id, t.subject_id, t.workflow_id FROM tasks t
       JOIN reassessment_results r ON r.file_id = t.subject_id AND r.campaign_id = 'reassessment:2031Q1'
      WHERE t.type = 'reassessment_escalation' AND t.status = 'open' AND r.outcome = 'worse'
        AND t.candidate_role = 'branch_chair' AND t.due_at > now()
        AND t.payload @> '{"direct": true, "escalateTo": "union_chair"}' AND (t.payload->>'escalateAt')::timestamptz > t.due_at
      ORDER BY t.id`,
  );
  expect(escalations.rows).toHaveLength(worse);
  const [esc] = escalations.rows;
  expect(esc!.workflow_id).toBe(`reassessment:2031Q1:escalation:${esc!.subject_id}`);
  await expect(stack.temporal.workflow.getHandle(esc!.workflow_id).describe()).rejects.toThrow(/not found/i);
  expect(
    await stack.count(`SELECT 1 FROM audit_log WHERE action = 'task.opened' AND after->>'taskId' = $1`, [
      esc!.id,
    ]),
  ).toBe(1);
  const rows = await stack.db.query<{ id: string; subject_id: string }>(
    `SELECT t.id, t.subject_id FROM tasks t, users u JOIN org_units o ON o.id = u.org_unit_id
      WHERE u.username = 'caseworker' AND t.type = 'recheck_visit' AND t.status = 'open'
        AND (t.org_path = o.path OR t.org_path LIKE o.path || '.%') ORDER BY t.id LIMIT 2`,
  );
  const [task, moved] = rows.rows;
  await expect(
    stack.temporal.workflow.getHandle(`reassessment:2031Q1:recheck:${task!.subject_id}`).describe(),
  ).rejects.toThrow(/not found/i);
  // pinned for replay (RECORD_HISTORIES=1): a finished campaign of set-based pages whose exits were
  // started apart (reassessment-campaign-2031Q1-set-based.json: the same before that patch)
  await recordHistory(stack.temporal, 'reassessment-campaign-2031Q1-reviews-apart', 'reassessment:2031Q1');

  // deadlines without a workflow: the daily sweep's set-based step reminds a task once due and
  // escalates it to the branch chair once past due by as long again; a second run changes nothing
  await stack.db.query(
    `UPDATE tasks SET created_at = now() - interval '70 days', due_at = now() - interval '40 days' WHERE id = $1`,
    [task!.id],
  );
  const swept = await stack.worker.get(TasksRepository).sweepDirectDeadlines();
  expect(swept).toEqual({ reminded: 1, escalated: 1 });
  const lateRow = await stack.db.query<{ reminded: boolean; escalated_role: string }>(
    `SELECT reminded_at IS NOT NULL AS reminded, escalated_role FROM tasks WHERE id = $1`,
    [task!.id],
  );
  expect(lateRow.rows[0]).toEqual({ reminded: true, escalated_role: 'branch_chair' });
  expect(await stack.worker.get(TasksRepository).sweepDirectDeadlines()).toEqual({
    reminded: 0,
    escalated: 0,
  });
  // a direct escalation is escalated to the union chair at its payload's escalateAt (the board's
  // grace working days), not at "past due by as long again": due and that point passed, escalateAt
  // not yet → reminded only; once escalateAt has passed → escalated
  const lateEsc = escalations.rows[escalations.rows.length - 1]!;
  await stack.db.query(
    `UPDATE tasks SET created_at = now() - interval '10 days', due_at = now() - interval '5 days',
            payload = jsonb_set(payload, '{escalateAt}', to_jsonb(now() + interval '1 day')) WHERE id = $1`,
    [lateEsc.id],
  );
  expect(await stack.worker.get(TasksRepository).sweepDirectDeadlines()).toEqual({
    reminded: 1,
    escalated: 0,
  });
  await stack.db.query(
    `UPDATE tasks SET payload = jsonb_set(payload, '{escalateAt}', to_jsonb(now() - interval '1 hour')) WHERE id = $1`,
    [lateEsc.id],
  );
  expect(await stack.worker.get(TasksRepository).sweepDirectDeadlines()).toEqual({
    reminded: 0,
    escalated: 1,
  });
  const escRow = await stack.db.query<{ escalated_role: string }>(
    `SELECT escalated_role FROM tasks WHERE id = $1`,
    [lateEsc.id],
  );
  expect(escRow.rows[0]!.escalated_role).toBe('union_chair');
  const bc = await stack.login('branch-chair');
  const bcInbox = await stack
    .http()
    .get('/api/tasks?type=recheck_visit&limit=200')
    .set({ authorization: `Bearer ${bc}` })
    .expect(200);
  expect(bcInbox.body.items.map((t: { id: string }) => t.id)).toContain(task!.id);
  // the branch chair sees a direct escalation of the unit in the inbox and decides it without a
  // workflow: the task is done and the file checked
  const escRows = await stack.db.query<{ id: string; subject_id: string }>(
    `SELECT t.id, t.subject_id FROM tasks t, users u JOIN org_units o ON o.id = u.org_unit_id
      WHERE u.username = 'branch-chair' AND t.type = 'reassessment_escalation' AND t.status = 'open'
        AND (t.org_path = o.path OR t.org_path LIKE o.path || '.%') ORDER BY t.id LIMIT 1`,
  );
  const escTask = escRows.rows[0]!;
  const bcEsc = await stack
    .http()
    .get('/api/tasks?type=reassessment_escalation&limit=200')
    .set({ authorization: `Bearer ${bc}` })
    .expect(200);
  expect(bcEsc.body.items.map((t: { id: string }) => t.id)).toContain(escTask.id);
  const escDone = await stack
    .http()
    .post(`/api/tasks/${escTask.id}/decision`)
    .set({ authorization: `Bearer ${bc}` })
    .send({ decision: 'done', comment: '已走访' })
    .expect(200);
  expect(escDone.body).toMatchObject({ taskId: escTask.id, decision: 'done', status: 'done' });
  expect(
    await stack.count(
      `SELECT 1 FROM hardship_files WHERE id = $1 AND last_checked_at IS NOT NULL AND status = 'active'`,
      [escTask.subject_id],
    ),
  ).toBe(1);
  expect(await stack.count(`SELECT 1 FROM tasks WHERE id = $1 AND status = 'completed'`, [escTask.id])).toBe(
    1,
  );

  // the inbox shows it; another role may not decide it (403); 'done' completes it and marks the file
  // checked at once; a second decision is stale (409)
  const inbox = await stack
    .http()
    .get('/api/tasks?type=recheck_visit&limit=200')
    .set({ authorization: `Bearer ${cw}` })
    .expect(200);
  expect(inbox.body.items.map((t: { id: string }) => t.id)).toContain(task!.id);
  const ucToken = await stack.login('union-chair');
  await stack
    .http()
    .post(`/api/tasks/${task!.id}/decision`)
    .set({ authorization: `Bearer ${ucToken}` })
    .send({ decision: 'done' })
    .expect(403);
  await stack
    .http()
    .post(`/api/tasks/${task!.id}/decision`)
    .set({ authorization: `Bearer ${cw}` })
    .send({ decision: 'approve' })
    .expect(400);
  // claim and release without a workflow: the caseworker claims; the union chair may not claim it
  const claimed = await stack
    .http()
    .post(`/api/tasks/${task!.id}/action`)
    .set({ authorization: `Bearer ${cw}` })
    .send({ action: 'claim' })
    .expect(200);
  expect(claimed.body.assigneeId).toEqual(expect.any(String));
  await stack
    .http()
    .post(`/api/tasks/${task!.id}/action`)
    .set({ authorization: `Bearer ${ucToken}` })
    .send({ action: 'claim' })
    .expect(403);
  await stack
    .http()
    .post(`/api/tasks/${task!.id}/action`)
    .set({ authorization: `Bearer ${cw}` })
    .send({ action: 'release' })
    .expect(200);
  expect(await stack.count(`SELECT 1 FROM tasks WHERE id = $1 AND assignee_id IS NULL`, [task!.id])).toBe(1);
  const decided = await stack
    .http()
    .post(`/api/tasks/${task!.id}/decision`)
    .set({ authorization: `Bearer ${cw}` })
    .send({ decision: 'done', comment: '已入户复核', outcome: { visited: true } })
    .expect(200);
  expect(decided.body).toMatchObject({ taskId: task!.id, decision: 'done', status: 'done' });
  expect(
    await stack.count(`SELECT 1 FROM hardship_files WHERE id = $1 AND last_checked_at IS NOT NULL`, [
      task!.subject_id,
    ]),
  ).toBe(1);
  expect(
    await stack.count(`SELECT 1 FROM audit_log WHERE action = 'task.done' AND after->>'taskId' = $1`, [
      task!.id,
    ]),
  ).toBe(1);
  await stack
    .http()
    .post(`/api/tasks/${task!.id}/decision`)
    .set({ authorization: `Bearer ${cw}` })
    .send({ decision: 'done' })
    .expect(409);
  // a visit that finds the worker moved away closes the file with that reason
  await stack
    .http()
    .post(`/api/tasks/${moved!.id}/decision`)
    .set({ authorization: `Bearer ${cw}` })
    .send({ decision: 'done', outcome: { closeReason: 'moved' } })
    .expect(200);
  const movedFile = await until('the moved file to close', async () => {
    const r = await stack.db.query<{ status: string; close_reason: string }>(
      `SELECT status, close_reason FROM hardship_files WHERE id = $1`,
      [moved!.subject_id],
    );
    return r.rows[0]!.status === 'closed' ? r.rows[0] : undefined;
  });
  expect(movedFile).toEqual({ status: 'closed', close_reason: 'moved' });
  // an exit proposal is approved by the union chair → the file closes with reason 'exit'
  const [exitTask] = await until('an exit approval task', async () => {
    const r = await stack.db.query<{ id: string; subject_id: string }>(
      `SELECT id, subject_id FROM tasks WHERE type = 'exit_approval' AND status = 'open' ORDER BY id LIMIT 1`,
    );
    return r.rows.length ? r.rows : undefined;
  });
  const uc = ucToken;
  await stack
    .http()
    .post(`/api/tasks/${exitTask!.id}/decision`)
    .set({ authorization: `Bearer ${uc}` })
    .send({ decision: 'approve', comment: '连续六个月收入高于低保，同意脱困' })
    .expect(200);
  const closed = await stack.db.query<{ status: string; close_reason: string }>(
    `SELECT status, close_reason FROM hardship_files WHERE id = $1`,
    [exitTask!.subject_id],
  );
  expect(closed.rows[0]).toEqual({ status: 'closed', close_reason: 'exit' });
}, 240_000);

test('a campaign interrupted by a worker restart processes every active file exactly once', async () => {
  await generateReassessmentFiles(stack.db, { n: 1500, tag: 'E2E' });
  const active = await stack.count(`SELECT 1 FROM hardship_files WHERE status = 'active'`);
  const id = 'reassessment:2031Q2';
  const handle = await stack.temporal.workflow.start(reassessmentCampaignWorkflow, {
    taskQueue: stack.taskQueue,
    workflowId: id,
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    // small history budget: the run also continues as new several times
    args: [
      {
        campaignId: id,
        kind: 'quarterly',
        quarter: '2031Q2',
        policyVersion: null,
        localityCodes: null,
        startedBy: null,
        historyBudget: 60,
        pageSize: 50,
      },
    ],
  });
  // wait until it is part-way through, then stop the worker
  await until('some pages to be processed', async () => {
    const n = await stack.count(`SELECT 1 FROM reassessment_results WHERE campaign_id = $1`, [id]);
    return n > 0 ? n : undefined;
  });
  await stack.stopWorker();
  const atStop = await stack.count(`SELECT 1 FROM reassessment_results WHERE campaign_id = $1`, [id]);
  expect(atStop).toBeLessThan(active);
  await stack.startWorker();

  const result = await handle.result();
  expect(result).toMatchObject({ status: 'completed', total: active });
  expect(result.runs).toBeGreaterThan(1);
  expect(await stack.count(`SELECT 1 FROM reassessment_results WHERE campaign_id = $1`, [id])).toBe(active);
  expect(
    await stack.count(`SELECT DISTINCT file_id FROM reassessment_results WHERE campaign_id = $1`, [id]),
  ).toBe(active);
  // every file that was active is there, and the campaign's counters agree with the rows
  expect(
    await stack.count(
      `SELECT 1 FROM hardship_files f WHERE f.status = 'active'
          AND NOT EXISTS (SELECT 1 FROM reassessment_results r WHERE r.campaign_id = $1 AND r.file_id = f.id)`,
      [id],
    ),
  ).toBe(0);
  const row = await stack.db.query<{ processed: number; total: number; status: string }>(
    `SELECT processed, total, status FROM reassessment_campaigns WHERE id = $1`,
    [id],
  );
  expect(row.rows[0]).toEqual({ processed: active, total: active, status: 'completed' });
  const q = await stack.temporal.workflow.getHandle(id).query(campaignProgressQuery);
  expect(q).toMatchObject({ status: 'completed', processed: active, total: active });
}, 600_000);

test('publishing a new 低保 re-evaluates that locality’s active files with the new version', async () => {
  const auth = { authorization: `Bearer ${admin}` };
  const current = await stack.http().get('/api/policy').set(auth).expect(200);
  const data = current.body.data as { localities: Array<{ code: string; dibaoFenPerPersonMonth: number }> };
  const sd = data.localities.find((l) => l.code === '370000')!;
  sd.dibaoFenPerPersonMonth += 5_000;
  const published = await stack
    .http()
    .post('/api/policy')
    .set(auth)
    .send({ data, note: '山东低保上调50元' })
    .expect(201);
  const version = published.body.version as number;
  expect(published.body.reassessmentId).toBe(`reassessment:policy-v${version}`);
  const active = await stack.count(
    `SELECT 1 FROM hardship_files f JOIN households h ON h.id = f.household_id WHERE f.status = 'active' AND h.locality_code = '370000'`,
  );
  const id = `reassessment:policy-v${version}`;
  const done = await until(
    'the policy-change campaign to complete',
    async () => {
      const r = await stack.http().get(`/api/reassessments/${id}`).set(auth).expect(200);
      return r.body.status === 'completed' ? r.body : undefined;
    },
    600,
    () => campaignState(id),
  );
  // every activity of the campaign is scheduled with a 30-second heartbeat timeout (they heartbeat
  // while they run), so an attempt lost with its worker is retried within half a minute
  const { events } = await stack.temporal.workflow.getHandle(id).fetchHistory();
  const scheduled = (events ?? [])
    .map((e) => e.activityTaskScheduledEventAttributes)
    .filter((a): a is NonNullable<typeof a> => !!a);
  expect(scheduled.map((a) => a.activityType?.name)).toEqual(
    expect.arrayContaining(['beginCampaign', 'pageBounds', 'reassessPage', 'finishCampaign']),
  );
  for (const a of scheduled) expect(Number(a.heartbeatTimeout?.seconds)).toBe(30);
  expect(done).toMatchObject({
    kind: 'policy_change',
    policyVersion: version,
    localityCodes: ['370000'],
    processed: active,
  });
  expect(
    await stack.count(`SELECT 1 FROM reassessment_results WHERE campaign_id = $1 AND policy_version = $2`, [
      `reassessment:policy-v${version}`,
      version,
    ]),
  ).toBe(active);
  // a version that leaves every 低保 as it was starts no campaign
  const again = await stack
    .http()
    .post('/api/policy')
    .set(auth)
    .send({ data, note: '仅修改说明' })
    .expect(201);
  expect(again.body.reassessmentId).toBeUndefined();
}, 240_000);
