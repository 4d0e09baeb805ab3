import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { workflowIds } from '../libs/temporal/ids';
import { keptAlive } from './heartbeat';
import type {
  CampaignBegin,
  CloseReason,
  Outcome,
  PageInput,
  ReassessmentRepository,
} from '../libs/reassessment/reassessment.repository';
import type { OpenTaskInput, TasksRepository } from '../libs/tasks/tasks.repository';

/** Workflow starts in flight at once from one set-based page activity (each is one server round trip). */
const CHILD_START_CONCURRENCY = 8;

/**
 * Starts the workflow each file needs (exit approval, escalation or re-check by outcome) with the
 * Temporal client of the activity, CHILD_START_CONCURRENCY at a time; answers how many started (one
 * already running from an earlier attempt counts nothing).
 */
async function startPersons(
  ctx: Context,
  campaignId: string,
  policyVersion: number,
  persons: Array<{ fileId: string; outcome: string }>,
  progress: (started: number) => void,
): Promise<number> {
  let started = 0;
  const queue = [...persons];
  const startOne = async (f: { fileId: string; outcome: string }) => {
    const exit = f.outcome === 'exit_proposed';
    const kind = exit ? 'exit' : f.outcome === 'stale' ? 'recheck' : 'escalation';
    try {
      await ctx.client.workflow.start(exit ? 'fileExitWorkflow' : 'fileRecheckWorkflow', {
        taskQueue: ctx.info.taskQueue,
        workflowId: workflowIds.reassessmentReview(campaignId, kind, f.fileId),
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: exit
          ? [{ fileId: f.fileId, campaignId, policyVersion }]
          : [{ fileId: f.fileId, campaignId, kind, outcome: f.outcome }],
      });
      started++;
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(CHILD_START_CONCURRENCY, queue.length) }, async () => {
      for (let f = queue.shift(); f; f = queue.shift()) {
        await startOne(f);
        progress(started);
      }
    }),
  );
  return started;
}

/** Re-assessment campaign, re-check and exit activities over the records services. */
export function createReassessmentActivities({
  reassessments,
  tasks,
}: {
  reassessments: ReassessmentRepository;
  tasks: TasksRepository;
}) {
  // every one heartbeats while it runs: the campaign retries an attempt lost with its worker after
  // its 30-second heartbeat timeout (workflows/reassessment.workflow.ts)
  return keptAlive({
    beginCampaign: (b: CampaignBegin) => reassessments.begin(b),
    async reassessPage(p: PageInput) {
      const ctx = Context.current();
      ctx.heartbeat({ after: p.after });
      const t0 = Date.now();
      const r = await reassessments.reassessPage(p);
      const sqlMs = Date.now() - t0;
      ctx.heartbeat({ after: r.lastId, inserted: r.inserted });
      // pages from the 'reassessment-reviews-apart' patch on start nothing: the campaign starts the
      // exits the page answers in a startReviews activity of their own, off the page's slot
      if (p.reviewsApart) return { ...r, sqlMs };
      if (!p.setBased) return r;
      // set-based pages: the children that must exist (exit approval with its follow-up timers, an
      // escalation) are started here, CHILD_START_CONCURRENCY at a time, with the ids the campaign
      // used to give them; one already started (a retried page) counts nothing
      const started = await startPersons(ctx, p.campaignId, p.policyVersion, r.persons, (n) =>
        ctx.heartbeat({ after: r.lastId, inserted: r.inserted, started: n }),
      );
      if (started > 0) await reassessments.childrenStarted({ campaignId: p.campaignId, n: started });
      // the split of the page's time (read by bench:reassessment from the history)
      return { ...r, persons: [], childrenStarted: started, sqlMs, startMs: Date.now() - t0 - sqlMs };
    },
    /**
     * Starts the workflows the files of one page need (exit approvals; campaigns from the
     * 'reassessment-reviews-apart' patch on), CHILD_START_CONCURRENCY at a time, with the ids the
     * campaign used to give them, and counts them on the campaign row; one already started (a retried
     * activity) counts nothing. Answers how many started and the ms it took.
     */
    async startReviews(s: {
      campaignId: string;
      policyVersion: number;
      persons: Array<{ fileId: string; outcome: Outcome }>;
    }): Promise<{ started: number; startMs: number }> {
      const ctx = Context.current();
      const t0 = Date.now();
      const started = await startPersons(ctx, s.campaignId, s.policyVersion, s.persons, (n) =>
        ctx.heartbeat({ started: n }),
      );
      if (started > 0) await reassessments.childrenStarted({ campaignId: s.campaignId, n: started });
      return { started, startMs: Date.now() - t0 };
    },
    pageBounds: (b: {
      after: string | null;
      pageSize: number;
      count: number;
      localityCodes: string[] | null;
    }) => reassessments.pageBounds(b),
    recordChildrenStarted: (c: { campaignId: string; n: number }) => reassessments.childrenStarted(c),
    finishCampaign: (c: { campaignId: string }) => reassessments.finish(c),
    failCampaign: (c: { campaignId: string; error: string }) => reassessments.fail(c),
    exitPlan: (c: { fileId: string }) => reassessments.exitPlan(c),
    closeFileDirectly: (c: { fileId: string; workflowId: string; reason: CloseReason; note?: string }) =>
      reassessments.closeFile(c),
    recordVisit: (c: { fileId: string; workflowId: string; kind: string }) => reassessments.recordVisit(c),
    /** Reminds and escalates direct re-check tasks (no workflow behind them), set-based; daily. */
    sweepDirectTaskDeadlines: () => tasks.sweepDirectDeadlines(),
    async openRecheckTask(t: OpenTaskInput) {
      const dueDays = await reassessments.recheckDueDays();
      return tasks.openDueInDays({ ...t, dueDays });
    },
  });
}

export type ReassessmentActivities = ReturnType<typeof createReassessmentActivities>;
