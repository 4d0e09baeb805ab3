import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  Worker,
  WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CaseActivities } from '../../activities';
import type { DecisionRecord } from '../../libs/records/case-records.service';
import { aidCaseStateQuery, aidCaseWorkflow, decideUpdate, DecideInput } from '../../workflows';

/**
 * The aid-case workflow alone on the time-skipping test server, with activities recorded in
 * memory (typed against the factory so a changed signature fails to compile).
 */
let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger((process.env.TEST_LOG_LEVEL as 'WARN') ?? 'WARN') });
  const path = process.env.TEMPORAL_TEST_SERVER_PATH;
  env = await TestWorkflowEnvironment.createTimeSkipping(
    path ? { server: { executable: { type: 'existing-path', path } } } : undefined,
  );
  bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: new DefaultLogger('WARN'),
  });
}, 120_000);

afterAll(async () => {
  await env?.teardown();
});

function fakeActivities() {
  const calls = { submitted: 0, tasks: [] as string[], decisions: [] as DecisionRecord[] };
  let n = 0;
  const acts: CaseActivities = {
    async recordCaseSubmitted() {
      calls.submitted++;
      return { caseNo: 'AC-TEST-000001', orgUnitId: 'unit-1' };
    },
    async openApprovalTask(a) {
      const taskId = `task-${++n}-${a.stage}`;
      calls.tasks.push(taskId);
      return { taskId };
    },
    async recordDecision(d) {
      calls.decisions.push(d);
    },
  };
  return { acts, calls };
}

async function withWorker<T>(acts: CaseActivities, fn: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = `wf-test-${Math.random().toString(36).slice(2)}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: acts,
  });
  return worker.runUntil(fn(taskQueue));
}

/** RECORD_HISTORIES=1 refreshes the committed histories that replay.test.ts replays. */
async function recordHistory(name: string, workflowId: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  const file = join(__dirname, 'histories', `${name}.json`);
  mkdirSync(dirname(file), { recursive: true });
  // protobufjs object form (the SDK's historyToJSON trips over two protobufjs copies in this tree)
  const obj = temporal.api.history.v1.History.toObject(temporal.api.history.v1.History.fromObject(history), {
    longs: String,
    enums: String,
    bytes: String,
  });
  writeFileSync(file, JSON.stringify(obj, null, 1));
}

const chair = { userId: 'u-chair', displayName: '王主席', roles: ['branch_chair'] };

async function startCase(taskQueue: string, caseId: string) {
  const handle = await env.client.workflow.start(aidCaseWorkflow, {
    taskQueue,
    workflowId: `aid-case:${caseId}`,
    args: [
      {
        caseId,
        workerId: 'w-1',
        programCode: 'illness',
        amountFen: 200_000,
        reason: '住院',
        createdBy: 'u-cw',
      },
    ],
  });
  // wait for the approval task to be open
  for (let i = 0; i < 100; i++) {
    const s = await handle.query(aidCaseStateQuery);
    if (s.openTask) return { handle, taskId: s.openTask.taskId };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('approval task never opened');
}

async function refusal(p: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (err as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    return cause as ApplicationFailure;
  }
  throw new Error('the update was accepted but should have been refused');
}

test('approve: the decision is recorded once and the case ends approved', async () => {
  const { acts, calls } = fakeActivities();
  await withWorker(acts, async (tq) => {
    const { handle, taskId } = await startCase(tq, 'c-approve');
    const result = await handle.executeUpdate(decideUpdate, {
      args: [{ taskId, decision: 'approve', actor: chair }],
    });
    expect(result).toEqual({ taskId, decision: 'approve', status: 'approved' });
    expect(await handle.result()).toEqual({ status: 'approved' });
    await recordHistory('aid-case-approve', handle.workflowId);
  });
  expect(calls.submitted).toBe(1);
  expect(calls.tasks).toHaveLength(1);
  expect(calls.decisions).toHaveLength(1);
  expect(calls.decisions[0]).toMatchObject({
    decision: 'approve',
    status: 'approved',
    actor: { userId: 'u-chair' },
  });
});

test('reject with a comment: the case ends rejected', async () => {
  const { acts, calls } = fakeActivities();
  await withWorker(acts, async (tq) => {
    const { handle, taskId } = await startCase(tq, 'c-reject');
    await handle.executeUpdate(decideUpdate, {
      args: [{ taskId, decision: 'reject', comment: '材料不全', actor: chair }],
    });
    expect(await handle.result()).toEqual({ status: 'rejected' });
    await recordHistory('aid-case-reject', handle.workflowId);
  });
  expect(calls.decisions[0]).toMatchObject({ decision: 'reject', comment: '材料不全', status: 'rejected' });
});

test('stale, forbidden and invalid decisions are refused by the validator and change nothing', async () => {
  const { acts, calls } = fakeActivities();
  await withWorker(acts, async (tq) => {
    const { handle, taskId } = await startCase(tq, 'c-refuse');
    const decide = (input: DecideInput) => handle.executeUpdate(decideUpdate, { args: [input] });

    const stale = await refusal(decide({ taskId: 'task-from-elsewhere', decision: 'approve', actor: chair }));
    expect(stale.type).toBe('StaleTask');

    const forbidden = await refusal(
      decide({
        taskId,
        decision: 'approve',
        actor: { userId: 'u-x', displayName: 'x', roles: ['caseworker'] },
      }),
    );
    expect(forbidden.type).toBe('DecisionForbidden');

    const noComment = await refusal(decide({ taskId, decision: 'reject', actor: chair }));
    expect(noComment.type).toBe('InvalidDecision');
    expect(calls.decisions).toHaveLength(0);

    await decide({ taskId, decision: 'approve', actor: chair });
    expect(await handle.result()).toEqual({ status: 'approved' });
    // the same task decided again once the case has closed: the API maps this to 409 as well
    await expect(decide({ taskId, decision: 'approve', actor: chair })).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );
  });
  expect(calls.decisions).toHaveLength(1);
});

test('two concurrent decisions on one task: exactly one is accepted', async () => {
  const { acts, calls } = fakeActivities();
  await withWorker(acts, async (tq) => {
    const { handle, taskId } = await startCase(tq, 'c-race');
    const results = await Promise.allSettled([
      handle.executeUpdate(decideUpdate, { args: [{ taskId, decision: 'approve', actor: chair }] }),
      handle.executeUpdate(decideUpdate, {
        args: [{ taskId, decision: 'reject', comment: '不同意', actor: chair }],
      }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    expect(((refused.reason as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe(
      'StaleTask',
    );
    await handle.result();
  });
  expect(calls.decisions).toHaveLength(1);
});
