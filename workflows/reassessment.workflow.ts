import {
  ContinueAsNew,
  allHandlersFinished,
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  condition,
  continueAsNew,
  defineQuery,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { createReassessmentActivities } from '../activities/reassessment.activities';
import {
  addCounts,
  quarterOf,
  zeroCounts,
  type Outcome,
  type OutcomeCounts,
} from '../libs/domain/reassessment';
import { workflowIds } from '../libs/temporal/ids';
import { fileExitWorkflow, fileRecheckWorkflow } from './file-review.workflow';
import { FailureType } from '../libs/domain/errors';

/** Workflow time: inside the Temporal sandbox `Date` is the deterministic time of the workflow task. */
const workflowNow = (): number => new Date().getTime();

export interface CampaignCarry {
  asOf: string;
  policyVersion: number;
  total: number;
  pageSize: number;
  maxOpenChildren: number;
  cursor: string | null;
  processed: number;
  counts: OutcomeCounts;
  childrenStarted: number;
  runs: number;
}

export interface CampaignInput {
  campaignId: string;
  kind: 'quarterly' | 'policy_change';
  quarter: string | null;
  /** Policy-change campaigns use the version that changed 低保; quarterly ones the version in force. */
  policyVersion: number | null;
  /** Only files of these localities (policy change); null = every active file. */
  localityCodes: string[] | null;
  startedBy: string | null;
  /** Do not start before this instant (a policy published with a future effective date). */
  notBefore?: string | null;
  /** Overrides of the policy's page size and of the history budget (tests and benchmark). */
  pageSize?: number;
  historyBudget?: number;
  /** Pages re-assessed at once (default PAGE_CONCURRENCY). */
  pageConcurrency?: number;
  /** Set when continuing as new. */
  carry?: CampaignCarry;
}

export interface CampaignProgress {
  campaignId: string;
  status: 'waiting' | 'running' | 'completed' | 'failed';
  processed: number;
  total: number;
  outcomes: OutcomeCounts;
  childrenStarted: number;
  runs: number;
  cursor: string | null;
}

export const campaignProgressQuery = defineQuery<CampaignProgress>('progress');

/**
 * Every re-assessment activity heartbeats every few seconds while it runs, its SQL statements
 * included (activities/heartbeat.ts), so an attempt lost with its worker (a crash, a deploy, a task
 * handed to a poller that had just gone) is retried after 30 seconds, not after minutes.
 */
const acts = proxyActivities<ReturnType<typeof createReassessmentActivities>>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '30 seconds',
    nonRetryableErrorTypes: [FailureType.NotFound],
  },
});

/** Patch ids (docs/architecture.md, "Changing a workflow that is running"). */
export const REASSESSMENT_PATCHES = {
  /**
   * Set-based pages: a stale file's re-check visit is a result row plus a task written by the page's
   * statement (no child workflow), and the page activity starts the children that must exist (exit,
   * escalation) itself in bounded batches; the campaign starts no children. Runs from before keep
   * starting children from the workflow.
   */
  pageStartsChildren: 'reassessment-page-starts-children',
  /**
   * On top of set-based pages: a worse file's escalation is a task written by the page's statement
   * too (no workflow: it is only a task, its deadlines kept by the daily sweep), and the exits — the
   * only workflows left, with their follow-up timers — are started by a separate startReviews
   * activity per page, at most START_CONCURRENCY of them in flight, so a page's slot is free again
   * as soon as its statement is done.
   */
  reviewsApart: 'reassessment-reviews-apart',
} as const;

/** History length after which a run continues as new (well below Temporal's 10,000-event warning). */
const HISTORY_BUDGET = 3000;
/** Pages re-assessed at once (the machine's two cores: one page's SQL while the other's finishes). */
const PAGE_CONCURRENCY = 2;
/** Pages cut ahead by one pageBounds activity. */
const BOUNDS_AHEAD = 8;
/** startReviews activities in flight at once ('reassessment-reviews-apart'); the walk waits beyond. */
const START_CONCURRENCY = 2;

