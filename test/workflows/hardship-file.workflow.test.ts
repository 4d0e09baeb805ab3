import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  Worker,
  WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import type { FileActivities, LifecycleActivities, TaskActivities } from '../../activities';
import { DEFAULT_POLICY } from '../../libs/domain/policy/defaults';
import { closeFileUpdate, decideUpdate, hardshipFileStateQuery, hardshipFileWorkflow } from '../../workflows';
import { recordStartedWorkflows } from '../support/histories';
import { dataConverterFromEnv } from '../../libs/security/payload-codec';

/** The hardship-file registration workflow alone on the time-skipping server. */
let env: TestWorkflowEnvironment;
let flushHistories: (() => Promise<void>) | undefined;
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
  flushHistories = recordStartedWorkflows(env.client, 'hardship-file');
  bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: new DefaultLogger('WARN'),
  });
}, 120_000);

afterAll(async () => {
  await flushHistories?.();
  await env?.teardown();
});

afterEach(async () => {
  for (const id of ['hardship-file:f-1', 'hardship-file:f-2', 'hardship-file:f-3']) {
    await env.client.workflow
      .getHandle(id)
      .terminate('test over')
      .catch(() => undefined);
  }
});

function fake(o: { category?: 'deep' | null; complete?: boolean[]; noticeMs?: number } = {}) {
  const log = {
    statuses: [] as string[],
    tasks: [] as string[],
    investigator: '' as string,
    noticeStarted: 0,
    lifecycleChecks: 0,
  };
  let n = 0;
  const completeAnswers = [...(o.complete ?? [true])];
  const files: FileActivities = {
    async recordFileOpened() {
      return {
        fileNo: 'HF-TEST-000001',
        stages: DEFAULT_POLICY.fileStages.map((c) => DEFAULT_POLICY.stages.find((s) => s.code === c)!),
        excluded: [{ userId: 'u-cw', reason: 'caseworker' as const }],
      };
    },
    async checkInvestigation() {
      const complete = completeAnswers.length > 1 ? completeAnswers.shift()! : completeAnswers[0]!;
      return complete ? { complete, missing: [] } : { complete, missing: ['visit (入户走访)'] };
    },
    async recordInvestigator(c) {
      log.investigator = c.investigatorId;
    },
    async computeFileCategory() {
      return { category: o.category === undefined ? 'deep' : o.category, policyVersion: 1, reason: 'test' };
    },
    async setFileStatus(c) {
      log.statuses.push(c.status);
    },
    async startFileNotice() {
      log.noticeStarted++;
      return { endsAt: '', durationMs: o.noticeMs ?? 7 * DAY };
    },
    async recordFileObjection() {},
  };
  const tasks: TaskActivities = {
    async openTask(t) {
      const id = `t${++n}-${t.kind}-${t.stage}`;
      log.tasks.push(id);
      return { taskId: id, dueInMs: null, graceMs: null };
    },
    async completeTask() {},
    async assignTask() {},
    async remindTask() {},
    async escalateTask() {},
    async cancelOpenTasks() {},
  };
  // the per-file workflows themselves are tested in lifecycle.workflow.test.ts: none missing here
  const lifecycle: Pick<LifecycleActivities, 'missingLifecycleWorkflows' | 'recordLifecycleWorkflow'> = {
    async missingLifecycleWorkflows() {
      log.lifecycleChecks++;
      return { kinds: [] };
    },
    async recordLifecycleWorkflow() {},
  };
  return { acts: { ...files, ...tasks, ...lifecycle }, log };
}

type Acts = ReturnType<typeof fake>['acts'];

const chair = { userId: 'u-chair', displayName: '王主席', roles: ['branch_chair'] };
const union = { userId: 'u-union', displayName: '张主席', roles: ['union_chair'] };
const cw = { userId: 'u-cw2', displayName: '赵干事', roles: ['caseworker'] };

async function run<T>(acts: Acts, fn: (tq: string) => Promise<T>): Promise<T> {
  const taskQueue = `file-test-${Math.random().toString(36).slice(2)}`;
  const worker = await Worker.create({
    dataConverter: dataConverterFromEnv(),
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: acts,
  });
  return worker.runUntil(fn(taskQueue));
}

