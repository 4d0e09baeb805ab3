import {
  ApplicationFailure,
  condition,
  defineUpdate,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { createTaskActivities } from '../activities/tasks.activities';
import type { Role } from '../libs/domain/roles';

/**
 * Human steps shared by every subject workflow (aid case, hardship file, …): open a task, wait for
 * a decision with a deadline (remind, then escalate — never decide by timing out), claim, release,
 * reassign. All rows are written by activities; the workflow keeps ids, roles and flags only.
 */

export type TaskDecision = 'approve' | 'reject' | 'return' | 'done';

export interface Actor {
  userId: string;
  displayName: string;
  roles: string[];
}

export interface DecideInput {
  taskId: string;
  decision: TaskDecision;
  comment?: string;
  /** Free-form outcome for non-approval tasks (payment reference, visit outcome…). */
  outcome?: Record<string, unknown>;
  actor: Actor;
}

export interface DecideResult {
  taskId: string;
  decision: TaskDecision;
  status: string;
}

export interface TaskActionInput {
  taskId: string;
  action: 'claim' | 'release' | 'reassign';
  toUserId?: string;
  actor: Actor;
}

export type FourEyesReason = 'investigator' | 'caseworker' | 'pairing_leader' | 'earlier_approver';

/** Error types the API maps to HTTP statuses. */
export const REFUSALS = {
  stale: 'StaleTask', // 409
  forbidden: 'DecisionForbidden', // 403
  fourEyes: 'FourEyes', // 403
  invalid: 'InvalidDecision', // 400
  claimed: 'TaskClaimed', // 409
  budget: 'BudgetInsufficient', // 422
} as const;

export const decideUpdate = defineUpdate<DecideResult, [DecideInput]>('decide');
export const taskActionUpdate = defineUpdate<
  { taskId: string; assigneeId: string | null },
  [TaskActionInput]
>('taskAction');

export interface OpenTask {
  taskId: string;
  kind: string;
  stage: string;
  candidateRoles: Role[];
  /** Decisions this task accepts. */
  decisions: TaskDecision[];
  assigneeId: string | null;
  /** Users who may not approve, with why (four-eyes). */
  excluded: Array<{ userId: string; reason: FourEyesReason }>;
  commentRequiredFor: TaskDecision[];
}

type TaskActs = ReturnType<typeof createTaskActivities>;

/** The task board's activities, with the one retry policy every workflow uses for them. */
export function proxyTaskActivities(): TaskActs {
  return proxyActivities<TaskActs>({
    startToCloseTimeout: '30 seconds',
    retry: {
      initialInterval: '1 second',
      maximumInterval: '1 minute',
      nonRetryableErrorTypes: ['NotFound', 'InvalidAssignee'],
    },
  });
}

const FOUR_EYES_TEXT: Record<FourEyesReason, string> = {
  investigator: 'you investigated this household (四眼原则：调查人不能审批)',
  caseworker: "you are the applicant's caseworker (四眼原则：经办人不能审批)",
  pairing_leader: "you are the household's pairing leader (四眼原则：结对领导不能审批)",
  earlier_approver: 'you already approved an earlier stage of this subject (四眼原则：同一事项不能两次审批)',
};

const CHAIR_ROLES = ['branch_chair', 'union_chair', 'admin'];
const WITHDRAW_ROLES = ['caseworker', ...CHAIR_ROLES];

/** Thrown by ask() after withdraw(); the subject workflow catches it and ends as withdrawn. */
export class Withdrawn extends Error {
  constructor() {
    super('withdrawn');
    this.name = 'Withdrawn';
  }
}

export const withdrawUpdate = defineUpdate<{ status: string }, [{ reason: string; actor: Actor }]>(
  'withdraw',
);

export class TaskBoard {
  readonly open = new Map<string, OpenTask>();
  private readonly decided = new Map<string, DecideInput>();
  /** Runs inside the decide handler before the decision is recorded (e.g. budget reservation). */
  beforeDecision?: (task: OpenTask, d: DecideInput) => Promise<{ status?: string } | void>;
  status = '';
  /** Increases each time the workflow comes to rest: waiting on a person, a timer, or finished. */
  private restEpoch = 0;

  /** Set by withdraw(): every wait on a task ends and ask() throws Withdrawn. */
  aborted = false;

  abort(): void {
    this.aborted = true;
    this.open.clear();
  }

  /**
   * Registers the withdraw Update for a subject: allowed to a caseworker or a chair while the
   * subject's status is one of `withdrawable`; it aborts every wait on a task and answers once the
   * workflow has recorded 'withdrawn'.
   */
  handleWithdraw(noun: string, withdrawable: readonly string[], status: () => string): void {
    setHandler(
      withdrawUpdate,
      async () => {
        this.abort();
        await condition(() => status() === 'withdrawn');
        return { status: status() };
      },
      {
        validator: (w: { reason: string; actor: { roles: string[] } }) => {
          if (!withdrawable.includes(status())) {
            this.refuse(REFUSALS.stale, `a ${noun} that is ${status()} cannot be withdrawn`);
          }
          if (!w.actor.roles.some((r) => WITHDRAW_ROLES.includes(r))) {
            this.refuse(REFUSALS.forbidden, `only a caseworker or a chair may withdraw a ${noun}`);
          }
        },
      },
    );
  }

  /** The workflow is about to wait on something other than a task (a timer, the notice period, the end). */
  rest(): void {
    this.restEpoch++;
  }

  constructor(
    private readonly acts: TaskActs,
    private readonly subject: { type: string; id: string; workflowId: string },
  ) {
    setHandler(decideUpdate, (d) => this.onDecide(d), { validator: (d) => this.validateDecide(d) });
    setHandler(taskActionUpdate, (a) => this.onAction(a), { validator: (a) => this.validateAction(a) });
  }

  private refuse(type: string, message: string): never {
    throw ApplicationFailure.create({ type, message, nonRetryable: true });
  }

  private validateDecide(d: DecideInput): void {
    const task = this.open.get(d.taskId);
    if (!task) this.refuse(REFUSALS.stale, `task ${d.taskId} is not open for a decision`);
    if (!task.decisions.includes(d.decision)) {
      this.refuse(REFUSALS.invalid, `decision must be one of ${task.decisions.join(', ')}`);
    }
    if (!task.candidateRoles.some((r) => d.actor.roles.includes(r))) {
      this.refuse(
        REFUSALS.forbidden,
        `only a user with role ${task.candidateRoles.join(' or ')} may decide this task`,
      );
    }
    if (task.assigneeId && task.assigneeId !== d.actor.userId) {
      this.refuse(REFUSALS.claimed, 'this task is claimed by another user; they must release it first');
    }
    if (d.decision === 'approve') {
      const hit = task.excluded.find((e) => e.userId === d.actor.userId);
      if (hit) this.refuse(REFUSALS.fourEyes, `you cannot approve: ${FOUR_EYES_TEXT[hit.reason]}`);
    }
    if (task.commentRequiredFor.includes(d.decision) && !d.comment?.trim()) {
      this.refuse(REFUSALS.invalid, `a comment is required to ${d.decision}`);
    }
  }

  private async onDecide(d: DecideInput): Promise<DecideResult> {
    const task = this.open.get(d.taskId)!;
    this.open.delete(d.taskId); // a second decision on this task is now stale
    try {
      const epoch = this.restEpoch;
      const extra = this.beforeDecision ? await this.beforeDecision(task, d) : undefined;
      await this.acts.completeTask({
        taskId: d.taskId,
        subjectType: this.subject.type,
        subjectId: this.subject.id,
        workflowId: this.subject.workflowId,
        stage: task.stage,
        decision: d.decision,
        comment: d.comment ?? null,
        outcome: d.outcome ?? null,
        actor: { userId: d.actor.userId, displayName: d.actor.displayName },
      });
      this.decided.set(d.taskId, d);
      // Answer once the workflow has moved on to its next resting point, so the caller's next read
      // (the next approver's inbox, the case status) already shows the result.
      if (extra?.status !== 'awaiting_funds') await condition(() => this.restEpoch > epoch);
      return {
        taskId: d.taskId,
        decision: d.decision,
        status: extra?.status === 'awaiting_funds' ? extra.status : this.status,
      };
    } catch (err) {
      this.open.set(d.taskId, task); // nothing was decided: the task stays open
      throw err;
    }
  }

  private validateAction(a: TaskActionInput): void {
    const task = this.open.get(a.taskId);
    if (!task) this.refuse(REFUSALS.stale, `task ${a.taskId} is not open`);
    const isChair = a.actor.roles.some((r) => CHAIR_ROLES.includes(r));
    if (a.action === 'claim') {
      if (!task.candidateRoles.some((r) => a.actor.roles.includes(r))) {
        this.refuse(
          REFUSALS.forbidden,
          `only a user with role ${task.candidateRoles.join(' or ')} may claim this task`,
        );
      }
      if (task.assigneeId && task.assigneeId !== a.actor.userId)
        this.refuse(REFUSALS.claimed, 'already claimed by another user');
    } else if (a.action === 'release') {
      if (!task.assigneeId) this.refuse(REFUSALS.stale, 'the task is not claimed');
      if (task.assigneeId !== a.actor.userId && !isChair)
        this.refuse(REFUSALS.forbidden, 'only the assignee or a chair may release it');
    } else {
      if (!isChair) this.refuse(REFUSALS.forbidden, 'only a chair or an administrator may reassign a task');
      if (!a.toUserId) this.refuse(REFUSALS.invalid, 'toUserId is required to reassign');
    }
  }

  private async onAction(a: TaskActionInput): Promise<{ taskId: string; assigneeId: string | null }> {
    const task = this.open.get(a.taskId)!;
    const assigneeId = a.action === 'release' ? null : a.action === 'claim' ? a.actor.userId : a.toUserId!;
    await this.acts.assignTask({
      taskId: a.taskId,
      workflowId: this.subject.workflowId,
      action: a.action,
      assigneeId,
      candidateRoles: task.candidateRoles,
      actor: { userId: a.actor.userId, displayName: a.actor.displayName },
    });
    task.assigneeId = assigneeId;
    return { taskId: a.taskId, assigneeId };
  }

  /**
   * Opens a task and waits for its decision. When it falls due, the candidates are reminded; after
   * the grace period it is escalated to the next level's candidates. It never decides itself.
   */
  async ask(spec: {
    kind: string;
    stage: string;
    candidateRole: Role;
    escalateTo?: Role;
    decisions: TaskDecision[];
    commentRequiredFor?: TaskDecision[];
    excluded?: OpenTask['excluded'];
    assigneeId?: string | null;
    payload?: Record<string, unknown>;
    /** Part of the task's idempotency key: a stage asked again after a return gets a new round. */
    round: number;
    deadlines: boolean;
    /** Due this many working days after opening (default: the policy's stageDueWorkingDays). */
    dueWorkingDays?: number;
  }): Promise<DecideInput> {
    const opened = await this.acts.openTask({
      subjectType: this.subject.type,
      subjectId: this.subject.id,
      workflowId: this.subject.workflowId,
      kind: spec.kind,
      stage: spec.stage,
      candidateRole: spec.candidateRole,
      assigneeId: spec.assigneeId ?? null,
      payload: spec.payload ?? {},
      round: spec.round,
      withDeadline: spec.deadlines,
      ...(spec.dueWorkingDays !== undefined ? { dueWorkingDays: spec.dueWorkingDays } : {}),
    });
    const task: OpenTask = {
      taskId: opened.taskId,
      kind: spec.kind,
      stage: spec.stage,
      candidateRoles: [spec.candidateRole],
      decisions: spec.decisions,
      assigneeId: spec.assigneeId ?? null,
      excluded: spec.excluded ?? [],
      commentRequiredFor: spec.commentRequiredFor ?? ['reject', 'return'],
    };
    this.open.set(task.taskId, task);
    this.rest();
    const done = () => this.decided.has(task.taskId) || this.aborted;
    if (spec.deadlines && opened.dueInMs !== null) {
      if (!(await condition(done, Math.max(opened.dueInMs, 1)))) {
        await this.acts.remindTask({ taskId: task.taskId, workflowId: this.subject.workflowId });
        if (opened.graceMs !== null && !(await condition(done, Math.max(opened.graceMs, 1)))) {
          const to = spec.escalateTo;
          if (to && !task.candidateRoles.includes(to)) {
            await this.acts.escalateTask({
              taskId: task.taskId,
              workflowId: this.subject.workflowId,
              toRole: to,
            });
            task.candidateRoles = [...task.candidateRoles, to];
          }
        }
      }
    }
    await condition(done);
    if (this.aborted && !this.decided.has(task.taskId)) throw new Withdrawn();
    return this.decided.get(task.taskId)!;
  }
}
