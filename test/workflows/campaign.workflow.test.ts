import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  Worker,
  WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import type { CampaignActivities, TaskActivities } from '../../activities';
import { chinaDate } from '../../libs/domain/calendar';
import { DEFAULT_POLICY } from '../../libs/domain/policy/defaults';
import { addDays, chinaInstant } from '../../libs/domain/loan';
import {
  campaignStateQuery,
  confirmDeliveryUpdate,
  holidayCampaignWorkflow,
  reportUndeliveredUpdate,
} from '../../workflows';
import { recordStartedWorkflows } from '../support/histories';
import { refusal, taskBoardHelpers } from '../support/task-board';

/**
 * The holiday campaign (送温暖) on the time-skipping test server. The activities keep the records in
 * memory the way the database does (a delivery keyed by campaign + household, a ledger entry keyed
 * by its idempotency key: the unique indexes of libs/campaigns and libs/ledger), so double
 * submissions and retried activities show whether anything is written twice.
 */
let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let flushHistories: (() => Promise<void>) | undefined;
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const path = process.env.TEMPORAL_TEST_SERVER_PATH;
  env = await TestWorkflowEnvironment.createTimeSkipping(
    path ? { server: { executable: { type: 'existing-path', path } } } : undefined,
  );
  flushHistories = recordStartedWorkflows(env.client, 'campaign');
  bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: new DefaultLogger('WARN'),
  });
}, 120_000);

afterAll(async () => {
  await flushHistories?.();
  await env?.teardown();
});

const users = {
  planner: { userId: 'u-planner', displayName: '刘干事', roles: ['union_chair'] },
  union: { userId: 'u-union', displayName: '张主席', roles: ['union_chair'] },
  chair: { userId: 'u-chair', displayName: '王主席', roles: ['branch_chair'] },
  finance: { userId: 'u-fin', displayName: '陈会计', roles: ['finance'] },
  auditor: { userId: 'u-aud', displayName: '审计', roles: ['auditor'] },
};

function fakeActivities(o: {
  deadline: string;
  households: string[];
  budgetOk?: boolean;
  failAfterCommitOnce?: string;
}) {
  const recipients = new Map(o.households.map((h) => [h, { status: 'pending', cashFen: 50_000 }]));
  const deliveries = new Map<string, { actor: string; on: string; cash: number }>();
  const ledger = new Map<string, { kind: string; amountFen: number }>();
  const log = {
    statuses: [] as string[],
    tasks: [] as Array<{ kind: string; stage: string; candidateRole: string }>,
    reminders: [] as Array<{ daysBefore: number; at: number }>,
    escalations: 0,
    closedWith: null as string | null,
    deliveryCalls: 0,
    ledger,
    deliveries,
  };
  let failed = false;
  let n = 0;
  const pendingLeft = () => [...recipients.values()].filter((r) => r.status === 'pending').length;
  const campaigns: CampaignActivities = {
    async loadCampaignRun() {
      return {
        code: '2027-spring',
        stages: DEFAULT_POLICY.campaign.planStages.map((c) =>
          DEFAULT_POLICY.stages.find((s) => s.code === c)!,
        ),
        excluded: [{ userId: users.planner.userId, reason: 'caseworker' as const }],
        deliveryDeadline: o.deadline,
        policy: DEFAULT_POLICY.campaign,
        budgetFen: 10_000_000,
        year: 2027,
      };
    },
    async setCampaignStatus(s) {
      log.statuses.push(s.status);
    },
    async reserveCampaignBudget(r) {
      if (o.budgetOk === false) return { ok: false, availableFen: 0 };
      if (!ledger.has(`${r.workflowId}:reservation`))
        ledger.set(`${r.workflowId}:reservation`, { kind: 'reservation', amountFen: 10_000_000 });
      return { ok: true, availableFen: 0 };
    },
    async buildDistributionList() {
      return { households: recipients.size, cashFen: recipients.size * 50_000 };
    },
    async recordCampaignDelivery(d) {
      log.deliveryCalls++;
      const prior = deliveries.get(d.recipientId);
      if (prior)
        return {
          outcome: 'duplicate' as const,
          deliveryId: `d-${d.recipientId}`,
          sameRequest:
            prior.actor === d.actor.userId && prior.on === d.deliveredOn && prior.cash === d.cashFen,
          pendingLeft: pendingLeft(),
        };
      deliveries.set(d.recipientId, { actor: d.actor.userId, on: d.deliveredOn, cash: d.cashFen });
      const key = `${d.workflowId}:delivery:${d.recipientId}`;
      if (d.cashFen > 0) {
        if (!ledger.has(key)) ledger.set(key, { kind: 'payment', amountFen: d.cashFen });
        if (!ledger.has(`${key}:release`))
          ledger.set(`${key}:release`, { kind: 'release', amountFen: d.cashFen });
      }
      recipients.get(d.recipientId)!.status = 'delivered';
      if (o.failAfterCommitOnce === d.recipientId && !failed) {
        failed = true; // committed, then the worker lost the answer: the activity is retried
        throw ApplicationFailure.retryable('connection reset after commit');
      }
      return {
        outcome: 'recorded' as const,
        deliveryId: `d-${d.recipientId}`,
        ledgerKey: d.cashFen > 0 ? key : null,
        pendingLeft: pendingLeft(),
      };
    },
    async recordCampaignUndelivered(u) {
      const r = recipients.get(u.recipientId)!;
      const changed = r.status === 'pending';
      if (changed) r.status = 'undelivered';
      return { changed, pendingLeft: pendingLeft() };
    },
    async remindCampaignUnits(r) {
      log.reminders.push({ daysBefore: r.daysBefore, at: Date.now() });
      return { units: 1, pending: pendingLeft() };
    },
    async escalateUndelivered() {
      log.escalations++;
      return { households: pendingLeft() };
    },
    async closeCampaign(c) {
      log.closedWith = c.reason;
      for (const r of recipients.values()) if (r.status === 'pending') r.status = 'undelivered';
      const delivered = [...recipients.values()].filter((r) => r.status === 'delivered').length;
      const spentFen = [...ledger.values()]
        .filter((e) => e.kind === 'payment')
        .reduce((s, e) => s + e.amountFen, 0);
      return { delivered, undelivered: recipients.size - delivered, spentFen };
    },
  };
  const tasks: TaskActivities = {
    async openTask(t) {
      log.tasks.push({ kind: t.kind, stage: t.stage, candidateRole: t.candidateRole });
      return {
        taskId: `t${++n}-${t.kind}-${t.stage}`,
        dueInMs: t.withDeadline ? 3 * DAY : null,
        graceMs: t.withDeadline ? 2 * DAY : null,
      };
    },
    async completeTask() {},
    async assignTask() {},
    async remindTask() {},
    async escalateTask() {},
    async cancelOpenTasks() {},
  };
  return { acts: { ...campaigns, ...tasks }, log };
}

