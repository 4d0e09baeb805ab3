import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { createFileActivities } from '../activities/files.activities';
import { FailureType } from '../libs/domain/errors';
import type { FileStatus } from '../libs/domain/file-status';
import { Objections, objectionSignal, runApprovalChain, runPublicNotice } from './approvals';
import { REFUSALS, TaskBoard, Withdrawn, proxyTaskActivities } from './human-tasks';
import { endLifecycleWorkflows, ensureLifecycleWorkflows } from './lifecycle-children';
import { statusRecorder } from './status';

/** The file's statuses, open and ended: libs/domain/file-status.ts. */
export type { FileStatus };

export interface HardshipFileInput {
  fileId: string;
  workerId: string;
  causes: string[];
  createdBy: string;
  reopenedFrom?: string | null;
  /** Set when continuing as new after activation. */
  activeSince?: boolean;
}

export interface HardshipFileState {
  status: FileStatus;
  category: string | null;
  openTasks: Array<{ taskId: string; kind: string; stage: string; candidateRoles: string[] }>;
}

export const hardshipFileStateQuery = defineQuery<HardshipFileState>('state');
export const fileOpenedUpdate = defineUpdate<{ fileNo: string }>('fileOpened');
/** The same 'objection' signal as every subject with a public notice (workflows/approvals.ts). */
export const fileObjectionSignal = objectionSignal;
export const closeFileUpdate = defineUpdate<
  { status: FileStatus },
  [
    {
      reason: 'exit' | 'retired' | 'moved' | 'deceased' | 'unreachable';
      actor: { userId: string; roles: string[] };
    },
  ]
>('closeFile');
/**
 * Closing by the system (an approved exit, a re-check that found the worker moved, retired,
 * deceased or unreachable). Fire-and-forget from another workflow; ignored unless the file is active.
 */
export const closeFileSignal =
  defineSignal<[{ reason: 'exit' | 'retired' | 'moved' | 'deceased' | 'unreachable'; by: string }]>(
    'closeFileBySystem',
  );

const fileActs = proxyActivities<ReturnType<typeof createFileActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [FailureType.NotFound, FailureType.DuplicateOpenFile],
  },
});
const taskActs = proxyTaskActivities();

const CLOSER_ROLES = ['union_chair', 'admin'];

/** Patch ids (docs/architecture.md, "Changing a workflow"): code paths added after histories were recorded. */
export const FILE_PATCHES = {
  /** The file's workflow starts its subsidy and re-certification workflows (was an activity hook). */
  startsLifecycle: 'file-starts-lifecycle-workflows',
  /** … and tells them when the file closes. */
  endsLifecycle: 'file-ends-lifecycle-workflows',
} as const;

/**
 * Hardship file registration (`hardship-file:<fileId>`): investigation (five clears and a home
 * visit, or it cannot complete) → category by the policy in force → approval chain (the
 * investigator may not approve) → public notice for the policy's working days (an objection sends
 * it back to the category and the chain) → active, until it is closed with a reason. Rejected and
 * withdrawn files end cleanly.
 */
