import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { workflowIds } from '../libs/temporal/ids';
import type {
  CampaignBegin,
  CloseReason,
  PageInput,
  ReassessmentRepository,
} from '../libs/reassessment/reassessment.repository';
import type { OpenTaskInput, TasksRepository } from '../libs/tasks/tasks.repository';

/** Workflow starts in flight at once from one set-based page activity (each is one server round trip). */
const CHILD_START_CONCURRENCY = 8;

/** Re-assessment campaign, re-check and exit activities over the records services. */
export function createReassessmentActivities({
  reassessments,
  tasks,
}: {
  reassessments: ReassessmentRepository;
  tasks: TasksRepository;
}) {
  return {
    beginCampaign: (b: CampaignBegin) => reassessments.begin(b),
    async reassessPage(p: PageInput) {
      const ctx = Context.current();
      ctx.heartbeat({ after: p.after });
      const t0 = Date.now();
      const r = await reassessments.reassessPage(p);
      const sqlMs = Date.now() - t0;
      ctx.heartbeat({ after: r.lastId, inserted: r.inserted });
      if (!p.setBased) return r;
      // set-based pages: the children that must exist (exit approval with its follow-up timers, an
      // escalation) are started here, CHILD_START_CONCURRENCY at a time, with the ids the campaign
      // used to give them; one already started (a retried page) counts nothing
      let started = 0;
      const queue = [...r.persons];
      const startOne = async (f: { fileId: string; outcome: string }) => {
        const exit = f.outcome === 'exit_proposed';
        const kind = exit ? 'exit' : f.outcome === 'stale' ? 'recheck' : 'escalation';
        try {
          await ctx.client.workflow.start(exit ? 'fileExitWorkflow' : 'fileRecheckWorkflow', {
            taskQueue: ctx.info.taskQueue,
            workflowId: workflowIds.reassessmentReview(p.campaignId, kind, f.fileId),
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
            args: exit
              ? [{ fileId: f.fileId, campaignId: p.campaignId, policyVersion: p.policyVersion }]
              : [{ fileId: f.fileId, campaignId: p.campaignId, kind, outcome: f.outcome }],
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
            ctx.heartbeat({ after: r.lastId, inserted: r.inserted, started });
          }
        }),
      );
      if (started > 0) await reassessments.childrenStarted({ campaignId: p.campaignId, n: started });
      // the split of the page's time (read by bench:reassessment from the history)
      return { ...r, persons: [], childrenStarted: started, sqlMs, startMs: Date.now() - t0 - sqlMs };
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
  };
}

export type ReassessmentActivities = ReturnType<typeof createReassessmentActivities>;
