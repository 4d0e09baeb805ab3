import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { ApplicationFailure, QueryDefinition, Workflow } from '@temporalio/common';
import { decideUpdate, type DecideInput } from '../../workflows';

/** A subject workflow's state query: at least its open tasks. */
type StateQuery = QueryDefinition<{ openTasks: Array<{ taskId: string; kind: string; stage: string }> }>;

/**
 * Test helpers for a subject workflow's task board: wait for an open task (by kind and stage) through
 * the subject's state query, decide it through the decide Update, and read a refusal.
 */
export function taskBoardHelpers(stateQuery: StateQuery) {
  /** Waits until the workflow has an open task of this kind (and stage). */
  async function openTask(h: WorkflowHandle<Workflow>, kind: string, stage?: string): Promise<string> {
    for (let i = 0; i < 400; i++) {
      const s = await h.query(stateQuery);
      const t = s.openTasks.find((x) => x.kind === kind && (!stage || x.stage === stage));
      if (t) return t.taskId;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no open ${kind} ${stage ?? ''} task`);
  }

  async function decide(
    h: WorkflowHandle<Workflow>,
    input: Omit<DecideInput, 'taskId'>,
    kind = 'approval',
    stage?: string,
  ) {
    const taskId = await openTask(h, kind, stage);
    return h.executeUpdate(decideUpdate, { args: [{ taskId, ...input }] });
  }

  return { openTask, decide };
}

/** The failure a refused Update carries (fails the test when the Update was accepted). */
export async function refusal(p: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await p.then(
    () => {
      throw new Error('the update was accepted but should have been refused');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return (err as WorkflowUpdateFailedError).cause as ApplicationFailure;
}
