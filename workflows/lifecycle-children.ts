import {
  ParentClosePolicy,
  getExternalWorkflowHandle,
  proxyActivities,
  startChild,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { createLifecycleActivities } from '../activities/lifecycle.activities';
import { workflowIds } from '../libs/temporal/ids';
import { recertificationWorkflow } from './recertification.workflow';
import { fileClosedSignal, subsidyWorkflow } from './subsidy.workflow';

/**
 * The per-file workflows of an active hardship file, started by the workflow that activates the
 * file (or by the daily sweep for files seeded or imported without them): `recertification:<fileId>`
 * for every active file, `subsidy:<fileId>` when the policy grants its category a regular subsidy
 * (the activity answers which are missing). They outlive their starter (ABANDON) and end when told
 * the file closed.
 */
export type LifecycleKind = 'subsidy' | 'recertification';

const acts = proxyActivities<ReturnType<typeof createLifecycleActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

function idOf(kind: LifecycleKind, fileId: string): string {
  return kind === 'subsidy' ? workflowIds.subsidy(fileId) : workflowIds.recertification(fileId);
}

/** Starts the given per-file workflows (one already running is used as it is) and records them. */
export async function startLifecycleWorkflows(
  fileId: string,
  kinds: readonly LifecycleKind[],
): Promise<void> {
  for (const kind of kinds) {
    const workflowId = idOf(kind, fileId);
    const options = { workflowId, parentClosePolicy: ParentClosePolicy.ABANDON };
    try {
      if (kind === 'subsidy') await startChild(subsidyWorkflow, { ...options, args: [{ fileId }] });
      else await startChild(recertificationWorkflow, { ...options, args: [{ fileId }] });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    await acts.recordLifecycleWorkflow({ fileId, kind, workflowId });
  }
}

/** An active file: starts whichever of its per-file workflows is missing. */
export async function ensureLifecycleWorkflows(fileId: string): Promise<void> {
  const { kinds } = await acts.missingLifecycleWorkflows({ fileId });
  await startLifecycleWorkflows(fileId, kinds);
}

/** A closed file: its per-file workflows are told to end (one not running is fine as it is). */
export async function endLifecycleWorkflows(fileId: string): Promise<void> {
  for (const kind of ['subsidy', 'recertification'] as const) {
    try {
      await getExternalWorkflowHandle(idOf(kind, fileId)).signal(fileClosedSignal);
    } catch {
      // not running (never started, or already ended): nothing to tell
    }
  }
}
