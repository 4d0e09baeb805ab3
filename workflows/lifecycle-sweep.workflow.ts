import { proxyActivities } from '@temporalio/workflow';
import type { createLifecycleActivities } from '../activities/lifecycle.activities';

const acts = proxyActivities<ReturnType<typeof createLifecycleActivities>>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * Daily sweep (started by the Temporal Schedule `lifecycle-sweep`): walks the active files in
 * keyset pages and starts the per-file subsidy and re-certification workflows still missing —
 * files seeded or imported without them, and files whose category came to qualify for the subsidy.
 */
export async function lifecycleSweepWorkflow(
  input: { pageSize?: number } = {},
): Promise<{ files: number; started: number }> {
  const limit = input.pageSize ?? 200;
  let afterId: string | null = null;
  let files = 0;
  let started = 0;
  do {
    const page: { files: number; started: number; nextAfterId: string | null } =
      await acts.ensureLifecycleWorkflows({ afterId, limit });
    files += page.files;
    started += page.started;
    afterId = page.nextAfterId;
  } while (afterId !== null);
  return { files, started };
}