/**
 * A re-assessment campaign (`reassessment:2026Q4`, `reassessment:policy-v3`): walks every active
 * file (of the changed localities) in keyset pages, one set-based activity per page. Files that
 * need a person: a stale file's re-check visit and a worse file's escalation are tasks written by
 * the page's statement; an exit approval is a workflow (approval chain, follow-up timers) started
 * by a startReviews activity per page in bounded batches, off the page's slot, left running on its
 * own (they wait on people for weeks). Runs from before the 'reassessment-reviews-apart' patch
 * start escalations as workflows too, from the page activity; runs from before the
 * 'reassessment-page-starts-children' patch start all three as children from here, at most
 * `maxOpenChildren` at a time. Continues as new carrying the cursor and counts; stores its report.
 */
export async function reassessmentCampaignWorkflow(input: CampaignInput): Promise<CampaignProgress> {
  const { campaignId } = input;
  let carry = input.carry;
  let status: CampaignProgress['status'] = carry ? 'running' : 'waiting';
  const progress = (): CampaignProgress => ({
    campaignId,
    status,
    processed: carry?.processed ?? 0,
    total: carry?.total ?? 0,
    outcomes: carry?.counts ?? zeroCounts(),
    childrenStarted: carry?.childrenStarted ?? 0,
    runs: carry?.runs ?? 1,
    cursor: carry?.cursor ?? null,
  });
  setHandler(campaignProgressQuery, progress);

  try {
    if (!carry) {
      if (input.notBefore) {
        const wait = Date.parse(input.notBefore) - workflowNow();
        if (wait > 0) await sleep(wait);
      }
      const asOf = new Date(workflowNow()).toISOString();
      const plan = await acts.beginCampaign({
        campaignId,
        kind: input.kind,
        quarter: input.quarter,
        policyVersion: input.policyVersion,
        localityCodes: input.localityCodes,
        asOf,
        startedBy: input.startedBy,
      });
      carry = {
        asOf,
        policyVersion: plan.policyVersion,
        total: plan.total,
        pageSize: input.pageSize ?? plan.pageSize,
        maxOpenChildren: plan.maxOpenChildren,
        cursor: null,
        processed: plan.processed,
        counts: plan.counts,
        childrenStarted: 0,
        runs: 1,
      };
    }
    status = 'running';
    const c = carry;
    const setBased = patched(REASSESSMENT_PATCHES.pageStartsChildren);
    const apart = setBased && patched(REASSESSMENT_PATCHES.reviewsApart);

    const pageOf = (after: string | null, upTo: string | null) =>
      acts.reassessPage({
        campaignId,
        after,
        upTo,
        asOf: c.asOf,
        policyVersion: c.policyVersion,
        pageSize: c.pageSize,
        localityCodes: input.localityCodes,
        ...(setBased ? { setBased: true } : {}),
        ...(apart ? { reviewsApart: true } : {}),
      });
    // Up to PAGE_CONCURRENCY pages run at once: the walk is cut ahead into disjoint id ranges
    // (pageBounds), each page re-assesses every file of its range (after, upTo]; the last one is a
    // keyset tail page (upTo null, at most pageSize files). Results are taken in walk order, so the
    // carried cursor only ever passes files whose page has finished.
    const concurrency = Math.max(1, input.pageConcurrency ?? PAGE_CONCURRENCY);
    const inflight: Array<{ upTo: string | null; result: ReturnType<typeof pageOf> }> = [];
    let bounds: string[] = [];
    let boundsExhausted = false;
    let dispatchedTo = c.cursor;
    let tailDispatched = false;
    const fill = async () => {
      while (inflight.length < concurrency && !tailDispatched) {
        if (bounds.length === 0 && !boundsExhausted) {
          const count = BOUNDS_AHEAD;
          bounds = await acts.pageBounds({
            after: dispatchedTo,
            pageSize: c.pageSize,
            count,
            localityCodes: input.localityCodes,
          });
          boundsExhausted = bounds.length < count;
        }
        const upTo = bounds.shift() ?? null;
        if (upTo === null) tailDispatched = true;
        inflight.push({ upTo, result: pageOf(dispatchedTo, upTo) });
        dispatchedTo = upTo;
      }
    };
    await fill();
    let draining = false;
    let more = true;
    // 'reassessment-reviews-apart': the pages' exits are started by startReviews activities that the
    // walk does not wait for, unless START_CONCURRENCY of them are in flight
    const starts: Array<ReturnType<typeof acts.startReviews>> = [];
    const settle = async () => {
      const r = await starts.shift()!;
      c.childrenStarted += r.started;
    };
    const take = async (page: Awaited<ReturnType<typeof pageOf>>) => {
      c.processed += page.inserted;
      c.counts = addCounts(c.counts, page.counts);
      if (apart) {
        if (page.persons.length > 0)
          starts.push(
            acts.startReviews({ campaignId, policyVersion: c.policyVersion, persons: page.persons }),
          );
        while (starts.length > START_CONCURRENCY) await settle();
        return;
      }
      // set-based pages started their children already (and recorded them); persons is then empty
      c.childrenStarted += page.childrenStarted ?? 0;
      const started = await startPersons(campaignId, c.policyVersion, page.persons, c.maxOpenChildren);
      if (started > 0) {
        c.childrenStarted += started;
        await acts.recordChildrenStarted({ campaignId, n: started });
      }
    };
    while (inflight.length > 0) {
      const slot = inflight.shift()!;
      let page = await slot.result;
      while (slot.upTo !== null && page.size >= 2 * c.pageSize && page.lastId !== null) {
        // files activated since the cut filled the page: re-assess the rest of its range first
        await take(page);
        page = await pageOf(page.lastId, slot.upTo);
      }
      if (slot.upTo !== null) c.cursor = slot.upTo;
      else if (page.lastId !== null) c.cursor = page.lastId;
      if (slot.upTo === null) {
        // the tail page: the walk is over unless files became active behind the cut meanwhile
        more = page.size >= c.pageSize;
        if (more && !draining) {
          tailDispatched = false;
          boundsExhausted = false;
          bounds = [];
          dispatchedTo = c.cursor;
        }
      }
      const info = workflowInfo();
      if (info.historyLength > (input.historyBudget ?? HISTORY_BUDGET) || info.continueAsNewSuggested)
        draining = true;
      if (!draining) await fill();
      await take(page);
    }
    while (starts.length > 0) await settle();
    if (draining && more) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof reassessmentCampaignWorkflow>({
        ...input,
        carry: { ...c, runs: c.runs + 1 },
      });
    }
    await acts.finishCampaign({ campaignId });
    status = 'completed';
    return progress();
  } catch (err) {
    if (err instanceof ContinueAsNew) throw err;
    status = 'failed';
    await acts.failCampaign({ campaignId, error: err instanceof Error ? err.message : String(err) });
    throw err;
  }
}

