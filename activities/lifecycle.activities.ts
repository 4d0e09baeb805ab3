import { Context } from '@temporalio/activity';
import type { EarlyWarningsRepository } from '../libs/lifecycle/early-warnings.repository';
import type {
  LifecycleKind,
  LifecycleWorkflowsRepository,
} from '../libs/lifecycle/lifecycle-workflows.repository';
import { workflowIds } from '../libs/temporal/ids';
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
  lifecycleWorkflows,
}: {
  subsidies: SubsidiesRepository;
  recertifications: RecertificationsRepository;
  earlyWarnings: EarlyWarningsRepository;
  lifecycleWorkflows: LifecycleWorkflowsRepository;
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

    /** The per-file workflows an active file is missing (the file's workflow starts them). */
    async missingLifecycleWorkflows(p: { fileId: string }): Promise<{ kinds: LifecycleKind[] }> {
      return { kinds: await lifecycleWorkflows.missingFor(p.fileId) };
    },
    /** One keyset page of active files missing a per-file workflow (the sweep starts them). */
    lifecycleWorkflowsPage: (p: { afterId: string | null; limit: number }) =>
      lifecycleWorkflows.page(p.afterId, p.limit),
    recordLifecycleWorkflow: (r: { fileId: string; kind: LifecycleKind; workflowId: string }) =>
      lifecycleWorkflows.record(r.fileId, r.kind, r.workflowId),

    /**
     * @deprecated Only for a sweep that was running when the sweep began starting the per-file
     * workflows itself (patch 'lifecycle-sweep-starts-children' in lifecycle-sweep.workflow.ts).
     * Remove, with deprecatePatch there, once no sweep from before that release runs (they are daily).
     */
    async ensureLifecycleWorkflows(p: { afterId: string | null; limit: number }) {
      const ctx = Context.current();
      const page = await lifecycleWorkflows.page(p.afterId, p.limit);
      let started = 0;
      for (const f of page.files) {
        for (const kind of f.kinds) {
          const workflowId =
            kind === 'subsidy' ? workflowIds.subsidy(f.id) : workflowIds.recertification(f.id);
          await ctx.client.workflow.start(
            kind === 'subsidy' ? 'subsidyWorkflow' : 'recertificationWorkflow',
            {
              taskQueue: ctx.info.taskQueue,
              workflowId,
              workflowIdConflictPolicy: 'USE_EXISTING',
              args: [{ fileId: f.id }],
            },
          );
          await lifecycleWorkflows.record(f.id, kind, workflowId);
          started++;
        }
      }
      return { files: page.files.length, started, nextAfterId: page.nextAfterId };
    },
  };
}

export type LifecycleActivities = ReturnType<typeof createLifecycleActivities>;
