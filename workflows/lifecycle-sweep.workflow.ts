import { continueAsNew, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createLifecycleActivities } from '../activities/lifecycle.activities';
import type { createReassessmentActivities } from '../activities/reassessment.activities';
import type { createEvaluationActivities } from '../activities/evaluation.activities';
import { startLifecycleWorkflows } from './lifecycle-children';

const acts = proxyActivities<ReturnType<typeof createLifecycleActivities>>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const reActs = proxyActivities<ReturnType<typeof createReassessmentActivities>>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const evActs = proxyActivities<ReturnType<typeof createEvaluationActivities>>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Patch ids (docs/architecture.md, "Changing a workflow"). */
export const SWEEP_PATCHES = {
  /** The sweep starts the per-file workflows as its children (was: an activity with a client). */
  startsChildren: 'lifecycle-sweep-starts-children',
  /** The sweep first reminds and escalates direct re-check tasks (set-based re-assessment pages). */
  directTaskDeadlines: 'lifecycle-sweep-direct-task-deadlines',
  /** The sweep then writes the effect evaluations due today (帮扶效果评估: exits, yearly), set-based. */
  evaluations: 'lifecycle-sweep-evaluations',
} as const;

/**
 * Daily sweep (started by the Temporal Schedule `lifecycle-sweep`): walks the active files in
 * keyset pages and starts the per-file subsidy and re-certification workflows still missing —
 * files seeded or imported without them, and files whose category came to qualify for the subsidy.
 * They outlive the sweep (ABANDON); a long walk continues as new where it stands. First it reminds
 * and escalates the direct re-check tasks (no workflow of their own) whose dates have come, and
 * writes the effect evaluations due that day (exited files without one; active files once a year).
 */
export async function lifecycleSweepWorkflow(
  input: { pageSize?: number; afterId?: string | null; files?: number; started?: number } = {},
): Promise<{ files: number; started: number }> {
  const limit = input.pageSize ?? 200;
  let afterId: string | null = input.afterId ?? null;
  let files = input.files ?? 0;
  let started = input.started ?? 0;
  // once per sweep (not again in a run continued as new): re-check tasks that no workflow times
  if (input.afterId == null && patched(SWEEP_PATCHES.directTaskDeadlines))
    await reActs.sweepDirectTaskDeadlines();
  if (input.afterId == null && patched(SWEEP_PATCHES.evaluations)) await evActs.writeDueEvaluations();
  if (!patched(SWEEP_PATCHES.startsChildren)) {
    // a sweep that began before this release: its pages go on through the deprecated activity
    do {
      const page: { files: number; started: number; nextAfterId: string | null } =
        await acts.ensureLifecycleWorkflows({ afterId, limit });
      files += page.files;
      started += page.started;
      afterId = page.nextAfterId;
    } while (afterId !== null);
    return { files, started };
  }
  do {
    const page = await acts.lifecycleWorkflowsPage({ afterId, limit });
    for (const f of page.files) {
      await startLifecycleWorkflows(f.id, f.kinds);
      started += f.kinds.length;
    }
    files += page.files.length;
    afterId = page.nextAfterId;
    if (afterId !== null && workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof lifecycleSweepWorkflow>({ pageSize: limit, afterId, files, started });
    }
  } while (afterId !== null);
  return { files, started };
}
