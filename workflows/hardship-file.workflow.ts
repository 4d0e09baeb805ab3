import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { CaseStatusKey } from '../libs/temporal/search-attributes';
import type { createFileActivities } from '../activities/files.activities';
import { REFUSALS, TaskBoard, Withdrawn, proxyTaskActivities } from './human-tasks';

export type FileStatus =
  | 'investigating'
  | 'pending_approval'
  | 'returned'
  | 'in_notice'
  | 'active'
  | 'rejected'
  | 'withdrawn'
  | 'closed';

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
export const fileObjectionSignal = defineSignal<[{ by: string; text: string }]>('objection');
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
    nonRetryableErrorTypes: ['NotFound', 'DuplicateOpenFile'],
  },
});
const taskActs = proxyTaskActivities();

const CLOSER_ROLES = ['union_chair', 'admin'];

/**
 * Hardship file registration (`hardship-file:<fileId>`): investigation (five clears and a home
 * visit, or it cannot complete) → category by the policy in force → approval stages → public
 * notice for the policy's working days (objections send it back to review) → active, until it is
 * closed with a reason. Rejected and withdrawn files end cleanly.
 */
export async function hardshipFileWorkflow(input: HardshipFileInput): Promise<{ status: FileStatus }> {
  const { workflowId } = workflowInfo();
  const fileId = input.fileId;
  const board = new TaskBoard(taskActs, { type: 'hardship_file', id: fileId, workflowId });
  let status: FileStatus = input.activeSince ? 'active' : 'investigating';
  let category: string | null = null;
  let fileNo: string | undefined = undefined;
  let closeRequest: { reason: string } | undefined;
  const objections: Array<{ by: string; text: string }> = [];
  let objectionsHandled = 0;
  let round = 0;

  // Search attributes are kept current only when the starter set them (the API does).
  const indexed = workflowInfo().typedSearchAttributes.get(CaseStatusKey) !== undefined;
  const setStatus = async (next: FileStatus, reason?: string) => {
    // the row first: whoever waits on this status (an Update) then reads it from the database too
    await fileActs.setFileStatus({ fileId, workflowId, status: next, reason });
    status = next;
    board.status = next;
    if (indexed) upsertSearchAttributes([{ key: CaseStatusKey, value: next }]);
  };

  setHandler(hardshipFileStateQuery, () => ({
    status,
    category,
    openTasks: [...board.open.values()].map((t) => ({
      taskId: t.taskId,
      kind: t.kind,
      stage: t.stage,
      candidateRoles: t.candidateRoles,
    })),
  }));
  setHandler(fileOpenedUpdate, async () => {
    await condition(() => fileNo !== undefined && board.open.size > 0);
    return { fileNo: fileNo! };
  });
  setHandler(fileObjectionSignal, (o) => {
    if (status === 'in_notice') objections.push(o);
  });
  board.handleWithdraw('file', ['investigating', 'pending_approval', 'returned', 'in_notice'], () => status);

  setHandler(
    closeFileUpdate,
    async (c) => {
      closeRequest = { reason: c.reason };
      await condition(() => status === 'closed');
      return { status };
    },
    {
      validator: (c: { actor: { roles: string[] } }) => {
        if (status !== 'active')
          throw ApplicationFailure.create({
            type: REFUSALS.stale,
            message: `only an active file can be closed (this one is ${status})`,
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
    if (status === 'active' && !closeRequest) closeRequest = { reason: c.reason };
  });

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

      // --- investigation: the five clears and a home visit ---------------------------------------
      let investigatorId = input.createdBy;
      board.beforeDecision = async (task, d) => {
        if (task.kind === 'investigation') {
          const check = await fileActs.checkInvestigation({ fileId });
          if (!check.complete) {
            throw ApplicationFailure.create({
              type: 'InvestigationIncomplete',
              message: `the investigation is not complete: record ${check.missing.join(', ')} first (五清一访)`,
              nonRetryable: true,
              details: [check.missing],
            });
          }
          investigatorId = d.actor.userId;
          await fileActs.recordInvestigator({ fileId, workflowId, investigatorId });
        }
        return undefined;
      };
      await board.ask({
        kind: 'investigation',
        stage: 'investigation',
        candidateRole: 'caseworker',
        assigneeId: input.createdBy,
        decisions: ['done'],
        commentRequiredFor: [],
        round: round++,
        deadlines: true,
      });

      for (;;) {
        // --- category by the policy in force ----------------------------------------------------
        const c = await fileActs.computeFileCategory({ fileId, workflowId });
        category = c.category;
        if (!c.category) {
          await setStatus('rejected', `not in hardship by policy ${c.policyVersion}: ${c.reason}`);
          board.rest();
          await condition(allHandlersFinished);
          return { status: 'rejected' };
        }
        // --- approval stages ----------------------------------------------------------------------
        await setStatus('pending_approval');
        const approvers: string[] = [];
        const excluded = [...plan.excluded, { userId: investigatorId, reason: 'investigator' as const }];
        const objection = objections[objectionsHandled - 1];
        let rejected = false;
        for (let i = 0; i < plan.stages.length && !rejected;) {
          const stage = plan.stages[i]!;
          const d = await board.ask({
            kind: 'approval',
            stage: stage.code,
            candidateRole: stage.candidateRole,
            escalateTo: plan.stages[i + 1]?.candidateRole ?? 'admin',
            decisions: ['approve', 'reject', 'return'],
            excluded: [
              ...excluded,
              ...approvers.map((userId) => ({ userId, reason: 'earlier_approver' as const })),
            ],
            payload: {
              stageNameZh: stage.nameZh,
              stageNameEn: stage.nameEn,
              category,
              ...(objection ? { objection } : {}),
            },
            round: round++,
            deadlines: true,
          });
          if (d.decision === 'reject') {
            rejected = true;
            await setStatus('rejected', d.comment);
          } else if (d.decision === 'return') {
            await setStatus('returned', d.comment);
            await board.ask({
              kind: 'rework',
              stage: stage.code,
              candidateRole: 'caseworker',
              assigneeId: input.createdBy,
              decisions: ['done'],
              commentRequiredFor: [],
              payload: { comment: d.comment },
              round: round++,
              deadlines: false,
            });
            await setStatus('pending_approval');
          } else {
            approvers.push(d.actor.userId);
            i++;
          }
        }
        if (rejected) {
          board.rest();
          await condition(allHandlersFinished);
          return { status: 'rejected' };
        }
        // --- public notice (公示) --------------------------------------------------------------
        const notice = await fileActs.startFileNotice({ fileId, workflowId });
        status = 'in_notice';
        board.status = status;
        if (indexed) upsertSearchAttributes([{ key: CaseStatusKey, value: status }]);
        board.rest();
        const objected = await condition(
          () => objections.length > objectionsHandled || board.aborted,
          notice.durationMs,
        );
        if (board.aborted) throw new Withdrawn();
        if (!objected) break;
        objectionsHandled = objections.length;
        await fileActs.recordFileObjection({
          fileId,
          workflowId,
          objection: objections[objectionsHandled - 1]!,
        });
      }
      await setStatus('active');
    } catch (err) {
      if (!(err instanceof Withdrawn)) throw err;
      await taskActs.cancelOpenTasks({ workflowId });
      await setStatus('withdrawn');
      await condition(allHandlersFinished);
      return { status: 'withdrawn' };
    }
  }

  // --- active: dynamic management (re-assessment and exit come with later work) --------------------
  board.rest();
  await condition(() => closeRequest !== undefined || workflowInfo().continueAsNewSuggested);
  if (!closeRequest) {
    await condition(allHandlersFinished);
    await continueAsNew<typeof hardshipFileWorkflow>({ ...input, activeSince: true });
  }
  await setStatus('closed', closeRequest!.reason);
  await condition(allHandlersFinished);
  return { status: 'closed' };
}
