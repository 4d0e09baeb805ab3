import type { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  Worker,
  WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import type { TaskActivities } from '../../activities';
import type { StageDef } from '../../libs/domain/policy-types';
import { withdrawUpdate } from '../../workflows';
import {
  approvalChainHarness,
  chainHarnessStateQuery,
  type ChainHarnessInput,
  type HarnessActivities,
} from './fixtures/approval-chain.workflow';
import { refusal, taskBoardHelpers } from '../support/task-board';
import { dataConverterFromEnv } from '../../libs/security/payload-codec';

/**
 * The one approval chain (workflows/approvals.ts), each outcome once: approved, rejected at each
 * stage, returned and resubmitted, withdrawn, escalated when a stage falls due, funds topped up (or
 * refused) by finance, four-eyes. The workflows that use it (aid case, hardship file, loan and its
 * requests, re-assessment exit) are tested for their own steps in their own suites.
 */
let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // installed by another suite in this process
  }
  const path = process.env.TEMPORAL_TEST_SERVER_PATH;
  env = await TestWorkflowEnvironment.createTimeSkipping({
    ...(path ? { server: { executable: { type: 'existing-path', path } } } : undefined),
    client: { dataConverter: dataConverterFromEnv() },
  });
  bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('./fixtures/approval-chain.workflow'),
    logger: new DefaultLogger('WARN'),
  });
}, 120_000);

afterAll(async () => {
  await env?.teardown();
});

const STAGES: StageDef[] = [
  { code: 'grassroots', nameZh: '基层工会', nameEn: 'Grassroots union', candidateRole: 'branch_chair' },
  { code: 'union', nameZh: '工会主席', nameEn: 'Union chair', candidateRole: 'union_chair' },
  { code: 'leader', nameZh: '企业领导', nameEn: 'Company leader', candidateRole: 'leader' },
];

const users = {
  chair: { userId: 'u-chair', displayName: '王主席', roles: ['branch_chair'] },
  union: { userId: 'u-union', displayName: '张主席', roles: ['union_chair'] },
  leader: { userId: 'u-leader', displayName: '赵总', roles: ['leader'] },
  finance: { userId: 'u-fin', displayName: '陈会计', roles: ['finance'] },
  caseworker: { userId: 'u-caseworker', displayName: '李干事', roles: ['caseworker'] },
  // one person holding two roles: four-eyes still holds across the stages
  both: { userId: 'u-both', displayName: '刘主席', roles: ['branch_chair', 'union_chair'] },
};

interface Log {
  tasks: Array<{
    taskId: string;
    kind: string;
    stage: string;
    candidateRole: string;
    assigneeId: string | null;
  }>;
  completed: Array<{ taskId: string; decision: string }>;
  reminded: string[];
  escalated: Array<{ taskId: string; toRole: string }>;
  reserveCalls: number;
}

function fakes(o: { deadlines?: { dueInMs: number; graceMs: number }; fundsOkFromAttempt?: number } = {}) {
  const log: Log = { tasks: [], completed: [], reminded: [], escalated: [], reserveCalls: 0 };
  let n = 0;
  const tasks: TaskActivities = {
    async openTask(t) {
      const taskId = `t${++n}-${t.kind}-${t.stage}`;
      log.tasks.push({
        taskId,
        kind: t.kind,
        stage: t.stage,
        candidateRole: t.candidateRole,
        assigneeId: t.assigneeId,
      });
      return {
        taskId,
        dueInMs: t.withDeadline && o.deadlines ? o.deadlines.dueInMs : null,
        graceMs: t.withDeadline && o.deadlines ? o.deadlines.graceMs : null,
      };
    },
    async completeTask(c) {
      log.completed.push({ taskId: c.taskId, decision: c.decision });
    },
    async assignTask() {},
    async remindTask(r) {
      log.reminded.push(r.taskId);
    },
    async escalateTask(e) {
      log.escalated.push({ taskId: e.taskId, toRole: e.toRole });
    },
    async cancelOpenTasks() {},
  };
  const harness: HarnessActivities = {
    async reserveHarnessFunds() {
      log.reserveCalls++;
      return log.reserveCalls >= (o.fundsOkFromAttempt ?? 1);
    },
  };
  return { acts: { ...tasks, ...harness }, log };
}