/** Starts the person's step for each file, at most `window` starts in flight; returns how many started. */
async function startPersons(
  campaignId: string,
  policyVersion: number,
  persons: Array<{ fileId: string; outcome: Outcome }>,
  window: number,
): Promise<number> {
  let started = 0;
  for (let i = 0; i < persons.length; i += window) {
    const chunk = persons.slice(i, i + window);
    const results = await Promise.all(
      chunk.map(async (p) => {
        const opts = {
          parentClosePolicy: ParentClosePolicy.ABANDON,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        };
        try {
          if (p.outcome === 'exit_proposed') {
            await startChild(fileExitWorkflow, {
              ...opts,
              workflowId: workflowIds.reassessmentReview(campaignId, 'exit', p.fileId),
              args: [{ fileId: p.fileId, campaignId, policyVersion }],
            });
          } else {
            const kind = p.outcome === 'stale' ? 'recheck' : 'escalation';
            await startChild(fileRecheckWorkflow, {
              ...opts,
              workflowId: workflowIds.reassessmentReview(campaignId, kind, p.fileId),
              args: [{ fileId: p.fileId, campaignId, kind, outcome: p.outcome }],
            });
          }
          return 1;
        } catch (err) {
          if (err instanceof WorkflowExecutionAlreadyStartedError) return 0; // started by an earlier attempt
          throw err;
        }
      }),
    );
    started += results.reduce<number>((a, b) => a + b, 0);
  }
  return started;
}

/**
 * Started by the Temporal Schedule (`reassessment-quarterly`) on the policy's calendar: starts this
 * quarter's campaign `reassessment:<YYYY>Q<n>` (China Standard Time) unless it already exists.
 */
export async function quarterlyReassessmentTrigger(): Promise<{ campaignId: string; started: boolean }> {
  const quarter = quarterOf(workflowNow());
  const campaignId = workflowIds.reassessmentQuarter(quarter);
  try {
    await startChild(reassessmentCampaignWorkflow, {
      workflowId: campaignId,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      args: [
        { campaignId, kind: 'quarterly', quarter, policyVersion: null, localityCodes: null, startedBy: null },
      ],
    });
    return { campaignId, started: true };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { campaignId, started: false };
    throw err;
  }
}
