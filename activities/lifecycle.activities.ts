import { Context } from '@temporalio/activity';
import type { EarlyWarningsRepository } from '../libs/lifecycle/early-warnings.repository';
import type { LifecycleStarterService } from '../libs/lifecycle/lifecycle-starter.service';
import type { RecertificationsRepository } from '../libs/lifecycle/recertifications.repository';
import type { SubsidiesRepository } from '../libs/lifecycle/subsidies.repository';

/**
 * Activities of the dynamic-management workflows: regular subsidy, annual re-certification,
 * early-warning outreach, and the sweep that starts the per-file workflows.
 */
export function createLifecycleActivities({
  subsidies,
  recertifications,
  earlyWarnings,
  starter,
}: {
  subsidies: SubsidiesRepository;
  recertifications: RecertificationsRepository;
  earlyWarnings: EarlyWarningsRepository;
  starter: LifecycleStarterService;
}) {
  return {
    settleSubsidyQuarter: (s: { fileId: string; workflowId: string; quarter: string; asOf: string }) =>
      subsidies.settleQuarter(s),
    resumeSuspendedSubsidies: (r: { fileId: string; workflowId: string; asOf: string }) =>
      subsidies.resumeSuspended(r),

    planRecertification: (p: { fileId: string; lastDueOn: string | null }) => recertifications.plan(p),
    openRecertification: (o: {
      fileId: string;
      workflowId: string;
      dueOn: string;
      mode: string;
      policyVersion: number;
    }) => recertifications.open(o),
    linkRecertificationTask: (l: { fileId: string; dueOn: string; taskId: string }) =>
      recertifications.linkTask(l),
    recordRecertification: (r: Parameters<RecertificationsRepository['record']>[0]) =>
      recertifications.record(r),

    planOutreach: (p: { eventId: string }) => earlyWarnings.plan(p),
    linkOutreachTask: (l: { eventId: string; workflowId: string; taskId: string }) =>
      earlyWarnings.linkTask(l),
    recordOutreach: (r: { eventId: string; workflowId: string; actorId: string; comment: string | null }) =>
      earlyWarnings.recordOutreach(r),
    closeEarlyWarning: (c: { eventId: string; workflowId: string; actorId: string }) =>
      earlyWarnings.close(c),

    /** One page of the sweep: starts the missing subsidy / re-certification workflows of active files. */
    async ensureLifecycleWorkflows(p: { afterId: string | null; limit: number }) {
      const ctx = Context.current();
      return starter.ensurePage(ctx.client, ctx.info.taskQueue, p.afterId, p.limit);
    },
  };
}

/**
 * Hook for the hardship-file activity that records a status (files.activities.ts): a file that
 * becomes active gets its per-file workflows at once; a closed file's workflows are told to end.
 * Runs inside that activity, so it uses the activity's client; idempotent on retries.
 */
export function lifecycleStatusHook(starter: LifecycleStarterService) {
  return async (c: { fileId: string; status: string }): Promise<void> => {
    const ctx = Context.current();
    if (c.status === 'active') await starter.ensureForFile(ctx.client, ctx.info.taskQueue, c.fileId);
    else if (c.status === 'closed') await starter.signalClosed(ctx.client, c.fileId);
  };
}

export type LifecycleActivities = ReturnType<typeof createLifecycleActivities>;
