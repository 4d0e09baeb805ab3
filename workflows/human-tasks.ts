import {
  ApplicationFailure,
  condition,
  defineUpdate,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { createTaskActivities } from '../activities/tasks.activities';
import { ErrorRule } from '../libs/domain/error-rules';
import { FailureType } from '../libs/domain/errors';
import { fourEyesRefusal, type FourEyesReason } from '../libs/domain/four-eyes';
import { WITHDRAW_ROLES, type Role } from '../libs/domain/roles';

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

export type { FourEyesReason };

/** Error types the API maps to HTTP statuses. */
export const REFUSALS = {
  stale: FailureType.StaleTask, // 409
  forbidden: FailureType.DecisionForbidden, // 403
  fourEyes: FailureType.FourEyes, // 403
  invalid: FailureType.InvalidDecision, // 400
  claimed: FailureType.TaskClaimed, // 409
  budget: FailureType.BudgetInsufficient, // 422
} as const;

/**
 * Runs inside the decide Update, before the decision is recorded, for one task only (a budget
 * reservation, a payment, an investigation check). Throwing refuses the decision and leaves the
 * task open; `status` is what the decider hears when the workflow does not move on by itself
 * (awaiting_funds).
 */
export type DecisionHook = (d: DecideInput) => Promise<{ status?: string; next?: NextTask } | void>;

/**
 * The task the workflow will ask next once this decision is recorded (an approval chain's next
 * stage): on a board with `completeAndOpen`, the decision's completion and this task's opening are
 * one activity, and the next ask() takes the task (see TaskBoard.preopen).
 */
export interface NextTask {
  kind: string;
  stage: string;
  candidateRole: Role;
  payload: Record<string, unknown>;
  deadlines: boolean;
}

type Opened = { taskId: string; dueInMs: number | null; graceMs: number | null };

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
  /** This task's own hook (see DecisionHook). */
  onDecision?: DecisionHook;
}

type TaskActs = ReturnType<typeof createTaskActivities>;

/** The task board's activities, with the one retry policy every workflow uses for them. */
export function proxyTaskActivities(): TaskActs {
  return proxyActivities<TaskActs>({
    startToCloseTimeout: '30 seconds',
    retry: {
      initialInterval: '1 second',
      maximumInterval: '1 minute',
      nonRetryableErrorTypes: [FailureType.NotFound, FailureType.InvalidAssignee],
    },
  });
}

