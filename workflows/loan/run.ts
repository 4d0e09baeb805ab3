import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { createLoanActivities } from '../../activities/loans.activities';
import {
  allocatePayments,
  chinaDateOf,
  type InstalmentState,
  type LoanPlan,
  type LoanSnapshot,
  type LoanStatus,
} from '../../libs/domain/loan';
import type { LoanLadderStep, StageDef } from '../../libs/domain/policy-types';
import {
  REFUSALS,
  TaskBoard,
  Withdrawn,
  type DecideInput,
  type DecisionHook,
  type OpenTask,
  proxyTaskActivities,
} from '../human-tasks';
import { runApprovalChain } from '../approvals';
import {
  collectionHoldChangedSignal,
  loanRecordedUpdate,
  loanRequestUpdate,
  loanStateQuery,
  repaymentSignal,
  type LoanInput,
  type LoanRequest,
  type LoanRequestKind,
  type LoanResult,
  type LoanState,
  type LoanWorkflowFn,
} from './definitions';
import {
  DAY,
  episodeOf,
  ladderClockStart,
  loanEvents,
  overdueFen,
  reminderStillDue,
  type LadderEvent,
  type LoanEvent,
  type ReminderEvent,
} from './events';
import { FailureType } from '../../libs/domain/errors';

/*
 * Determinism: the servicing loop in LoanRun.service() awaits activities, setStatus, refreshHold,
 * closeReminders and its rest condition itself, exactly where the single-function workflow did;
 * the named steps it calls around them are synchronous, or return that one promise unchanged. That
 * keeps the workflow's command order (with the request and visit coroutines and the handlers
 * running beside it) the same as in the histories recorded from that code.
 */

type LoanActs = ReturnType<typeof createLoanActivities>;

const acts = proxyActivities<LoanActs>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [FailureType.NotFound],
  },
});
const taskActs = proxyTaskActivities();

const REQUEST_ROLES = ['caseworker', 'branch_chair', 'union_chair', 'finance', 'admin'];

/** Workflow time: inside the workflow sandbox Date is the deterministic time of the workflow task. */
const now = (): number => new Date().getTime();

