import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { createLifecycleActivities } from '../activities/lifecycle.activities';
import { chinaDate, startOfChinaDay } from '../libs/domain/calendar';
import { compareQuarters, nextQuarter, quarterOf, quarterStart } from '../libs/domain/lifecycle';
import { FailureType } from '../libs/domain/errors';

export interface SubsidyInput {
  fileId: string;
  /** Carried over continue-as-new: the last quarter settled. */
  lastQuarter?: string | null;
}

export interface SubsidyState {
  lastQuarter: string | null;
  suspended: string[];
  ended: boolean;
}

/** The file's re-check visit was completed (or anything else that may end a suspension): look now. */
export const recheckCompletedSignal = defineSignal('recheckCompleted');
/** The file was closed: settle and end. Shared with the re-certification workflow. */
export const fileClosedSignal = defineSignal('fileClosed');
export const subsidyStateQuery = defineQuery<SubsidyState>('subsidyState');

const acts = proxyActivities<ReturnType<typeof createLifecycleActivities>>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes: [FailureType.NotFound],
  },
});

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Regular quarterly subsidy (定期补助) of one active file, `subsidy:<fileId>`. At the start of each
 * quarter (China time) the quarter is settled: paid while the file is active and its re-check is
 * not overdue, suspended while it is overdue, skipped when the file's category receives none. While
 * any quarter is suspended the workflow looks again at least daily and at once on the
 * recheckCompleted signal; each suspended quarter is paid once (the ledger key is unique). The file
 * closing ends the workflow (suspended quarters are then forfeited).
 *
 * Time is workflow time (`new Date()` in the workflow sandbox is deterministic), so quarters follow
 * timers and the time-skipping test server alike.
 */
export async function subsidyWorkflow(input: SubsidyInput): Promise<{ lastQuarter: string | null }> {
  const { workflowId } = workflowInfo();
  const fileId = input.fileId;
  let lastQuarter: string | null = input.lastQuarter ?? null;
  let suspended: string[] = [];
  let nudged = false;
  let closed = false;
  let ended = false;

  setHandler(recheckCompletedSignal, () => {
    nudged = true;
  });
  setHandler(fileClosedSignal, () => {
    closed = true;
  });
  setHandler(subsidyStateQuery, () => ({ lastQuarter, suspended, ended }));

  for (;;) {
    const now = new Date();
    const quarter = quarterOf(chinaDate(now));
    if (lastQuarter === null || compareQuarters(quarter, lastQuarter) > 0) {
      const r = await acts.settleSubsidyQuarter({ fileId, workflowId, quarter, asOf: now.toISOString() });
      if (r.outcome === 'file_closed') closed = true;
      else lastQuarter = quarter;
    }
    // Suspended quarters (this one or earlier): paid once when the re-check is no longer overdue.
    const resumed = await acts.resumeSuspendedSubsidies({ fileId, workflowId, asOf: now.toISOString() });
    suspended = resumed.suspended;
    if (!resumed.fileActive || closed) break;

    const untilNextQuarter = startOfChinaDay(quarterStart(nextQuarter(quarter))).getTime() - now.getTime();
    const wait = Math.max(1, suspended.length > 0 ? Math.min(DAY_MS, untilNextQuarter) : untilNextQuarter);
    nudged = false;
    await condition(() => nudged || closed || workflowInfo().continueAsNewSuggested, wait);
    if (workflowInfo().continueAsNewSuggested && !closed) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof subsidyWorkflow>({ fileId, lastQuarter });
    }
  }
  // forfeit what is still suspended (the file is no longer active)
  if (suspended.length > 0)
    await acts.resumeSuspendedSubsidies({ fileId, workflowId, asOf: new Date().toISOString() });
  ended = true;
  await condition(allHandlersFinished);
  return { lastQuarter };
}
