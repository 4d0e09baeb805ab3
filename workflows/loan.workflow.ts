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
  workflowInfo,
} from '@temporalio/workflow';
import type { createLoanActivities } from '../activities/loans.activities';
import {
  addDays,
  allocatePayments,
  chinaDateOf,
  chinaInstant,
  type InstalmentState,
  type LoanPlan,
  type LoanSnapshot,
  type LoanStatus,
} from '../libs/domain/loan';
import type { LoanLadderStep, StageDef } from '../libs/domain/policy-types';
import {
  REFUSALS,
  TaskBoard,
  Withdrawn,
  type Actor,
  type DecisionHook,
  type OpenTask,
  proxyTaskActivities,
} from './human-tasks';
import { runApprovalChain } from './approvals';

export type LoanRequestKind = 'reschedule' | 'write_off' | 'early_repayment';

export interface LoanRequest {
  kind: LoanRequestKind;
  reason: string;
  termMonths?: number;
  actor: Actor;
}

/** Carried across continue-as-new (small: keys and flags, no records). */
export interface LoanCarry {
  plan: LoanPlan;
  status: LoanStatus;
  done: string[];
  paused: { since: number; reason: string } | null;
  pauseNo: number;
  episode: string | null;
  ladderShiftMs: number;
  round: number;
  requestNo: number;
}

export interface LoanInput {
  loanId: string;
  workerId: string;
  amountFen: number;
  termMonths: number;
  purpose: string;
  createdBy: string;
  override?: { reason: string; by: string; blockingLoanId: string } | null;
  /** Present when the workflow continued as new while servicing the loan. */
  carry?: LoanCarry;
}

export interface LoanState {
  status: LoanStatus;
  loanNo: string | null;
  paused: boolean;
  pauseReason: string | null;
  openTasks: Array<{ taskId: string; kind: string; stage: string; candidateRoles: string[] }>;
  pendingRequests: LoanRequestKind[];
  /** Event keys handled: reminders `r:<version>:<seq>:<offset>`, ladder `l:<episode>:<afterDays>`. */
  done: string[];
}

export const loanStateQuery = defineQuery<LoanState>('loanState');
/** Sent with the start (update-with-start): answers once the loan row exists and its first approval task is open. */
export const loanRecordedUpdate = defineUpdate<{ loanNo: string }>('loanRecorded');
/** A reschedule, write-off or early full repayment: opens its approval task and answers with its id. */
export const loanRequestUpdate = defineUpdate<{ taskId: string }, [LoanRequest]>('loanRequest');
/** A repayment was written to the ledger: re-read it (fire-and-forget). */
export const repaymentSignal = defineSignal('repayment');
/** An early-warning event or an aid case of the borrower changed: re-check the collection hold. */
export const collectionHoldChangedSignal = defineSignal('collectionHoldChanged');

const acts = proxyActivities<ReturnType<typeof createLoanActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: ['NotFound'] },
});
const taskActs = proxyTaskActivities();

const DAY = 24 * 60 * 60 * 1000;
const REQUEST_ROLES = ['caseworker', 'branch_chair', 'union_chair', 'finance', 'admin'];

/** Workflow time: inside the workflow sandbox Date is the deterministic time of the workflow task. */
const now = (): number => new Date().getTime();