type Handle = WorkflowHandle<typeof approvalChainHarness>;

let seq = 0;
async function chain<T>(
  input: Partial<ChainHarnessInput>,
  o: Parameters<typeof fakes>[0],
  fn: (h: Handle, log: Log) => Promise<T>,
): Promise<T> {
  const { acts, log } = fakes(o);
  const taskQueue = `chain-${++seq}`;
  const worker = await Worker.create({
    dataConverter: dataConverterFromEnv(),
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: acts,
  });
  const start = () =>
    env.client.workflow.start(approvalChainHarness, {
      taskQueue,
      workflowId: `chain-${seq}`,
      args: [{ stages: STAGES, excluded: [], rework: true, ...input }],
    });
  return worker.runUntil(async () => fn(await start(), log));
}

const { openTask, decide } = taskBoardHelpers(chainHarnessStateQuery);

test('approved: every stage in order, each by its role; the approvers come back in order', async () => {
  await chain({}, {}, async (h, log) => {
    await decide(h, { decision: 'approve', actor: users.chair }, 'approval', 'grassroots');
    await decide(h, { decision: 'approve', actor: users.union }, 'approval', 'union');
    await decide(h, { decision: 'approve', actor: users.leader }, 'approval', 'leader');
    expect(await h.result()).toEqual({ approved: true, approvers: ['u-chair', 'u-union', 'u-leader'] });
    expect(log.tasks.map((t) => [t.stage, t.candidateRole])).toEqual([
      ['grassroots', 'branch_chair'],
      ['union', 'union_chair'],
      ['leader', 'leader'],
    ]);
  });
});

test.each([
  [0, 'grassroots', users.chair],
  [1, 'union', users.union],
  [2, 'leader', users.leader],
])('rejected at stage %i (%s): the chain ends there with the comment', async (index, code, rejecter) => {
  await chain({}, {}, async (h, log) => {
    const approvers = [users.chair, users.union, users.leader].slice(0, index);
    for (const [i, a] of approvers.entries()) {
      await decide(h, { decision: 'approve', actor: a }, 'approval', STAGES[i]!.code);
    }
    // a rejection needs a comment
    const bare = await refusal(decide(h, { decision: 'reject', actor: rejecter }, 'approval', code));
    expect(bare.type).toBe('InvalidDecision');
    await decide(h, { decision: 'reject', comment: '材料不全', actor: rejecter }, 'approval', code);
    expect(await h.result()).toEqual({ rejected: true, stage: code, comment: '材料不全' });
    expect(log.tasks).toHaveLength(index + 1);
  });
});

test('returned and resubmitted: a rework task for the caseworker, then the same stage decides again', async () => {
  await chain({}, {}, async (h, log) => {
    await decide(h, { decision: 'approve', actor: users.chair }, 'approval', 'grassroots');
    await decide(h, { decision: 'return', comment: '补充收入证明', actor: users.union }, 'approval', 'union');
    expect((await h.query(chainHarnessStateQuery)).status).toBe('returned');
    await decide(h, { decision: 'done', actor: users.caseworker }, 'rework', 'union');
    await decide(h, { decision: 'approve', actor: users.union }, 'approval', 'union');
    await decide(h, { decision: 'approve', actor: users.leader }, 'approval', 'leader');
    expect(await h.result()).toEqual({ approved: true, approvers: ['u-chair', 'u-union', 'u-leader'] });
    const rework = log.tasks.find((t) => t.kind === 'rework')!;
    expect(rework).toMatchObject({ stage: 'union', candidateRole: 'caseworker', assigneeId: 'u-caseworker' });
    expect(log.tasks.filter((t) => t.stage === 'union').map((t) => t.kind)).toEqual([
      'approval',
      'rework',
      'approval',
    ]);
  });
});

test('no rework step: a return is not a decision the stage takes', async () => {
  await chain({ rework: false }, {}, async (h) => {
    const r = await refusal(decide(h, { decision: 'return', comment: 'x', actor: users.chair }));
    expect(r.type).toBe('InvalidDecision');
  });
});

test('withdrawn: the chain ends as withdrawn while a stage waits', async () => {
  await chain({}, {}, async (h) => {
    await decide(h, { decision: 'approve', actor: users.chair }, 'approval', 'grassroots');
    await openTask(h, 'approval', 'union');
    await h.executeUpdate(withdrawUpdate, { args: [{ reason: '申请人撤回', actor: users.caseworker }] });
    expect(await h.result()).toEqual({ withdrawn: true });
  });
});

