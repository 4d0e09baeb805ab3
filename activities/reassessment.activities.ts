import { Context } from '@temporalio/activity';
import type {
  CampaignBegin,
  CloseReason,
  PageInput,
  ReassessmentRepository,
} from '../libs/reassessment/reassessment.repository';
import type { OpenTaskInput, TasksRepository } from '../libs/tasks/tasks.repository';

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
      Context.current().heartbeat({ after: p.after });
      const r = await reassessments.reassessPage(p);
      Context.current().heartbeat({ after: r.lastId, inserted: r.inserted });
      return r;
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
    async openRecheckTask(t: OpenTaskInput) {
      const dueDays = await reassessments.recheckDueDays();
      return tasks.openDueInDays({ ...t, dueDays });
    },
  };
}

export type ReassessmentActivities = ReturnType<typeof createReassessmentActivities>;