function refuse(type: string, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

type PendingRequest = LoanRequest & { no: number; settled: boolean };

/** The ledger as one turn of the servicing loop reads it. */
interface LedgerView {
  /** Workflow time of the turn. */
  t: number;
  /** Instalments of the schedule in force with the ledger's payments allocated (oldest first). */
  states: InstalmentState[];
  /** The oldest overdue instalment, if any. */
  oldest: InstalmentState | undefined;
  /** The schedule version in force. */
  v: number;
}

/** A ladder step being taken, sized when it fell due. */
interface LadderClimb {
  step: LoanLadderStep;
  oldest: InstalmentState;
  overdueFen: number;
}

/** What a human step of the loan asks (see TaskBoard.ask; a rejection always needs a comment). */
interface AskSpec {
  kind: string;
  stage: StageDef | { code: string; candidateRole: StageDef['candidateRole'] };
  escalateTo?: StageDef['candidateRole'];
  decisions: Array<'approve' | 'reject' | 'done'>;
  excluded?: OpenTask['excluded'];
  payload?: Record<string, unknown>;
  deadlines: boolean;
  onDecision?: DecisionHook;
}

/**
 * One run of the loan workflow: its state (a fresh loan's, or what a continued run carries), its
 * handlers, and its named steps. Handlers are registered in the constructor, before any await.
 */
export class LoanRun {
  /** The loan's plan, once recorded (carried across continue-as-new): a run with one is servicing. */
  plan: LoanPlan | undefined;
  private status: LoanStatus;
  private readonly loanId: string;
  private readonly workflowId: string;
  private readonly board: TaskBoard;
  private readonly done: Set<string>;
  private paused: { since: number; reason: string } | null;
  private pauseNo: number;
  private episode: string | null;
  private ladderShiftMs: number;
  /** When the current overdue episode's ladder clock started (a pause before it does not shift it). */
  private episodeStart: number | null = null;
  private requestNo: number;
  private dirty = false;
  private holdDirty = false;
  private wake = false;
  private closing = false;
  private fundsReserved = false;
  private readonly requests = new Map<LoanRequestKind, PendingRequest>();
  /** Reminder inbox items by instalment key `<version>:<seq>`. */
  private readonly reminderTasks = new Map<string, string[]>();
  private readonly coroutines: Array<Promise<void>> = [];
  /** The ledger as last read (servicing only). */
  private snap!: LoanSnapshot;
  /** When a standing collection hold is checked again (daily while paused). */
  private nextHoldCheck = Number.POSITIVE_INFINITY;

  constructor(private readonly input: LoanInput) {
    const { workflowId } = workflowInfo();
    const carry = input.carry;
    this.loanId = input.loanId;
    this.workflowId = workflowId;
    this.status = carry?.status ?? 'pending_approval';
    this.board = new TaskBoard(taskActs, { type: 'loan', id: input.loanId, workflowId }, () => this.status, {
      round: carry?.round ?? 0,
    });
    this.plan = carry?.plan;
    this.done = new Set<string>(carry?.done ?? []);
    this.paused = carry?.paused ?? null;
    this.pauseNo = carry?.pauseNo ?? 0;
    this.episode = carry?.episode ?? null;
    this.ladderShiftMs = carry?.ladderShiftMs ?? 0;
    this.requestNo = carry?.requestNo ?? 0;
    this.registerHandlers();
  }

  // ------------------------------------------------------------------------------------------
  // Handlers

  /** The state query, loanRecorded, the repayment and hold signals, and loanRequest (in this order). */
  private registerHandlers(): void {
    setHandler(loanStateQuery, () => this.state());
    setHandler(loanRecordedUpdate, async () => {
      await condition(
        () => this.plan !== undefined && (this.board.open.size > 0 || this.status !== 'pending_approval'),
      );
      return { loanNo: this.plan!.loanNo };
    });
    setHandler(repaymentSignal, () => {
      this.dirty = true;
    });
    setHandler(collectionHoldChangedSignal, () => {
      this.holdDirty = true;
    });
    setHandler(loanRequestUpdate, (r) => this.openRequest(r), {
      validator: (r: LoanRequest) => this.validateRequest(r),
    });
  }

  private state(): LoanState {
    return {
      status: this.status,
      loanNo: this.plan?.loanNo ?? null,
      paused: this.paused !== null,
      pauseReason: this.paused?.reason ?? null,
      openTasks: this.board.openTasks(),
      pendingRequests: [...this.requests.keys()],
      done: [...this.done],
    };
  }

  /** A request is taken while the loan is being serviced, from a requester role, one of each kind at a time. */
  private validateRequest(r: LoanRequest): void {
    if (!['active', 'overdue', 'defaulted'].includes(this.status) || this.closing)
      refuse(REFUSALS.stale, `a loan that is ${this.status} takes no ${r.kind} request`);
    if (!r.actor.roles.some((x) => REQUEST_ROLES.includes(x)))
      refuse(REFUSALS.forbidden, `only ${REQUEST_ROLES.join(', ')} may request a ${r.kind}`);
    if (this.requests.has(r.kind))
      refuse(REFUSALS.stale, `a ${r.kind} request is already waiting for a decision`);
    if (r.kind === 'reschedule' && (!Number.isSafeInteger(r.termMonths) || (r.termMonths ?? 0) < 1))
      refuse(REFUSALS.invalid, 'termMonths must be a whole number of months ≥ 1');
    if (!r.reason?.trim()) refuse(REFUSALS.invalid, 'a reason is required');
  }

  /** Starts the request's coroutine and answers with its first task (once that task is open). */
  private async openRequest(r: LoanRequest): Promise<{ taskId: string }> {
    const req = { ...r, no: ++this.requestNo, settled: false };
    this.requests.set(r.kind, req);
    this.coroutines.push(this.runRequest(req));
    await condition(() => req.settled || [...this.board.open.values()].some((t) => t.kind === r.kind));
    const task = [...this.board.open.values()].find((t) => t.kind === r.kind);
    if (!task) refuse(REFUSALS.stale, `the ${r.kind} request ended before its task opened`);
    return { taskId: task.taskId };
  }

  // ------------------------------------------------------------------------------------------
  // Decisions that move money run inside the decide Update (the approver hears the outcome).

  /** Records a status on the loan's read model, then holds it. */
  private async setStatus(next: LoanStatus, details: Record<string, unknown> = {}): Promise<void> {
    await acts.setLoanStatus({
      loanId: this.loanId,
      workflowId: this.workflowId,
      status: next,
      asOf: new Date(now()).toISOString(),
      details,
    });
    this.status = next;
  }

  /** Reserves the amount in this year's budget (the last approval's hook); true when it was covered. */
  private async reserve(): Promise<boolean> {
    const r = await acts.reserveLoanFunds({
      loanId: this.loanId,
      workflowId: this.workflowId,
      amountFen: this.input.amountFen,
      year: Number(chinaDateOf(now()).slice(0, 4)),
    });
    this.fundsReserved = r.ok;
    return r.ok;
  }

  /** Finance's disbursement: the transfer reference is required; the ledger entry is written. */
  private async recordDisbursement(d: DecideInput): Promise<{ status: string }> {
    const reference = typeof d.outcome?.reference === 'string' ? d.outcome.reference.trim() : '';
    if (!reference) refuse(REFUSALS.invalid, 'outcome.reference (the transfer reference) is required');
    await acts.disburseLoan({
      loanId: this.loanId,
      workflowId: this.workflowId,
      reference,
      actorId: d.actor.userId,
      asOf: new Date(now()).toISOString(),
    });
    return { status: 'active' };
  }

  /**
   * Finance's early-repayment decision: on 'done', posts one payoff of what the ledger says is
   * outstanding (paidOn from the outcome, or today), idempotent by request number.
   */
  private payOff(requestNo: number): DecisionHook {
    return async (d) => {
      if (d.decision !== 'done') return undefined;
      const reference = typeof d.outcome?.reference === 'string' ? d.outcome.reference.trim() : '';
      if (!reference) refuse(REFUSALS.invalid, 'outcome.reference (the payoff reference) is required');
      const paidOn =
        typeof d.outcome?.paidOn === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d.outcome.paidOn)
          ? d.outcome.paidOn
          : chinaDateOf(now());
      const snap = await acts.loanSnapshot({ loanId: this.loanId });
      if (snap.outstandingFen <= 0) refuse(REFUSALS.stale, 'nothing is outstanding on this loan any more');
      const r = await acts.postLoanRepayment({
        loanId: this.loanId,
        amountFen: snap.outstandingFen,
        paidOn,
        reference,
        key: `${this.workflowId}:early-repayment:${requestNo}`,
        actorId: d.actor.userId,
        source: 'workflow',
      });
      if (r.outcome === 'rejected') refuse(REFUSALS.invalid, r.reason);
      this.dirty = true;
      return undefined;
    };
  }

  // ------------------------------------------------------------------------------------------
  // Human steps

  /** Opens one task on the loan's board and waits for its decision. */
  private ask(spec: AskSpec): Promise<DecideInput> {
    return this.board.ask({
      kind: spec.kind,
      stage: spec.stage.code,
      candidateRole: spec.stage.candidateRole,
      escalateTo: spec.escalateTo,
      decisions: spec.decisions,
      commentRequiredFor: ['reject'],
      excluded: spec.excluded,
      payload: spec.payload,
      deadlines: spec.deadlines,
      onDecision: spec.onDecision,
    });
  }

  /** A reschedule, write-off or early repayment: its approval stages, then the change (or nothing). */
  private async runRequest(req: PendingRequest): Promise<void> {
    try {
      if (req.kind === 'early_repayment') {
        const d = await this.ask({
          kind: 'early_repayment',
          stage: { code: 'early_repayment', candidateRole: 'finance' },
          decisions: ['done', 'reject'],
          payload: { reason: req.reason, requestedBy: req.actor.displayName },
          deadlines: true,
          onDecision: this.payOff(req.no),
        });
        await this.recordRequest(req, d.decision === 'done' ? 'approved' : 'rejected', {
          comment: d.comment ?? null,
        });
        return;
      }
      const verdict = await runApprovalChain(this.board, {
        kind: req.kind,
        stages: req.kind === 'reschedule' ? this.plan!.rescheduleStages : this.plan!.writeOffStages,
        // the requester may not approve their own request
        excluded: req.actor.userId !== 'system' ? [{ userId: req.actor.userId, reason: 'caseworker' }] : [],
        subject: { reason: req.reason, ...(req.termMonths ? { termMonths: req.termMonths } : {}) },
      });
      if ('withdrawn' in verdict) return;
      if ('rejected' in verdict) {
        await this.recordRequest(req, 'rejected', { stage: verdict.stage, comment: verdict.comment });
        return;
      }
      if (this.closing) return;
      const by = verdict.approvers.at(-1) ?? null;
      if (req.kind === 'reschedule') await this.reschedule(req, by);
      else await this.writeOff(req, by);
      this.dirty = true;
    } catch (err) {
      if (!(err instanceof Withdrawn)) throw err;
    } finally {
      req.settled = true;
      this.requests.delete(req.kind);
      this.wake = true;
      this.board.rest();
    }
  }

  /** Records a request's outcome (approved or rejected) on the loan. */
  private recordRequest(
    req: LoanRequest,
    outcome: 'approved' | 'rejected',
    details: Record<string, unknown>,
  ): Promise<unknown> {
    return acts.recordLoanRequest({
      loanId: this.loanId,
      workflowId: this.workflowId,
      kind: req.kind,
      outcome,
      details,
    });
  }

  /** An approved reschedule: a new schedule version; an overdue or defaulted loan is active again. */
  private async reschedule(req: PendingRequest, approvedBy: string | null): Promise<void> {
    await acts.rescheduleLoan({
      loanId: this.loanId,
      workflowId: this.workflowId,
      termMonths: req.termMonths!,
      reason: req.reason,
      approvedBy,
      asOf: new Date(now()).toISOString(),
      requestNo: req.no,
    });
    if (this.status === 'overdue' || this.status === 'defaulted')
      await this.setStatus('active', { rescheduled: true });
  }

  /** An approved write-off: recorded by the activity (the loan's status with it); servicing ends. */
  private async writeOff(req: LoanRequest, approvedBy: string | null): Promise<void> {
    await acts.writeOffLoan({
      loanId: this.loanId,
      workflowId: this.workflowId,
      reason: req.reason,
      approvedBy,
      asOf: new Date(now()).toISOString(),
    });
    this.status = 'written_off';
  }

  // ------------------------------------------------------------------------------------------
  // Application and approval

  /**
   * Records the application (its plan: approval stages by amount, who may not approve), then asks
   * the approval chain; the last approval reserves the amount, and finance tops up or rejects when
   * the budget cannot cover it. Answers the workflow's result when the loan ends here (rejected, or
   * withdrawn: recorded as rejected), nothing when it was approved.
   */
  async applyAndApprove(): Promise<LoanResult | undefined> {
    const plan = await acts.recordLoanSubmitted({
      loanId: this.loanId,
      workflowId: this.workflowId,
      workerId: this.input.workerId,
      amountFen: this.input.amountFen,
      termMonths: this.input.termMonths,
      purpose: this.input.purpose,
      createdBy: this.input.createdBy,
      override: this.input.override ?? null,
    });
    this.plan = plan;
    const verdict = await runApprovalChain(this.board, {
      stages: plan.stages,
      excluded: plan.excluded,
      subject: { amountFen: this.input.amountFen },
      // the last approval reserves the amount; finance tops up or rejects when it cannot
      funds: {
        reserveAt: 'last',
        reserve: () => this.reserve(),
        isReserved: () => this.fundsReserved,
        payload: { amountFen: this.input.amountFen },
        onAwaiting: () => this.setStatus('awaiting_funds'),
      },
    });
    if ('approved' in verdict) return undefined;
    const rejected = 'rejected' in verdict ? verdict : { stage: 'withdrawn', comment: null };
    await this.setStatus('rejected', { stage: rejected.stage, comment: rejected.comment });
    this.board.rest();
    await condition(allHandlersFinished);
    return { status: 'rejected' };
  }

  /** Disbursement: finance transfers the amount and records its reference; the loan is active. */
  async disburse(): Promise<void> {
    await this.setStatus('awaiting_disbursement');
    await this.ask({
      kind: 'disbursement',
      stage: { code: 'disbursement', candidateRole: 'finance' },
      decisions: ['done'],
      payload: { amountFen: this.input.amountFen },
      deadlines: true,
      onDecision: (d) => this.recordDisbursement(d),
    });
    this.status = 'active';
  }

  // ------------------------------------------------------------------------------------------
  // Servicing

  /**
   * Services the loan until it is repaid or written off (or continues as new): each turn re-reads
   * the ledger when a repayment came in, re-checks the collection hold, lets the read model's status
   * follow the ledger, closes lapsed reminders, then takes the earliest event that is due (a
   * reminder, a due date, a ladder step) or rests until the next one, a repayment, a hold change or
   * a decision. Awaits stay in this loop (see the note at the top of this file).
   */
  async service(): Promise<LoanResult> {
    this.snap = await acts.loanSnapshot({ loanId: this.loanId });
    this.nextHoldCheck = this.paused ? now() : Number.POSITIVE_INFINITY;
    for (;;) {
      if (this.dirty) this.snap = await this.rereadLedger();
      if (this.status === 'written_off') return this.finish('written_off');
      if (this.snap.outstandingFen <= 0) return this.finish('repaid');
      if (this.holdDirty || now() >= this.nextHoldCheck) await this.recheckHold();
      const view = this.readLedger();
      const change = this.statusFromLedger(view);
      if (change) await this.setStatus(change.status, change.details);
      await this.closeLapsedReminders(view);
      this.followEpisode(view);
      const next = this.nextEvent(view);

      if (next && next.at <= view.t && next.kind !== 'tick') {
        // a collection action: only when no hold stands
        if (!this.paused && (await this.refreshHold())) continue;
        if (next.kind === 'reminder') {
          this.done.add(next.key);
          if (this.paused) continue; // reminders due during a pause are skipped
          this.trackReminder(next, view.v, await this.sendReminder(next, view.v));
          continue;
        }
        const climb = this.climbLadder(next, view);
        await this.recordLadderStep(climb);
        if (climb.step.action === 'visit' || climb.step.action === 'escalate') this.askCollector(climb);
        else if (climb.step.action === 'default') {
          await this.setStatus('defaulted', {
            afterDays: climb.step.afterDays,
            overdueFen: climb.overdueFen,
          });
          this.proposeWriteOff(climb.step);
        }
        continue;
      }
      if (next && next.at <= view.t) {
        this.done.add(next.key); // a due date passed: the loop re-reads the state above
        continue;
      }

      // rest until the next event, a repayment, a hold change or a decision
      if (this.mayContinueAsNew()) return this.continueAsNewWithCarry(view.v);
      await this.restUntil(next?.at ?? Number.POSITIVE_INFINITY);
    }
  }

  /** A repayment came in (or a change was approved): the ledger is read again. */
  private rereadLedger(): Promise<LoanSnapshot> {
    this.dirty = false;
    return acts.loanSnapshot({ loanId: this.loanId });
  }

  /** A hold change was signalled, or a standing hold's daily re-check is due. */
  private recheckHold(): Promise<boolean> {
    this.holdDirty = false;
    return this.refreshHold();
  }

  /**
   * Collection pauses while the borrower is in hospital or has a pending aid case: starts or ends
   * the pause as the hold stands now. A pause during an overdue episode shifts its ladder clock; a
   * standing hold is re-checked daily. True while paused.
   */
  private async refreshHold(): Promise<boolean> {
    const h = await acts.collectionHold({ loanId: this.loanId });
    const t = now();
    if (h.held && !this.paused) {
      this.pauseNo++;
      await acts.startCollectionPause({
        loanId: this.loanId,
        workflowId: this.workflowId,
        reason: h.reason!,
        sourceId: h.sourceId,
        at: new Date(t).toISOString(),
        n: this.pauseNo,
      });
      this.paused = { since: t, reason: h.reason! };
    } else if (!h.held && this.paused) {
      await acts.endCollectionPause({
        loanId: this.loanId,
        workflowId: this.workflowId,
        at: new Date(t).toISOString(),
      });
      if (this.episodeStart !== null && t > this.episodeStart)
        this.ladderShiftMs += t - Math.max(this.paused.since, this.episodeStart);
      this.paused = null;
    }
    this.nextHoldCheck = this.paused ? t + DAY : Number.POSITIVE_INFINITY;
    return this.paused !== null;
  }

  /** The ledger now: payments allocated to the schedule in force (oldest first) as of today. */
  private readLedger(): LedgerView {
    const t = now();
    const today = chinaDateOf(t);
    const { snap } = this;
    const states = allocatePayments(snap.schedule, snap.paidOnScheduleFen, today, snap.graceDays);
    return { t, states, oldest: states.find((s) => s.status === 'overdue'), v: snap.scheduleVersion };
  }

  /** The read model's status follows the ledger (active or overdue); a defaulted loan stays defaulted. */
  private statusFromLedger(
    view: LedgerView,
  ): { status: LoanStatus; details: Record<string, unknown> } | null {
    if (this.status === 'defaulted') return null;
    const { oldest } = view;
    const want: LoanStatus = oldest ? 'overdue' : 'active';
    if (this.status === want) return null;
    return { status: want, details: oldest ? { seq: oldest.seq, dueDate: oldest.dueDate } : {} };
  }

  /** Reminder inbox items lapse when their instalment is paid or its due date has been checked. */
  private closeLapsedReminders(view: LedgerView): Promise<void> {
    return this.closeReminders((key) => reminderStillDue(key, view.v, view.states));
  }

  /** Closes the reminder inbox items not kept (one activity for all of them) and stops tracking them. */
  private async closeReminders(keep: (key: string) => boolean): Promise<void> {
    const ids: string[] = [];
    for (const [key, taskIds] of this.reminderTasks) {
      if (keep(key)) continue;
      ids.push(...taskIds);
      this.reminderTasks.delete(key);
      for (const id of taskIds) this.board.forget(id);
    }
    if (ids.length) await acts.closeReminderTasks({ workflowId: this.workflowId, taskIds: ids });
  }

  /** An overdue episode is named by its oldest overdue instalment; the ladder restarts with each. */
  private followEpisode(view: LedgerView): void {
    const ep = episodeOf(view.v, view.oldest);
    if (ep !== this.episode) {
      this.episode = ep;
      this.ladderShiftMs = 0;
    }
    this.episodeStart = ladderClockStart(view.oldest, this.snap.graceDays);
  }

  /** The earliest event still ahead or due (see loanEvents). */
  private nextEvent(view: LedgerView): LoanEvent | undefined {
    return loanEvents({
      t: view.t,
      snap: this.snap,
      states: view.states,
      oldest: view.oldest,
      done: this.done,
      defaulted: this.status === 'defaulted',
      paused: this.paused !== null,
      episode: this.episode,
      episodeStart: this.episodeStart,
      ladderShiftMs: this.ladderShiftMs,
    })[0];
  }

  /** Sends a reminder before a due date: recorded on the loan, it may open an inbox item for the caseworker. */
  private sendReminder(ev: ReminderEvent, v: number): ReturnType<LoanActs['recordLoanReminder']> {
    const s = ev.inst;
    return acts.recordLoanReminder({
      loanId: this.loanId,
      workflowId: this.workflowId,
      scheduleVersion: v,
      seq: s.seq,
      offsetDays: ev.offset,
      dueDate: s.dueDate,
      amountDueFen: s.amountFen - s.paidFen,
    });
  }

  /** Tracks the reminder's inbox item (if one was opened) until it is done or lapses. */
  private trackReminder(
    ev: ReminderEvent,
    v: number,
    r: Awaited<ReturnType<LoanActs['recordLoanReminder']>>,
  ): void {
    if (!r.taskId) return;
    const k = `${v}:${ev.inst.seq}`;
    this.reminderTasks.set(k, [...(this.reminderTasks.get(k) ?? []), r.taskId]);
    this.board.track({
      taskId: r.taskId,
      kind: 'loan_reminder',
      stage: 'reminder',
      candidateRoles: ['caseworker'],
      decisions: ['done'],
      assigneeId: null,
      excluded: [],
      commentRequiredFor: [],
      onDecision: async () => {
        this.wake = true;
      },
    });
  }

  /** Climbs one ladder step: marks it taken and sizes it (what is overdue now). */
  private climbLadder(ev: LadderEvent, view: LedgerView): LadderClimb {
    this.done.add(ev.key);
    return { step: ev.step, oldest: ev.inst, overdueFen: overdueFen(view.states) };
  }

  /** Records the ladder step on the loan (a notice goes out with it). */
  private recordLadderStep(climb: LadderClimb): Promise<unknown> {
    return acts.recordLadderStep({
      loanId: this.loanId,
      workflowId: this.workflowId,
      episode: this.episode!,
      step: climb.step,
      daysOverdue: climb.oldest.daysOverdue,
      overdueFen: climb.overdueFen,
    });
  }

  /** A visit or an escalation: a task for the step's role, no deadlines; its decision wakes the loop. */
  private askCollector(climb: LadderClimb): void {
    const { step, oldest } = climb;
    const kind = step.action === 'visit' ? 'loan_visit' : 'loan_escalation';
    this.coroutines.push(
      this.ask({
        kind,
        stage: { code: `overdue_${step.afterDays}`, candidateRole: step.role! },
        decisions: ['done'],
        payload: {
          afterDays: step.afterDays,
          overdueFen: climb.overdueFen,
          seq: oldest.seq,
          dueDate: oldest.dueDate,
        },
        deadlines: false,
      }).then(
        () => {
          this.wake = true;
        },
        (err: unknown) => {
          if (!(err instanceof Withdrawn)) throw err;
        },
      ),
    );
  }

  /** After a default the system proposes a write-off (unless one is already waiting for a decision). */
  private proposeWriteOff(step: LoanLadderStep): void {
    if (this.requests.has('write_off')) return;
    const req = {
      kind: 'write_off' as const,
      reason: `违约后核销建议 write-off proposed after ${step.afterDays} days overdue`,
      actor: { userId: 'system', displayName: 'bangfu', roles: ['admin'] },
      no: ++this.requestNo,
      settled: false,
    };
    this.requests.set('write_off', req);
    this.coroutines.push(this.runRequest(req));
  }

  /** Rests until `at` (or the next hold re-check), a repayment, a hold change or a decision. */
  private restUntil(at: number): Promise<unknown> {
    const waitUntil = Math.min(at, this.nextHoldCheck);
    this.board.rest();
    this.wake = false;
    const woke = () => this.dirty || this.holdDirty || this.wake;
    if (Number.isFinite(waitUntil)) return condition(woke, Math.max(waitUntil - now(), 1));
    return condition(woke);
  }

  /**
   * Ends the loan (repaid or written off): reminders closed, open tasks and requests cancelled (their
   * coroutines end), the final status recorded, and every handler finished.
   */
  private async finish(final: LoanStatus): Promise<LoanResult> {
    this.closing = true;
    await this.closeReminders(() => false);
    if (this.requests.size > 0 || this.board.open.size > 0) {
      this.board.abort();
      await taskActs.cancelOpenTasks({ workflowId: this.workflowId });
      await Promise.all(this.coroutines);
    }
    if (this.status !== final) await this.setStatus(final);
    this.board.rest();
    await condition(allHandlersFinished);
    return { status: final };
  }

  /** Continue-as-new when suggested, only while no request is pending and no task but reminders is open. */
  private mayContinueAsNew(): boolean {
    return (
      workflowInfo().continueAsNewSuggested &&
      this.requests.size === 0 &&
      [...this.board.open.values()].every((x) => x.kind === 'loan_reminder')
    );
  }

  /**
   * Continues as new with the carry: reminders closed, handlers finished; only the done keys of the
   * schedule in force (`r:<v>:…`) and of the current episode (`l:<episode>:…`) are kept.
   */
  private async continueAsNewWithCarry(v: number): Promise<never> {
    await this.closeReminders(() => false);
    await condition(allHandlersFinished);
    const keep = [...this.done].filter((k) => k.startsWith(`r:${v}:`) || k.startsWith(`l:${this.episode}:`));
    return continueAsNew<LoanWorkflowFn>({
      ...this.input,
      carry: {
        plan: this.plan!,
        status: this.status,
        done: keep,
        paused: this.paused,
        pauseNo: this.pauseNo,
        episode: this.episode,
        ladderShiftMs: this.ladderShiftMs,
        round: this.board.rounds,
        requestNo: this.requestNo,
      },
    });
  }
}