async function withWorker<T>(
  acts: CampaignActivities & TaskActivities,
  fn: (taskQueue: string) => Promise<T>,
): Promise<T> {
  const taskQueue = `wf-campaign-${Math.random().toString(36).slice(2)}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: acts,
  });
  return worker.runUntil(fn(taskQueue));
}

const { decide, openTask } = taskBoardHelpers(campaignStateQuery);

async function until(
  h: { query: (q: typeof campaignStateQuery) => Promise<{ status: string }> },
  status: string,
) {
  for (let i = 0; i < 400; i++) {
    if ((await h.query(campaignStateQuery)).status === status) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`campaign never reached ${status}`);
}

const delivery = (recipientId: string, actor = users.chair, cashFen = 50_000) => ({
  recipientId,
  deliveredOn: chinaDate(new Date()),
  cashFen,
  goods: '米面油一份',
  visitors: '王主席、李干事',
  attachmentId: `att-${recipientId}`,
  actor,
});

test('spring campaign: plan approved → list built → deliveries (one ledger entry each, whatever double submissions and retries) → reminder → escalation after the deadline → closed', async () => {
  const start = await env.currentTimeMs();
  const deadline = addDays(chinaDate(new Date(start)), 20);
  const { acts, log } = fakeActivities({
    deadline,
    households: ['hh-1', 'hh-2', 'hh-3', 'hh-4'],
    failAfterCommitOnce: 'hh-2',
  });
  await withWorker(acts, async (tq) => {
    const h = await env.client.workflow.start(holidayCampaignWorkflow, {
      taskQueue: tq,
      workflowId: 'campaign:2027-spring',
      args: [{ campaignId: 'c-1', code: '2027-spring', createdBy: users.planner.userId }],
    });
    // deliveries are refused before the plan is approved
    expect((await refusal(h.executeUpdate(confirmDeliveryUpdate, { args: [delivery('hh-1')] }))).type).toBe(
      'StaleTask',
    );
    // whoever drew up the plan may not approve it (four-eyes)
    expect(
      (await refusal(decide(h, { decision: 'approve', actor: users.planner }, 'approval', 'union'))).type,
    ).toBe('FourEyes');
    expect((await decide(h, { decision: 'approve', actor: users.union }, 'approval', 'union')).status).toBe(
      'delivering',
    );
    expect((await h.query(campaignStateQuery)).households).toBe(4);

    // an auditor may not confirm deliveries
    expect(
      (await refusal(h.executeUpdate(confirmDeliveryUpdate, { args: [delivery('hh-1', users.auditor)] })))
        .type,
    ).toBe('DecisionForbidden');
    // a double submission (two clicks at once): one delivery, one ledger entry
    const twice = await Promise.all([
      h.executeUpdate(confirmDeliveryUpdate, { args: [delivery('hh-1')] }),
      h.executeUpdate(confirmDeliveryUpdate, { args: [delivery('hh-1')] }),
    ]);
    expect(twice.map((r) => r.outcome).sort()).toEqual(['duplicate', 'recorded']);
    // the activity commits, loses its answer and is retried: still one delivery and one ledger entry
    const retried = await h.executeUpdate(confirmDeliveryUpdate, { args: [delivery('hh-2')] });
    expect(retried).toMatchObject({ outcome: 'duplicate', sameRequest: true, pendingLeft: 2 });
    // goods only: no ledger entry
    await h.executeUpdate(confirmDeliveryUpdate, { args: [{ ...delivery('hh-3'), cashFen: 0 }] });
    // a later different submission for a delivered household is a duplicate, not a second delivery
    const again = await h.executeUpdate(confirmDeliveryUpdate, { args: [delivery('hh-1', users.union)] });
    expect(again).toMatchObject({ outcome: 'duplicate', sameRequest: false });
    expect((await h.query(campaignStateQuery)).pending).toBe(1);

    // the reminders: 7 days before the deadline, then 2 days before
    const remind7 = chinaInstant(addDays(deadline, -7), 9);
    await env.sleep(remind7 - (await env.currentTimeMs()) - DAY);
    expect(log.reminders).toEqual([]);
    await env.sleep(2 * DAY);
    expect((await h.query(campaignStateQuery)).reminded).toEqual([7]);
    await env.sleep(5 * DAY);
    expect((await h.query(campaignStateQuery)).reminded).toEqual([7, 2]);

    // the deadline passes; the grace days (policy: 3) pass; hh-4 is escalated to the union chair
    const escalateAt = chinaInstant(addDays(deadline, 1)) + DEFAULT_POLICY.campaign.escalationGraceDays * DAY;
    await env.sleep(escalateAt - (await env.currentTimeMs()) - DAY);
    expect((await h.query(campaignStateQuery)).status).toBe('delivering');
    await env.sleep(2 * DAY);
    await until(h, 'escalated');
    expect((await h.query(campaignStateQuery)).escalated).toBe(1);
    await openTask(h, 'campaign_escalation', 'undelivered');
    await decide(
      h,
      { decision: 'done', comment: '该户已搬离，无法联系', actor: users.union },
      'campaign_escalation',
      'undelivered',
    );
    expect(await h.result()).toEqual({ status: 'closed' });
  });
  expect(log.statuses).toEqual(['pending_approval', 'delivering', 'escalated', 'closed']);
  expect(log.reminders.map((r) => r.daysBefore)).toEqual([7, 2]);
  expect(log.escalations).toBe(1);
  expect(log.closedWith).toBe('该户已搬离，无法联系');
  // exactly one payment (and one matching release of the reservation) per cash delivery
  const payments = [...log.ledger.entries()].filter(([, e]) => e.kind === 'payment');
  expect(payments.map(([k]) => k).sort()).toEqual([
    'campaign:2027-spring:delivery:hh-1',
    'campaign:2027-spring:delivery:hh-2',
  ]);
  expect(log.deliveries.size).toBe(3);
  expect(log.tasks.map((t) => `${t.kind}/${t.stage}/${t.candidateRole}`)).toEqual([
    'approval/union/union_chair',
    'campaign_escalation/undelivered/union_chair',
  ]);
}, 180_000);

test('all households reached before the deadline: no escalation, closed at once with no reminder left to send', async () => {
  const start = await env.currentTimeMs();
  const deadline = addDays(chinaDate(new Date(start)), 20);
  const { acts, log } = fakeActivities({ deadline, households: ['hh-a', 'hh-b'] });
  await withWorker(acts, async (tq) => {
    const h = await env.client.workflow.start(holidayCampaignWorkflow, {
      taskQueue: tq,
      workflowId: 'campaign:2027-new-year',
      args: [{ campaignId: 'c-2', code: '2027-new-year', createdBy: users.planner.userId }],
    });
    await decide(h, { decision: 'approve', actor: users.union }, 'approval', 'union');
    await h.executeUpdate(confirmDeliveryUpdate, { args: [delivery('hh-a')] });
    const r = await h.executeUpdate(reportUndeliveredUpdate, {
      args: [{ recipientId: 'hh-b', reason: '住院，家属拒收', actor: users.chair }],
    });
    expect(r).toEqual({ changed: true, pendingLeft: 0 });
    expect(await h.result()).toEqual({ status: 'closed' });
  });
  expect(log.reminders).toEqual([]);
  expect(log.escalations).toBe(0);
  expect(log.statuses).toEqual(['pending_approval', 'delivering', 'closed']);
}, 120_000);

test('plan rejected: nothing is built or reserved', async () => {
  const deadline = addDays(chinaDate(new Date(await env.currentTimeMs())), 20);
  const { acts, log } = fakeActivities({ deadline, households: ['hh-x'] });
  await withWorker(acts, async (tq) => {
    const h = await env.client.workflow.start(holidayCampaignWorkflow, {
      taskQueue: tq,
      workflowId: 'campaign:2027-summer',
      args: [{ campaignId: 'c-3', code: '2027-summer', createdBy: users.planner.userId }],
    });
    await decide(h, { decision: 'reject', comment: '标准过高', actor: users.union }, 'approval', 'union');
    expect(await h.result()).toEqual({ status: 'rejected' });
  });
  expect(log.statuses).toEqual(['pending_approval', 'rejected']);
  expect(log.ledger.size).toBe(0);
}, 120_000);
