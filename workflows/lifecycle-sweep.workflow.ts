import { continueAsNew, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createLifecycleActivities } from '../activities/lifecycle.activities';
import { startLifecycleWorkflows } from './lifecycle-children';

const acts = proxyActivities<ReturnType<typeof createLifecycleActivities>>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Patch ids (docs/architecture.md, "Changing a workflow"). */
export const SWEEP_PATCHES = {
  /** The sweep starts the per-file workflows as its children (was: an activity with a client). */
  startsChildren: 'lifecycle-sweep-starts-children',
} as const;

/**
 * Daily sweep (started by the Temporal Schedule `lifecycle-sweep`): walks the active files in
 * keyset pages and starts the per-file subsidy and re-certification workflows still missing —
 * files seeded or imported without them, and files whose category came to qualify for the subsidy.
 * They outlive the sweep (ABANDON); a long walk continues as new where it stands.
 */
export async function lifecycleSweepWorkflow(
  input: { pageSize?: number; afterId?: string | null; files?: number; started?: number } = {},
): Promise<{ files: number; started: number }> {
  const limit = input.pageSize ?? 200;
  let afterId: string | null = input.afterId ?? null;
  let files = input.files ?? 0;
  let started = input.started ?? 0;
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