export async function hardshipFileWorkflow(input: HardshipFileInput): Promise<{ status: FileStatus }> {
  const { workflowId } = workflowInfo();
  const fileId = input.fileId;
  const status = statusRecorder<FileStatus, [reason?: string]>(
    input.activeSince ? 'active' : 'investigating',
    (next, reason) => fileActs.setFileStatus({ fileId, workflowId, status: next, reason }),
  );
  const board = new TaskBoard(
    taskActs,
    { type: 'hardship_file', id: fileId, workflowId },
    () => status.current,
  );
  const objections = new Objections(() => status.current === 'in_notice');
  let category: string | null = null;
  let fileNo: string | undefined = undefined;
  let closeRequest: { reason: string } | undefined;

  setHandler(hardshipFileStateQuery, () => ({
    status: status.current,
    category,
    openTasks: board.openTasks(),
  }));
  setHandler(fileOpenedUpdate, async () => {
    await condition(() => fileNo !== undefined && board.open.size > 0);
    return { fileNo: fileNo! };
  });
  board.handleWithdraw(
    'file',
    ['investigating', 'pending_approval', 'returned', 'in_notice'],
    () => status.current,
  );

  setHandler(
    closeFileUpdate,
    async (c) => {
      closeRequest = { reason: c.reason };
      await condition(() => status.current === 'closed');
      return { status: status.current };
    },
    {
      validator: (c: { actor: { roles: string[] } }) => {
        if (status.current !== 'active')
          throw ApplicationFailure.create({
            type: REFUSALS.stale,
            message: `only an active file can be closed (this one is ${status.current})`,
            nonRetryable: true,
          });
        if (!c.actor.roles.some((r: string) => CLOSER_ROLES.includes(r))) {
          throw ApplicationFailure.create({
            type: REFUSALS.forbidden,
            message: 'only the union chair or an administrator may close a file',
            nonRetryable: true,
          });
        }
      },
    },
  );

  setHandler(closeFileSignal, (c) => {
    if (status.current === 'active' && !closeRequest) closeRequest = { reason: c.reason };
  });

  const end = async (final: FileStatus, reason?: string) => {
    if (reason !== undefined || final !== status.current) await status.record(final, reason);
    board.rest();
    await condition(allHandlersFinished);
    return { status: final };
  };

  /** The five clears and a home visit (五清一访); whoever completes it may not approve the file. */
  const investigate = async (createdBy: string): Promise<string> => {
    let investigatorId = createdBy;
    await board.ask({
      kind: 'investigation',
      stage: 'investigation',
      candidateRole: 'caseworker',
      assigneeId: createdBy,
      decisions: ['done'],
      commentRequiredFor: [],
      deadlines: true,
      onDecision: async (d) => {
        const check = await fileActs.checkInvestigation({ fileId });
        if (!check.complete) {
          throw ApplicationFailure.create({
            type: FailureType.InvestigationIncomplete,
            message: `the investigation is not complete: record ${check.missing.join(', ')} first (五清一访)`,
            nonRetryable: true,
            details: [check.missing],
          });
        }
        investigatorId = d.actor.userId;
        await fileActs.recordInvestigator({ fileId, workflowId, investigatorId });
      },
    });
    return investigatorId;
  };

  /** Category, approval chain and public notice, until a notice passes without objection. */
  const register = async (
    plan: Awaited<ReturnType<typeof fileActs.recordFileOpened>>,
    investigatorId: string,
  ): Promise<'active' | { rejected: string }> => {
    for (;;) {
      const c = await fileActs.computeFileCategory({ fileId, workflowId });
      category = c.category;
      if (!c.category) return { rejected: `not in hardship by policy ${c.policyVersion}: ${c.reason}` };
      await status.record('pending_approval');
      const objection = objections.last;
      const verdict = await runApprovalChain(board, {
        stages: plan.stages,
        excluded: [...plan.excluded, { userId: investigatorId, reason: 'investigator' }],
        subject: { category, ...(objection ? { objection } : {}) },
        rework: {
          assigneeId: input.createdBy,
          onReturned: (_stage, d) => status.record('returned', d.comment),
          onResubmitted: () => status.record('pending_approval'),
        },
      });
      if ('withdrawn' in verdict) throw new Withdrawn();
      if ('rejected' in verdict) return { rejected: verdict.comment ?? '' };
      const notice = await runPublicNotice(board, {
        objections,
        start: () => fileActs.startFileNotice({ fileId, workflowId }),
        onStarted: () => status.mark('in_notice'),
        record: (objection) => fileActs.recordFileObjection({ fileId, workflowId, objection }),
      });
      if ('passed' in notice) return 'active';
    }
  };

  if (!input.activeSince) {
    try {
      const plan = await fileActs.recordFileOpened({
        fileId,
        workflowId,
        workerId: input.workerId,
        causes: input.causes,
        createdBy: input.createdBy,
        reopenedFrom: input.reopenedFrom,
      });
      fileNo = plan.fileNo;
      const investigatorId = await investigate(input.createdBy);
      const outcome = await register(plan, investigatorId);
      if (outcome !== 'active') return await end('rejected', outcome.rejected);
      await status.record('active');
      if (patched(FILE_PATCHES.startsLifecycle)) await ensureLifecycleWorkflows(fileId);
    } catch (err) {
      if (!(err instanceof Withdrawn)) throw err;
      await taskActs.cancelOpenTasks({ workflowId });
      await status.record('withdrawn');
      await condition(allHandlersFinished);
      return { status: 'withdrawn' };
    }
  }

  // --- active: its subsidy and re-certification workflows run beside it; re-assessment looks at it ---
  board.rest();
  await condition(() => closeRequest !== undefined || workflowInfo().continueAsNewSuggested);
  if (!closeRequest) {
    await condition(allHandlersFinished);
    await continueAsNew<typeof hardshipFileWorkflow>({ ...input, activeSince: true });
  }
  await status.record('closed', closeRequest!.reason);
  if (patched(FILE_PATCHES.endsLifecycle)) await endLifecycleWorkflows(fileId);
  await condition(allHandlersFinished);
  return { status: 'closed' };
}