async function openTask(
  h: {
    query: (
      q: typeof hardshipFileStateQuery,
    ) => Promise<{ openTasks: Array<{ taskId: string; kind: string; stage: string }> }>;
  },
  kind: string,
  stage?: string,
) {
  for (let i = 0; i < 200; i++) {
    const s = await h.query(hardshipFileStateQuery);
    const t = s.openTasks.find((x) => x.kind === kind && (!stage || x.stage === stage));
    if (t) return t.taskId;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no open ${kind} task`);
}

test('investigation incomplete is refused; then stages, 5-working-day notice, active; closing needs the union chair', async () => {
  const { acts, log } = fake({ complete: [false, true], noticeMs: 9 * DAY });
  await run(acts, async (tq) => {
    const h = await env.client.workflow.start(hardshipFileWorkflow, {
      taskQueue: tq,
      workflowId: 'hardship-file:f-1',
      args: [{ fileId: 'f-1', workerId: 'w-1', causes: ['illness'], createdBy: 'u-cw2' }],
    });
    const inv = await openTask(h, 'investigation');
    const err = await h
      .executeUpdate(decideUpdate, { args: [{ taskId: inv, decision: 'done', actor: cw }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(((err as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe(
      'InvestigationIncomplete',
    );
    await h.executeUpdate(decideUpdate, { args: [{ taskId: inv, decision: 'done', actor: cw }] });
    expect(log.investigator).toBe('u-cw2');
    // the investigator may not approve (four-eyes), even holding a chair role
    const s1 = await openTask(h, 'approval', 'grassroots');
    const fe = await h
      .executeUpdate(decideUpdate, {
        args: [{ taskId: s1, decision: 'approve', actor: { ...cw, roles: ['branch_chair'] } }],
      })
      .catch((e: unknown) => e);
    expect(((fe as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe('FourEyes');
    await h.executeUpdate(decideUpdate, { args: [{ taskId: s1, decision: 'approve', actor: chair }] });
    await h.executeUpdate(decideUpdate, {
      args: [{ taskId: await openTask(h, 'approval', 'union'), decision: 'approve', actor: union }],
    });
    expect((await h.query(hardshipFileStateQuery)).status).toBe('in_notice');
    await env.sleep(9 * DAY - 3_600_000);
    expect((await h.query(hardshipFileStateQuery)).status).toBe('in_notice');
    await env.sleep(2 * 3_600_000);
    expect((await h.query(hardshipFileStateQuery)).status).toBe('active');
    const refused = await h
      .executeUpdate(closeFileUpdate, { args: [{ reason: 'exit', actor: chair }] })
      .catch((e: unknown) => e);
    expect(((refused as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe(
      'DecisionForbidden',
    );
    expect(await h.executeUpdate(closeFileUpdate, { args: [{ reason: 'exit', actor: union }] })).toEqual({
      status: 'closed',
    });
    expect(await h.result()).toEqual({ status: 'closed' });
  });
  expect(log.statuses).toEqual(['pending_approval', 'active', 'closed']);
  // once active, the file's own workflow asks which per-file workflows to start (none missing here)
  expect(log.lifecycleChecks).toBe(1);
});

test('a household not in hardship by policy ends rejected after the investigation', async () => {
  const { acts, log } = fake({ category: null });
  await run(acts, async (tq) => {
    const h = await env.client.workflow.start(hardshipFileWorkflow, {
      taskQueue: tq,
      workflowId: 'hardship-file:f-2',
      args: [{ fileId: 'f-2', workerId: 'w-2', causes: ['other'], createdBy: 'u-cw2' }],
    });
    await h.executeUpdate(decideUpdate, {
      args: [{ taskId: await openTask(h, 'investigation'), decision: 'done', actor: cw }],
    });
    expect(await h.result()).toEqual({ status: 'rejected' });
  });
  expect(log.statuses).toEqual(['rejected']);
});

test('rejected at the union stage ends cleanly without a notice', async () => {
  const { acts, log } = fake();
  await run(acts, async (tq) => {
    const h = await env.client.workflow.start(hardshipFileWorkflow, {
      taskQueue: tq,
      workflowId: 'hardship-file:f-3',
      args: [{ fileId: 'f-3', workerId: 'w-3', causes: ['illness'], createdBy: 'u-cw2' }],
    });
    await h.executeUpdate(decideUpdate, {
      args: [{ taskId: await openTask(h, 'investigation'), decision: 'done', actor: cw }],
    });
    await h.executeUpdate(decideUpdate, {
      args: [{ taskId: await openTask(h, 'approval', 'grassroots'), decision: 'approve', actor: chair }],
    });
    await h.executeUpdate(decideUpdate, {
      args: [
        {
          taskId: await openTask(h, 'approval', 'union'),
          decision: 'reject',
          comment: '收入核实后不符合',
          actor: union,
        },
      ],
    });
    expect(await h.result()).toEqual({ status: 'rejected' });
  });
  expect(log.noticeStarted).toBe(0);
});