const CHAIR_ROLES = ['branch_chair', 'union_chair', 'admin'];

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
  /** Tasks asked so far: part of each task's idempotency key (a stage asked again gets a new round). */
  private round: number;
  /** Increases each time the workflow comes to rest: waiting on a person, a timer, or finished. */
  private restEpoch = 0;

  private readonly completeAndOpen?: (
    c: Parameters<TaskActs['completeTask']>[0] & { next: Parameters<TaskActs['openTask']>[0] },
  ) => Promise<Opened>;

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
          if (!w.actor.roles.some((r) => (WITHDRAW_ROLES as readonly string[]).includes(r))) {
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
    /** The subject's status as the workflow holds it: what a decider hears once the workflow rests. */
    private readonly status: () => string,
    opts: {
      round?: number;
      /**
       * Completes a task and opens the next one in one activity (the aid case's, from its
       * 'aid-case-fewer-round-trips' patch on); without it a decision's NextTask is ignored.
       */
      completeAndOpen?: (
        c: Parameters<TaskActs['completeTask']>[0] & { next: Parameters<TaskActs['openTask']>[0] },
      ) => Promise<Opened>;
    } = {},
  ) {
    this.round = opts.round ?? 0;
    this.completeAndOpen = opts.completeAndOpen;
    setHandler(decideUpdate, (d) => this.onDecide(d), { validator: (d) => this.validateDecide(d) });
    setHandler(taskActionUpdate, (a) => this.onAction(a), { validator: (a) => this.validateAction(a) });
  }

  /** The next round number (tasks and other per-round keys such as a notice). */
  nextRound(): number {
    return this.round++;
  }

  /** Rounds used so far (carried across continue-as-new). */
  get rounds(): number {
    return this.round;
  }

  /** Tasks an activity of the subject's own opened ahead of their ask(), by `kind:stage:round`. */
  private readonly preopened = new Map<string, Opened>();

  /**
   * A task an activity of the subject's own already opened (the aid case's submission opens its
   * first approval task): the ask() of the same kind, stage and round takes it instead of opening
   * one (no openTask activity); every other ask opens its task as usual.
   */
  preopen(key: { kind: string; stage: string; round: number }, opened: Opened): void {
    this.preopened.set(`${key.kind}:${key.stage}:${key.round}`, opened);
  }

  /** Tracks a task opened by an activity of the subject's own (a reminder inbox item). */
  track(task: OpenTask): void {
    this.open.set(task.taskId, task);
  }

  /** Stops tracking a task closed by an activity of the subject's own. */
  forget(taskId: string): void {
    this.open.delete(taskId);
  }

  /** The open tasks as the subject's state query shows them. */
  openTasks(): Array<{ taskId: string; kind: string; stage: string; candidateRoles: string[] }> {
    return [...this.open.values()].map((t) => ({
      taskId: t.taskId,
      kind: t.kind,
      stage: t.stage,
      candidateRoles: t.candidateRoles,
    }));
  }

  /** Refuses an Update in its validator (nothing is written to history); `detail` names the catalog rule. */
  private refuse(
    type: string,
    message: string,
    detail?: { field: string; rule: string; params?: Record<string, string | number> },
  ): never {
    throw ApplicationFailure.create({ type, message, nonRetryable: true, details: detail ? [detail] : [] });
  }

  private validateDecide(d: DecideInput): void {
    const task = this.open.get(d.taskId);
    if (!task) this.refuse(REFUSALS.stale, `task ${d.taskId} is not open for a decision`);
    if (!task.decisions.includes(d.decision)) {
      this.refuse(REFUSALS.invalid, `decision must be one of ${task.decisions.join(', ')}`, {
        field: 'decision',
        rule: ErrorRule.Decision,
        params: { allowed: task.decisions.join(', ') },
      });
    }
    if (!task.candidateRoles.some((r) => d.actor.roles.includes(r))) {
      this.refuse(
        REFUSALS.forbidden,
        `only a user with role ${task.candidateRoles.join(' or ')} may decide this task`,
        { field: 'user', rule: ErrorRule.CandidateRole, params: { roles: task.candidateRoles.join(', ') } },
      );
    }
    if (task.assigneeId && task.assigneeId !== d.actor.userId) {
      this.refuse(REFUSALS.claimed, 'this task is claimed by another user; they must release it first');
    }
    if (d.decision === 'approve') {
      const refusal = fourEyesRefusal(d.actor.userId, task.excluded);
      if (refusal)
        this.refuse(REFUSALS.fourEyes, refusal.message, {
          field: 'user',
          rule: ErrorRule.FourEyes,
          params: { reason: refusal.reason },
        });
    }
    if (task.commentRequiredFor.includes(d.decision) && !d.comment?.trim()) {
      this.refuse(REFUSALS.invalid, `a comment is required to ${d.decision}`, {
        field: 'comment',
        rule: ErrorRule.CommentRequired,
        params: { decision: d.decision },
      });
    }
  }

  private async onDecide(d: DecideInput): Promise<DecideResult> {
    const task = this.open.get(d.taskId)!;
    this.open.delete(d.taskId); // a second decision on this task is now stale
    try {
      const epoch = this.restEpoch;
      const extra = task.onDecision ? await task.onDecision(d) : undefined;
      const completion = {
        taskId: d.taskId,
        subjectType: this.subject.type,
        subjectId: this.subject.id,
        workflowId: this.subject.workflowId,
        stage: task.stage,
        decision: d.decision,
        comment: d.comment ?? null,
        outcome: d.outcome ?? null,
        actor: { userId: d.actor.userId, displayName: d.actor.displayName },
      };
      const next = extra?.next;
      if (next && this.completeAndOpen) {
        // the next ask() gets the round after the ones used so far (nothing asks in between)
        const round = this.round;
        const opened = await this.completeAndOpen({
          ...completion,
          next: {
            subjectType: this.subject.type,
            subjectId: this.subject.id,
            workflowId: this.subject.workflowId,
            kind: next.kind,
            stage: next.stage,
            candidateRole: next.candidateRole,
            assigneeId: null,
            payload: next.payload,
            round,
            withDeadline: next.deadlines,
          },
        });
        this.preopen({ kind: next.kind, stage: next.stage, round }, opened);
      } else {
        await this.acts.completeTask(completion);
      }
      this.decided.set(d.taskId, d);
      // Answer once the workflow has moved on to its next resting point, so the caller's next read
      // (the next approver's inbox, the case status) already shows the result.
      if (extra?.status !== 'awaiting_funds') await condition(() => this.restEpoch > epoch);
      return {
        taskId: d.taskId,
        decision: d.decision,
        status: extra?.status === 'awaiting_funds' ? extra.status : this.status(),
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
    /** Part of the task's idempotency key (default: the board's next round). */
    round?: number;
    deadlines: boolean;
    /** Runs inside the decide Update before this task's decision is recorded. */
    onDecision?: DecisionHook;
    /** Due this many working days after opening (default: the policy's stageDueWorkingDays). */
    dueWorkingDays?: number;
  }): Promise<DecideInput> {
    const round = spec.round ?? this.nextRound();
    const key = `${spec.kind}:${spec.stage}:${round}`;
    const pre = this.preopened.get(key);
    this.preopened.delete(key);
    const opened =
      pre ??
      (await this.acts.openTask({
        subjectType: this.subject.type,
        subjectId: this.subject.id,
        workflowId: this.subject.workflowId,
        kind: spec.kind,
        stage: spec.stage,
        candidateRole: spec.candidateRole,
        assigneeId: spec.assigneeId ?? null,
        payload: spec.payload ?? {},
        round,
        withDeadline: spec.deadlines,
        ...(spec.dueWorkingDays !== undefined ? { dueWorkingDays: spec.dueWorkingDays } : {}),
      }));
    const task: OpenTask = {
      taskId: opened.taskId,
      kind: spec.kind,
      stage: spec.stage,
      candidateRoles: [spec.candidateRole],
      decisions: spec.decisions,
      assigneeId: spec.assigneeId ?? null,
      excluded: spec.excluded ?? [],
      commentRequiredFor: spec.commentRequiredFor ?? ['reject', 'return'],
      onDecision: spec.onDecision,
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