test('escalated: a stage that falls due is reminded, then escalated to the next stage’s role (the last to an administrator); never decided by the clock', async () => {
  await chain({}, { deadlines: { dueInMs: 3 * DAY, graceMs: 2 * DAY } }, async (h, log) => {
    const first = await openTask(h, 'approval', 'grassroots');
    await env.sleep(3 * DAY + 60_000);
    expect(log.reminded).toEqual([first]);
    expect(log.escalated).toEqual([]);
    await env.sleep(2 * DAY);
    expect(log.escalated).toEqual([{ taskId: first, toRole: 'union_chair' }]);
    await env.sleep(30 * DAY);
    expect((await h.query(chainHarnessStateQuery)).status).toBe('pending_approval');
    // the escalated role may now decide the first stage
    await decide(h, { decision: 'approve', actor: users.union }, 'approval', 'grassroots');
    await decide(h, { decision: 'approve', actor: users.leader }, 'approval', 'union').catch(() => undefined);
    const last = await openTask(h, 'approval', 'union');
    expect(last).toBeTruthy();
  });
});

test('escalation after the last stage goes to an administrator', async () => {
  await chain({ stages: [STAGES[0]!] }, { deadlines: { dueInMs: DAY, graceMs: DAY } }, async (h, log) => {
    const t = await openTask(h, 'approval', 'grassroots');
    await env.sleep(2 * DAY + 60_000);
    expect(log.escalated).toEqual([{ taskId: t, toRole: 'admin' }]);
  });
});

test('funds top-up: the reserving approval answers awaiting_funds; finance tops up; the next stage follows', async () => {
  await chain({ fundsAt: 'first' }, { fundsOkFromAttempt: 2 }, async (h, log) => {
    const r = (await decide(h, { decision: 'approve', actor: users.chair }, 'approval', 'grassroots')) as {
      status: string;
    };
    expect(r.status).toBe('awaiting_funds');
    await decide(h, { decision: 'approve', actor: users.finance }, 'funds', 'funds');
    await decide(h, { decision: 'approve', actor: users.union }, 'approval', 'union');
    await decide(h, { decision: 'approve', actor: users.leader }, 'approval', 'leader');
    expect(await h.result()).toEqual({ approved: true, approvers: ['u-chair', 'u-union', 'u-leader'] });
    expect(log.reserveCalls).toBe(2);
  });
});

test('funds refused by finance: the chain ends rejected at stage funds', async () => {
  await chain({ fundsAt: 'last' }, { fundsOkFromAttempt: 99 }, async (h, log) => {
    await decide(h, { decision: 'approve', actor: users.chair }, 'approval', 'grassroots');
    await decide(h, { decision: 'approve', actor: users.union }, 'approval', 'union');
    // reserved at the last approval only
    expect(log.reserveCalls).toBe(0);
    await decide(h, { decision: 'approve', actor: users.leader }, 'approval', 'leader');
    await decide(h, { decision: 'reject', comment: '预算已用完', actor: users.finance }, 'funds', 'funds');
    expect(await h.result()).toEqual({ rejected: true, stage: 'funds', comment: '预算已用完' });
    expect(log.reserveCalls).toBe(1);
  });
});

test('four-eyes: an excluded user and an earlier approver (even holding two roles) cannot approve', async () => {
  await chain({ excluded: [{ userId: 'u-union', reason: 'investigator' }] }, {}, async (h) => {
    await decide(h, { decision: 'approve', actor: users.both }, 'approval', 'grassroots');
    const twice = await refusal(decide(h, { decision: 'approve', actor: users.both }, 'approval', 'union'));
    expect(twice.type).toBe('FourEyes');
    expect(twice.message).toContain('四眼原则');
    const investigator = await refusal(
      decide(h, { decision: 'approve', actor: users.union }, 'approval', 'union'),
    );
    expect(investigator.type).toBe('FourEyes');
    // a rejection is not an approval: the excluded may still send it back
    await decide(h, { decision: 'return', comment: '请补充', actor: users.union }, 'approval', 'union');
  });
});
