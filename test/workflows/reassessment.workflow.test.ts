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
import { type FileActivities, type ReassessmentActivities, type TaskActivities } from '../../activities';
import { DEFAULT_POLICY } from '../../libs/domain/policy/defaults';
import { decideUpdate, fileExitWorkflow, fileReviewStateQuery } from '../../workflows';
import { recordStartedWorkflows } from '../support/histories';
import { dataConverterFromEnv } from '../../libs/security/payload-codec';

/**
 * Exit (解困脱困) on the time-skipping server: approval, follow-ups at +3/+6/+12 months, a relapse
 * reopening the file (activities faked). The campaign's month counting on a real PostgreSQL with
 * the time-skipping server is in test/e2e/reassessment-months.e2e.ts (that project has PostgreSQL).
 */
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
  const p = process.env.TEMPORAL_TEST_SERVER_PATH;
  env = await TestWorkflowEnvironment.createTimeSkipping({
    ...(p ? { server: { executable: { type: 'existing-path', path: p } } } : undefined),
    client: { dataConverter: dataConverterFromEnv() },
  });
  flushHistories = recordStartedWorkflows(env.client, 'file-exit');
  bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: new DefaultLogger('WARN'),
  });
}, 120_000);

afterAll(async () => {
  await flushHistories?.();
  await env?.teardown();
});

type Open = { taskId: string; kind: string; stage: string };
async function openTasks(h: { query: (q: typeof fileReviewStateQuery) => Promise<{ openTasks: Open[] }> }) {
  return (await h.query(fileReviewStateQuery)).openTasks;
}
async function waitTask(
  h: { query: (q: typeof fileReviewStateQuery) => Promise<{ openTasks: Open[] }> },
  kind: string,
): Promise<Open> {
  for (let i = 0; i < 400; i++) {
    const t = (await openTasks(h)).find((x) => x.kind === kind);
    if (t) return t;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no open ${kind} task`);
}

test('exit: union chair approves → file closed for exit → follow-ups at +3, +6, +12 months → a relapse reopens the file', async () => {
  const log = {
    closed: [] as string[],
    visits: [] as string[],
    opened: [] as Array<Record<string, unknown>>,
  };
  let n = 0;
  const never = async (): Promise<never> => {
    throw new Error('not expected in this test');
  };
  const re: ReassessmentActivities = {
    beginCampaign: never,
    reassessPage: never,
    pageBounds: never,
    recordChildrenStarted: never,
    startReviews: never,
    finishCampaign: never,
    failCampaign: never,
    openRecheckTask: never,
    sweepDirectTaskDeadlines: never,
    async exitPlan() {
      return {
        stages: DEFAULT_POLICY.reassessment.exitStages.map((c) =>
          DEFAULT_POLICY.stages.find((s) => s.code === c)!,
        ),
        excluded: [{ userId: 'u-cw', reason: 'caseworker' as const }],
        followUpMonths: DEFAULT_POLICY.reassessment.exitFollowUpMonths,
        workerId: 'w-9',
        causes: ['illness'],
        caseworkerId: 'u-cw',
        policyVersion: 1,
      };
    },
    async closeFileDirectly(c) {
      log.closed.push(`${c.fileId}:${c.reason}`);
      return true;
    },
    async recordVisit(c) {
      log.visits.push(c.kind);
    },
  };
  const tasks: TaskActivities = {
    async openTask(t) {
      return { taskId: `t${++n}-${t.kind}-${t.stage}`, dueInMs: null, graceMs: null };
    },
    async completeTask() {},
    async assignTask() {},
    async remindTask() {},
    async escalateTask() {},
    async cancelOpenTasks() {},
  };
  const files = {
    async recordFileOpened(f: Record<string, unknown>) {
      log.opened.push(f);
      return { fileNo: 'HF-TEST-000009', stages: [], excluded: [] };
    },
  } as unknown as FileActivities;
  const worker = await Worker.create({
    dataConverter: dataConverterFromEnv(),
    connection: env.nativeConnection,
    taskQueue: 'exit-test',
    workflowBundle: bundle,
    activities: { ...re, ...tasks, ...files },
  });
  await worker.runUntil(async () => {
    const h = await env.client.workflow.start(fileExitWorkflow, {
      taskQueue: 'exit-test',
      workflowId: 'reassessment:2026Q4:exit:f-exit',
      args: [{ fileId: 'f-exit', campaignId: 'reassessment:2026Q4', policyVersion: 1 }],
    });
    const approval = await waitTask(h, 'exit_approval');
    expect(approval.stage).toBe('union');
    // the file's caseworker may not approve its exit (four-eyes)
    const refused = await h
      .executeUpdate(decideUpdate, {
        args: [
          {
            taskId: approval.taskId,
            decision: 'approve',
            actor: { userId: 'u-cw', displayName: '干事', roles: ['union_chair'] },
          },
        ],
      })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(((refused as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe('FourEyes');
    await h.executeUpdate(decideUpdate, {
      args: [
        {
          taskId: approval.taskId,
          decision: 'approve',
          actor: { userId: 'u-union', displayName: '张主席', roles: ['union_chair'] },
        },
      ],
    });
    expect(log.closed).toEqual(['f-exit:exit']); // no registration workflow running → closed in the records
    expect((await h.query(fileReviewStateQuery)).status).toBe('following_up');

    const followUps: Array<[number, number, string]> = [
      [85, 10, 'follow_up_3m'],
      [80, 10, 'follow_up_6m'],
      [175, 10, 'follow_up_12m'],
    ];
    for (const [before, after, stage] of followUps) {
      await env.sleep(before * DAY);
      expect(await openTasks(h)).toEqual([]);
      await env.sleep(after * DAY);
      const t = await waitTask(h, 'exit_follow_up');
      expect(t.stage).toBe(stage);
      const relapse = stage === 'follow_up_12m';
      await h.executeUpdate(decideUpdate, {
        args: [
          {
            taskId: t.taskId,
            decision: 'done',
            outcome: relapse ? { relapse: true, note: '配偶再次失业' } : { relapse: false },
            actor: { userId: 'u-cw2', displayName: '赵干事', roles: ['caseworker'] },
          },
        ],
      });
    }
    const result = await h.result();
    expect(result.status).toBe('relapsed');
    expect(result.reopenedFileId).toMatch(/^[0-9a-f-]{36}$/);
    expect(log.visits).toEqual(['exit_follow_up_3m', 'exit_follow_up_6m', 'exit_follow_up_12m']);
    // the reopened file's registration workflow records itself on its own (the exit workflow may end first)
    for (let i = 0; i < 200 && log.opened.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(log.opened).toEqual([
      expect.objectContaining({
        fileId: result.reopenedFileId,
        workerId: 'w-9',
        reopenedFrom: 'f-exit',
        createdBy: 'u-cw2',
      }),
    ]);
    await env.client.workflow.getHandle(`hardship-file:${result.reopenedFileId}`).terminate('test over');
  });
}, 180_000);
