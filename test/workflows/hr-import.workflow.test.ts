import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import type { HrImportActivities } from '../../activities';
import { FailureType } from '../../libs/domain/errors';
import type { ChunkInput } from '../../libs/hr-imports/hr-imports.repository';
import {
  hrImportDecisionUpdate,
  hrImportProgressQuery,
  hrImportWorkflow,
  type HrImportInput,
} from '../../workflows';
import { recordStartedWorkflows } from '../support/histories';

/**
 * The HR import workflow alone on the time-skipping server with in-memory activities (typed against
 * the factory): the dry run in chunks, the decision as an Update (refused before the dry run ends,
 * and twice), the commit in chunks, the payroll cross-check, and the cancellation of a dry run
 * nobody decides.
 */
let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let flushHistories: (() => Promise<void>) | undefined;

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const path = process.env.TEMPORAL_TEST_SERVER_PATH;
  env = await TestWorkflowEnvironment.createTimeSkipping(
    path ? { server: { executable: { type: 'existing-path', path } } } : undefined,
  );
  flushHistories = recordStartedWorkflows(env.client, 'hr-import');
  bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: new DefaultLogger('WARN'),
  });
}, 120_000);

afterAll(async () => {
  await flushHistories?.();
  await env?.teardown();
});

function fake(opts: { holdPreview?: Promise<void> } = {}) {
  const calls: string[] = [];
  let previewed = 0;
  let applied = 0;
  const span = (c: ChunkInput) => c.toSeq - c.fromSeq + 1;
  const acts: HrImportActivities = {
    async previewImportChunk(c) {
      if (opts.holdPreview) await opts.holdPreview;
      calls.push(`preview ${c.fromSeq}-${c.toSeq}`);
      previewed += span(c);
      return { previewedRows: previewed };
    },
    async markImportPreviewed() {
      calls.push('previewed');
    },
    async markImportCommitting(c) {
      calls.push(`committing by ${c.actorId}`);
    },
    async applyImportChunk(c) {
      calls.push(`apply ${c.fromSeq}-${c.toSeq}`);
      applied += span(c);
      return { appliedRows: applied };
    },
    async crossCheckPayroll() {
      calls.push('cross-check');
      return { flagged: 1, cleared: 0 };
    },
    async finishImport(c) {
      calls.push(`finish ${c.status}`);
    },
    async failImport() {
      calls.push('fail');
    },
  };
  return { acts, calls };
}

const input = (kind: 'roster' | 'payroll', totalRows = 2500): HrImportInput => ({
  importId: `imp-${kind}-${totalRows}`,
  kind,
  totalRows,
  chunkSize: 1000,
  decisionTimeoutDays: 14,
});

async function run<T>(acts: HrImportActivities, queue: string, fn: () => Promise<T>): Promise<T> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: queue,
    workflowBundle: bundle,
    activities: acts,
  });
  return worker.runUntil(fn);
}

test('dry run in chunks, a decision refused before it ends, commit in chunks, then the payroll cross-check', async () => {
  let release!: () => void;
  const hold = new Promise<void>((r) => (release = r));
  const { acts, calls } = fake({ holdPreview: hold });
  const result = await run(acts, 'hr-import-payroll', async () => {
    const h = await env.client.workflow.start(hrImportWorkflow, {
      taskQueue: 'hr-import-payroll',
      workflowId: 'payroll-import:imp-commit',
      args: [input('payroll')],
    });
    // still previewing: the commit is refused as too early
    await expect(
      h.executeUpdate(hrImportDecisionUpdate, { args: [{ decision: 'commit', actorId: 'u1' }] }),
    ).rejects.toMatchObject({ cause: { type: FailureType.StaleTask } });
    expect((await h.query(hrImportProgressQuery)).phase).toBe('previewing');
    release();
    for (let i = 0; i < 100 && (await h.query(hrImportProgressQuery)).phase !== 'previewed'; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await h.query(hrImportProgressQuery)).toMatchObject({ phase: 'previewed', previewedRows: 2500 });
    await expect(
      h.executeUpdate(hrImportDecisionUpdate, { args: [{ decision: 'maybe' as 'commit', actorId: 'u1' }] }),
    ).rejects.toMatchObject({ cause: { type: FailureType.InvalidDecision } });
    expect(
      await h.executeUpdate(hrImportDecisionUpdate, { args: [{ decision: 'commit', actorId: 'u1' }] }),
    ).toEqual({
      phase: 'committing',
    });
    // decided once
    await expect(
      h.executeUpdate(hrImportDecisionUpdate, { args: [{ decision: 'cancel', actorId: 'u2' }] }),
    ).rejects.toMatchObject({ cause: { type: FailureType.StaleTask } });
    return h.result();
  });
  expect(result).toEqual({ phase: 'done', previewedRows: 2500, appliedRows: 2500, totalRows: 2500 });
  expect(calls).toEqual([
    'preview 1-1000',
    'preview 1001-2000',
    'preview 2001-2500',
    'previewed',
    'committing by u1',
    'apply 1-1000',
    'apply 1001-2000',
    'apply 2001-2500',
    'cross-check',
    'finish done',
  ]);
}, 60_000);

test('a roster import commits without a cross-check; a cancelled one writes nothing', async () => {
  const roster = fake();
  await run(roster.acts, 'hr-import-roster', async () => {
    const h = await env.client.workflow.start(hrImportWorkflow, {
      taskQueue: 'hr-import-roster',
      workflowId: 'roster-import:imp-commit',
      args: [input('roster', 1000)],
    });
    for (let i = 0; i < 100 && (await h.query(hrImportProgressQuery)).phase !== 'previewed'; i++)
      await new Promise((r) => setTimeout(r, 50));
    await h.executeUpdate(hrImportDecisionUpdate, { args: [{ decision: 'commit', actorId: 'u1' }] });
    return h.result();
  });
  expect(roster.calls).toEqual([
    'preview 1-1000',
    'previewed',
    'committing by u1',
    'apply 1-1000',
    'finish done',
  ]);

  const cancelled = fake();
  const r = await run(cancelled.acts, 'hr-import-cancel', async () => {
    const h = await env.client.workflow.start(hrImportWorkflow, {
      taskQueue: 'hr-import-cancel',
      workflowId: 'roster-import:imp-cancel',
      args: [input('roster', 10)],
    });
    for (let i = 0; i < 100 && (await h.query(hrImportProgressQuery)).phase !== 'previewed'; i++)
      await new Promise((r) => setTimeout(r, 50));
    await h.executeUpdate(hrImportDecisionUpdate, { args: [{ decision: 'cancel', actorId: 'u1' }] });
    return h.result();
  });
  expect(r.phase).toBe('cancelled');
  expect(cancelled.calls).toEqual(['preview 1-10', 'previewed', 'finish cancelled']);
}, 60_000);

test('a dry run nobody decides is cancelled after the decision timeout, nothing applied', async () => {
  const { acts, calls } = fake();
  const r = await run(acts, 'hr-import-timeout', async () => {
    const h = await env.client.workflow.start(hrImportWorkflow, {
      taskQueue: 'hr-import-timeout',
      workflowId: 'payroll-import:imp-timeout',
      args: [input('payroll', 5)],
    });
    await env.sleep('13 days');
    expect((await h.query(hrImportProgressQuery)).phase).toBe('previewed');
    await env.sleep('2 days');
    return h.result();
  });
  expect(r.phase).toBe('cancelled');
  expect(calls).toEqual(['preview 1-5', 'previewed', 'finish cancelled']);
}, 60_000);