function refuse(type: string, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

/**
 * Interest-free loan (`loan:<loanId>`): approval stages routed by amount (four-eyes, reminders and
 * escalation) → funds reserved at the final approval → finance disburses (one ledger entry, schedule
 * version 1) → servicing: reminders before each due date, due dates checked against the ledger
 * (partial payments applied oldest first), the overdue ladder (notice, visit, escalation, default
 * with a write-off proposal), collection paused while the borrower is in hospital or has a pending
 * aid case, reschedule / write-off / early repayment through approvals → repaid or written off.
 */
export async function loanWorkflow(input: LoanInput): Promise<{ status: LoanStatus }> {
  const { workflowId } = workflowInfo();
  const loanId = input.loanId;
  const carry = input.carry;
  let status: LoanStatus = carry?.status ?? 'pending_approval';
  const board = new TaskBoard(taskActs, { type: 'loan', id: loanId, workflowId }, () => status, {
    round: carry?.round ?? 0,
  });
  let plan: LoanPlan | undefined = carry?.plan;
  const done = new Set<string>(carry?.done ?? []);
  let paused = carry?.paused ?? null;
  let pauseNo = carry?.pauseNo ?? 0;
  let episode = carry?.episode ?? null;
  let ladderShiftMs = carry?.ladderShiftMs ?? 0;
  /** When the current overdue episode's ladder clock started (a pause before it does not shift it). */
  let episodeStart: number | null = null;
  let requestNo = carry?.requestNo ?? 0;
  let dirty = false;
  let holdDirty = false;
  let wake = false;
  let closing = false;
  let fundsReserved = false;
  const requests = new Map<LoanRequestKind, LoanRequest & { no: number; settled: boolean }>();
  /** Reminder inbox items by instalment key `<version>:<seq>`. */
  const reminderTasks = new Map<string, string[]>();
  const coroutines: Array<Promise<void>> = [];

  const setStatus = async (next: LoanStatus, details: Record<string, unknown> = {}) => {
    await acts.setLoanStatus({
      loanId,
      workflowId,
      status: next,
      asOf: new Date(now()).toISOString(),
      details,
    });
    status = next;
  };

  setHandler(loanStateQuery, () => ({
    status,
    loanNo: plan?.loanNo ?? null,
    paused: paused !== null,
    pauseReason: paused?.reason ?? null,
    openTasks: board.openTasks(),
    pendingRequests: [...requests.keys()],
    done: [...done],
  }));
  setHandler(loanRecordedUpdate, async () => {
    await condition(() => plan !== undefined && (board.open.size > 0 || status !== 'pending_approval'));
    return { loanNo: plan!.loanNo };
  });
  setHandler(repaymentSignal, () => {
    dirty = true;
  });
  setHandler(collectionHoldChangedSignal, () => {
    holdDirty = true;
  });
  setHandler(
    loanRequestUpdate,
    async (r) => {
      const req = { ...r, no: ++requestNo, settled: false };
      requests.set(r.kind, req);
      coroutines.push(runRequest(req));
      await condition(() => req.settled || [...board.open.values()].some((t) => t.kind === r.kind));
      const task = [...board.open.values()].find((t) => t.kind === r.kind);
      if (!task) refuse(REFUSALS.stale, `the ${r.kind} request ended before its task opened`);
      return { taskId: task.taskId };
    },
    {
      validator: (r: LoanRequest) => {
        if (!['active', 'overdue', 'defaulted'].includes(status) || closing)
          refuse(REFUSALS.stale, `a loan that is ${status} takes no ${r.kind} request`);
        if (!r.actor.roles.some((x) => REQUEST_ROLES.includes(x)))
          refuse(REFUSALS.forbidden, `only ${REQUEST_ROLES.join(', ')} may request a ${r.kind}`);
        if (requests.has(r.kind))
          refuse(REFUSALS.stale, `a ${r.kind} request is already waiting for a decision`);
        if (r.kind === 'reschedule' && (!Number.isSafeInteger(r.termMonths) || (r.termMonths ?? 0) < 1))
          refuse(REFUSALS.invalid, 'termMonths must be a whole number of months ≥ 1');
        if (!r.reason?.trim()) refuse(REFUSALS.invalid, 'a reason is required');
      },
    },
  );

  // ------------------------------------------------------------------------------------------
  // Decisions that move money run inside the decide Update (the approver hears the outcome).
  const reserve = async (): Promise<boolean> => {
    const r = await acts.reserveLoanFunds({
      loanId,
      workflowId,
      amountFen: input.amountFen,
      year: Number(chinaDateOf(now()).slice(0, 4)),
    });
    fundsReserved = r.ok;
    return r.ok;
  };
  const disburse: DecisionHook = async (d) => {
    const reference = typeof d.outcome?.reference === 'string' ? d.outcome.reference.trim() : '';
    if (!reference) refuse(REFUSALS.invalid, 'outcome.reference (the transfer reference) is required');
    await acts.disburseLoan({
      loanId,
      workflowId,
      reference,
      actorId: d.actor.userId,
      asOf: new Date(now()).toISOString(),
    });
    return { status: 'active' };
  };
  const payOff =
    (requestNo: number): DecisionHook =>
    async (d) => {
      if (d.decision !== 'done') return undefined;
      const reference = typeof d.outcome?.reference === 'string' ? d.outcome.reference.trim() : '';
      if (!reference) refuse(REFUSALS.invalid, 'outcome.reference (the payoff reference) is required');
      const paidOn =
        typeof d.outcome?.paidOn === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d.outcome.paidOn)
          ? d.outcome.paidOn
          : chinaDateOf(now());
      const snap = await acts.loanSnapshot({ loanId });
      if (snap.outstandingFen <= 0) refuse(REFUSALS.stale, 'nothing is outstanding on this loan any more');
      const r = await acts.postLoanRepayment({
        loanId,
        amountFen: snap.outstandingFen,
        paidOn,
        reference,
        key: `${workflowId}:early-repayment:${requestNo}`,
        actorId: d.actor.userId,
        source: 'workflow',
      });
      if (r.outcome === 'rejected') refuse(REFUSALS.invalid, r.reason);
      dirty = true;
      return undefined;
    };

  // ------------------------------------------------------------------------------------------
  const ask = (spec: {
    kind: string;
    stage: StageDef | { code: string; candidateRole: StageDef['candidateRole'] };
    escalateTo?: StageDef['candidateRole'];
    decisions: Array<'approve' | 'reject' | 'done'>;
    excluded?: OpenTask['excluded'];
    payload?: Record<string, unknown>;
    deadlines: boolean;
    onDecision?: DecisionHook;
  }) =>
    board.ask({
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

  /** A reschedule, write-off or early repayment: its approval stages, then the change (or nothing). */
  async function runRequest(req: LoanRequest & { no: number; settled: boolean }): Promise<void> {
    try {
      if (req.kind === 'early_repayment') {
        const d = await ask({
          kind: 'early_repayment',
          stage: { code: 'early_repayment', candidateRole: 'finance' },
          decisions: ['done', 'reject'],
          payload: { reason: req.reason, requestedBy: req.actor.displayName },
          deadlines: true,
          onDecision: payOff(req.no),
        });
        await acts.recordLoanRequest({
          loanId,
          workflowId,
          kind: req.kind,
          outcome: d.decision === 'done' ? 'approved' : 'rejected',
          details: { comment: d.comment ?? null },
        });
        return;
      }
      const verdict = await runApprovalChain(board, {
        kind: req.kind,
        stages: req.kind === 'reschedule' ? plan!.rescheduleStages : plan!.writeOffStages,
        // the requester may not approve their own request
        excluded: req.actor.userId !== 'system' ? [{ userId: req.actor.userId, reason: 'caseworker' }] : [],
        subject: { reason: req.reason, ...(req.termMonths ? { termMonths: req.termMonths } : {}) },
      });
      if ('withdrawn' in verdict) return;
      if ('rejected' in verdict) {
        await acts.recordLoanRequest({
          loanId,
          workflowId,
          kind: req.kind,
          outcome: 'rejected',
          details: { stage: verdict.stage, comment: verdict.comment },
        });
        return;
      }
      if (closing) return;
      const by = verdict.approvers.at(-1) ?? null;
      if (req.kind === 'reschedule') await reschedule(req, by);
      else await writeOff(req, by);
      dirty = true;
    } catch (err) {
      if (!(err instanceof Withdrawn)) throw err;
    } finally {
      req.settled = true;
      requests.delete(req.kind);
      wake = true;
      board.rest();
    }
  }

  async function reschedule(req: LoanRequest & { no: number }, approvedBy: string | null): Promise<void> {
    await acts.rescheduleLoan({
      loanId,
      workflowId,
      termMonths: req.termMonths!,
      reason: req.reason,
      approvedBy,
      asOf: new Date(now()).toISOString(),
      requestNo: req.no,
    });
    if (status === 'overdue' || status === 'defaulted') await setStatus('active', { rescheduled: true });
  }

  async function writeOff(req: LoanRequest, approvedBy: string | null): Promise<void> {
    await acts.writeOffLoan({
      loanId,
      workflowId,
      reason: req.reason,
      approvedBy,
      asOf: new Date(now()).toISOString(),
    });
    status = 'written_off';
  }

  // ------------------------------------------------------------------------------------------
  // Application and approval
  if (!plan) {
    plan = await acts.recordLoanSubmitted({
      loanId,
      workflowId,
      workerId: input.workerId,
      amountFen: input.amountFen,
      termMonths: input.termMonths,
      purpose: input.purpose,
      createdBy: input.createdBy,
      override: input.override ?? null,
    });
    const verdict = await runApprovalChain(board, {
      stages: plan.stages,
      excluded: plan.excluded,
      subject: { amountFen: input.amountFen },
      // the last approval reserves the amount; finance tops up or rejects when it cannot
      funds: {
        reserveAt: 'last',
        reserve,
        isReserved: () => fundsReserved,
        payload: { amountFen: input.amountFen },
        onAwaiting: () => setStatus('awaiting_funds'),
      },
    });
    if (!('approved' in verdict)) {
      const rejected = 'rejected' in verdict ? verdict : { stage: 'withdrawn', comment: null };
      await setStatus('rejected', { stage: rejected.stage, comment: rejected.comment });
      board.rest();
      await condition(allHandlersFinished);
      return { status: 'rejected' };
    }
    await setStatus('awaiting_disbursement');
    await ask({
      kind: 'disbursement',
      stage: { code: 'disbursement', candidateRole: 'finance' },
      decisions: ['done'],
      payload: { amountFen: input.amountFen },
      deadlines: true,
      onDecision: disburse,
    });
    status = 'active';
  }

  // ------------------------------------------------------------------------------------------
  // Servicing
  let snap: LoanSnapshot = await acts.loanSnapshot({ loanId });
  let nextHoldCheck = paused ? now() : Number.POSITIVE_INFINITY;

  const refreshHold = async () => {
    const h = await acts.collectionHold({ loanId });
    const t = now();
    if (h.held && !paused) {
      pauseNo++;
      await acts.startCollectionPause({
        loanId,
        workflowId,
        reason: h.reason!,
        sourceId: h.sourceId,
        at: new Date(t).toISOString(),
        n: pauseNo,
      });
      paused = { since: t, reason: h.reason! };
    } else if (!h.held && paused) {
      await acts.endCollectionPause({ loanId, workflowId, at: new Date(t).toISOString() });
      if (episodeStart !== null && t > episodeStart)
        ladderShiftMs += t - Math.max(paused.since, episodeStart);
      paused = null;
    }
    nextHoldCheck = paused ? t + DAY : Number.POSITIVE_INFINITY;
    return paused !== null;
  };

  const closeReminders = async (keep: (key: string) => boolean) => {
    const ids: string[] = [];
    for (const [key, taskIds] of reminderTasks) {
      if (keep(key)) continue;
      ids.push(...taskIds);
      reminderTasks.delete(key);
      for (const id of taskIds) board.forget(id);
    }
    if (ids.length) await acts.closeReminderTasks({ workflowId, taskIds: ids });
  };

  const finish = async (final: LoanStatus) => {
    closing = true;
    await closeReminders(() => false);
    if (requests.size > 0 || board.open.size > 0) {
      board.abort();
      await taskActs.cancelOpenTasks({ workflowId });
      await Promise.all(coroutines);
    }
    if (status !== final) await setStatus(final);
    board.rest();
    await condition(allHandlersFinished);
    return { status: final };
  };

  interface Ev {
    at: number;
    key: string;
    kind: 'reminder' | 'tick' | 'ladder';
    inst?: InstalmentState;
    offset?: number;
    step?: LoanLadderStep;
  }

  for (;;) {
    if (dirty) {
      dirty = false;
      snap = await acts.loanSnapshot({ loanId });
    }
    if ((status as LoanStatus) === 'written_off') return finish('written_off');
    if (snap.outstandingFen <= 0) return finish('repaid');
    if (holdDirty || now() >= nextHoldCheck) {
      holdDirty = false;
      await refreshHold();
    }
    const t = now();
    const today = chinaDateOf(t);
    const states = allocatePayments(snap.schedule, snap.paidOnScheduleFen, today, snap.graceDays);
    const oldest = states.find((s) => s.status === 'overdue');
    const v = snap.scheduleVersion;

    // the read model's status follows the ledger
    if (status !== 'defaulted') {
      const want: LoanStatus = oldest ? 'overdue' : 'active';
      if (status !== want) await setStatus(want, oldest ? { seq: oldest.seq, dueDate: oldest.dueDate } : {});
    }
    // reminder inbox items lapse when their instalment is paid or its due date has been checked
    await closeReminders((key) => {
      const s = states.find((x) => `${v}:${x.seq}` === key);
      return !!s && s.status !== 'paid' && s.status !== 'overdue';
    });
    // an overdue episode is named by its oldest overdue instalment; the ladder restarts with each
    const ep = oldest ? `${v}-${oldest.seq}` : null;
    if (ep !== episode) {
      episode = ep;
      ladderShiftMs = 0;
    }
    episodeStart = oldest ? chinaInstant(addDays(oldest.dueDate, snap.graceDays), 9) : null;

    const events: Ev[] = [];
    if (status !== 'defaulted') {
      for (const s of states) {
        if (s.status === 'paid') continue;
        const dueEnd = chinaInstant(addDays(s.dueDate, 1));
        if (t < dueEnd) {
          for (const off of snap.reminderOffsetsDays) {
            const key = `r:${v}:${s.seq}:${off}`;
            if (!done.has(key))
              events.push({
                at: chinaInstant(addDays(s.dueDate, -off), 9),
                key,
                kind: 'reminder',
                inst: s,
                offset: off,
              });
          }
        }
        const overdueAt = chinaInstant(addDays(s.dueDate, snap.graceDays + 1));
        if (t < overdueAt) events.push({ at: overdueAt, key: `d:${v}:${s.seq}`, kind: 'tick', inst: s });
      }
      if (oldest && !paused) {
        const base = episodeStart! + ladderShiftMs;
        const step = snap.ladder.find((x) => !done.has(`l:${episode}:${x.afterDays}`));
        if (step)
          events.push({
            at: base + step.afterDays * DAY,
            key: `l:${episode}:${step.afterDays}`,
            kind: 'ladder',
            step,
            inst: oldest,
          });
      }
    }
    events.sort((a, b) => a.at - b.at);
    const next = events[0];

    if (next && next.at <= t && next.kind !== 'tick') {
      // a collection action: only when no hold stands
      if (!paused && (await refreshHold())) continue;
      if (next.kind === 'reminder') {
        done.add(next.key);
        if (paused) continue; // reminders due during a pause are skipped
        const s = next.inst!;
        const r = await acts.recordLoanReminder({
          loanId,
          workflowId,
          scheduleVersion: v,
          seq: s.seq,
          offsetDays: next.offset!,
          dueDate: s.dueDate,
          amountDueFen: s.amountFen - s.paidFen,
        });
        if (r.taskId) {
          const k = `${v}:${s.seq}`;
          reminderTasks.set(k, [...(reminderTasks.get(k) ?? []), r.taskId]);
          board.track({
            taskId: r.taskId,
            kind: 'loan_reminder',
            stage: 'reminder',
            candidateRoles: ['caseworker'],
            decisions: ['done'],
            assigneeId: null,
            excluded: [],
            commentRequiredFor: [],
            onDecision: async () => {
              wake = true;
            },
          });
        }
        continue;
      }
      // ladder step
      const step = next.step!;
      done.add(next.key);
      const overdueFen = states
        .filter((s) => s.status === 'overdue')
        .reduce((n, s) => n + s.amountFen - s.paidFen, 0);
      await acts.recordLadderStep({
        loanId,
        workflowId,
        episode: episode!,
        step,
        daysOverdue: oldest!.daysOverdue,
        overdueFen,
      });
      if (step.action === 'visit' || step.action === 'escalate') {
        const kind = step.action === 'visit' ? 'loan_visit' : 'loan_escalation';
        coroutines.push(
          ask({
            kind,
            stage: { code: `overdue_${step.afterDays}`, candidateRole: step.role! },
            decisions: ['done'],
            payload: { afterDays: step.afterDays, overdueFen, seq: oldest!.seq, dueDate: oldest!.dueDate },
            deadlines: false,
          }).then(
            () => {
              wake = true;
            },
            (err: unknown) => {
              if (!(err instanceof Withdrawn)) throw err;
            },
          ),
        );
      } else if (step.action === 'default') {
        await setStatus('defaulted', { afterDays: step.afterDays, overdueFen });
        if (!requests.has('write_off')) {
          const req = {
            kind: 'write_off' as const,
            reason: `违约后核销建议 write-off proposed after ${step.afterDays} days overdue`,
            actor: { userId: 'system', displayName: 'bangfu', roles: ['admin'] },
            no: ++requestNo,
            settled: false,
          };
          requests.set('write_off', req);
          coroutines.push(runRequest(req));
        }
      }
      continue;
    }
    if (next && next.at <= t) {
      done.add(next.key); // a due date passed: the loop re-reads the state above
      continue;
    }

    // rest until the next event, a repayment, a hold change or a decision
    if (
      workflowInfo().continueAsNewSuggested &&
      requests.size === 0 &&
      [...board.open.values()].every((x) => x.kind === 'loan_reminder')
    ) {
      await closeReminders(() => false);
      await condition(allHandlersFinished);
      const keep = [...done].filter((k) => k.startsWith(`r:${v}:`) || k.startsWith(`l:${episode}:`));
      return continueAsNew<typeof loanWorkflow>({
        ...input,
        carry: {
          plan,
          status,
          done: keep,
          paused,
          pauseNo,
          episode,
          ladderShiftMs,
          round: board.rounds,
          requestNo,
        },
      });
    }
    const waitUntil = Math.min(next?.at ?? Number.POSITIVE_INFINITY, nextHoldCheck);
    board.rest();
    wake = false;
    const woke = () => dirty || holdDirty || wake;
    if (Number.isFinite(waitUntil)) await condition(woke, Math.max(waitUntil - now(), 1));
    else await condition(woke);
  }
}
