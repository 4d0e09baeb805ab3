import { condition, defineSignal, setHandler } from '@temporalio/workflow';
import { fourEyesExclusions, type FourEyesReason } from '../libs/domain/four-eyes';
import type { StageDef } from '../libs/domain/policy-types';
import { Withdrawn, type DecideInput, type DecisionHook, type NextTask, type TaskBoard } from './human-tasks';

/**
 * The human steps every approval-like flow is made of (aid case, hardship file, loan and its
 * reschedule / write-off requests, re-assessment exit): the approval chain, the public notice with
 * objections, and finance's top-up of a budget that could not cover an approval. Each human step is
 * one `board.ask()` with its own hooks; the workflow reads as a list of these named steps.
 */

export type ChainExclusion = { userId: string; reason: FourEyesReason };

export type ChainOutcome =
  | { approved: true; approvers: string[] }
  | { rejected: true; stage: string; comment: string | null }
  | { withdrawn: true };

/** Budget reservation at one stage of the chain; finance tops up (or rejects) when it fails. */
export interface FundsStep {
  /** The stage whose approval reserves the amount: the first or the last. */
  reserveAt: 'first' | 'last';
  /** Reserves the amount; true when the budget covered it (the workflow keeps the answer). */
  reserve: () => Promise<boolean>;
  /** Whether the amount is reserved (a chain asked again after an objection does not reserve twice). */
  isReserved: () => boolean;
  /** The finance task's payload. */
  payload: Record<string, unknown>;
  /** Before finance is asked (the subject's status becomes awaiting_funds). */
  onAwaiting: () => Promise<void>;
  /** After a top-up reserved the amount (the subject goes back to its approval status). */
  onReserved?: () => Promise<void>;
}

export interface ApprovalChainSpec {
  /** Task kind of each stage: 'approval' unless the flow has its own (exit_approval, write_off…). */
  kind?: string;
  stages: readonly StageDef[];
  /** Who may not approve and why (four-eyes); earlier approvers of this chain are added per stage. */
  excluded: readonly ChainExclusion[];
  /** What every stage task shows besides the stage's names. */
  subject?: Record<string, unknown>;
  /** Return for rework: the stage may send the subject back to the caseworker, then decides again. */
  rework?: {
    assigneeId: string;
    onReturned: (stage: StageDef, d: DecideInput) => Promise<void>;
    onResubmitted: () => Promise<void>;
  };
  /** Runs inside the decide Update of an approval, before it is recorded. */
  onApprove?: (stage: StageDef, d: DecideInput) => Promise<{ status?: string } | void>;
  funds?: FundsStep;
  /**
   * An approval names the next stage's task (NextTask), so that a board with `completeAndOpen`
   * records the approval and opens that task in one activity (the aid case's, from its
   * 'aid-case-fewer-round-trips' patch on).
   */
  openNextWithDecision?: boolean;
}

/**
 * Asks each stage in order (reminders and escalation to the next stage's role, or an administrator
 * after the last). A rejection ends the chain; a return opens a rework task for the caseworker and
 * asks the same stage again; a withdrawal ends it as withdrawn. The budget is reserved at the
 * approval `funds.reserveAt` names; when it cannot be, finance tops up or rejects before the chain goes on.
 */
export async function runApprovalChain(board: TaskBoard, spec: ApprovalChainSpec): Promise<ChainOutcome> {
  const approvers: string[] = [];
  const { stages, funds } = spec;
  const reserveIndex = funds ? (funds.reserveAt === 'first' ? 0 : stages.length - 1) : -1;
  try {
    for (let i = 0; i < stages.length;) {
      const stage = stages[i]!;
      const reservesHere = i === reserveIndex && !funds?.isReserved();
      const following = stages[i + 1];
      const kind = spec.kind ?? 'approval';
      const payloadOf = (s: StageDef) => ({ stageNameZh: s.nameZh, stageNameEn: s.nameEn, ...spec.subject });
      // the next stage's task, opened with this approval's completion (openNextWithDecision)
      const next = (): NextTask | undefined =>
        spec.openNextWithDecision && following
          ? {
              kind,
              stage: following.code,
              candidateRole: following.candidateRole,
              payload: payloadOf(following),
              deadlines: true,
            }
          : undefined;
      const onDecision: DecisionHook = async (d) => {
        if (d.decision !== 'approve') return undefined;
        const extra = spec.onApprove ? await spec.onApprove(stage, d) : undefined;
        if (reservesHere && funds) {
          const ok = await funds.reserve();
          return ok ? { status: 'approved', next: next() } : { status: 'awaiting_funds' };
        }
        const n = next();
        return n ? { ...extra, next: n } : extra;
      };
      const d = await board.ask({
        kind,
        stage: stage.code,
        candidateRole: stage.candidateRole,
        escalateTo: following?.candidateRole ?? 'admin',
        decisions: spec.rework ? ['approve', 'reject', 'return'] : ['approve', 'reject'],
        excluded: [...spec.excluded, ...fourEyesExclusions({ earlierApprovers: approvers })],
        payload: payloadOf(stage),
        deadlines: true,
        onDecision,
      });
      if (d.decision === 'reject') return { rejected: true, stage: stage.code, comment: d.comment ?? null };
      if (d.decision === 'return' && spec.rework) {
        await spec.rework.onReturned(stage, d);
        await board.ask({
          kind: 'rework',
          stage: stage.code,
          candidateRole: 'caseworker',
          assigneeId: spec.rework.assigneeId,
          decisions: ['done'],
          commentRequiredFor: [],
          payload: { returnedBy: d.actor.displayName, comment: d.comment },
          deadlines: false,
        });
        await spec.rework.onResubmitted();
        continue; // the same stage again
      }
      approvers.push(d.actor.userId);
      i++;
      if (funds && i - 1 === reserveIndex && !funds.isReserved()) {
        const f = await awaitFunds(board, funds);
        if (f !== 'reserved') return f;
      }
    }
    return { approved: true, approvers };
  } catch (err) {
    if (err instanceof Withdrawn) return { withdrawn: true };
    throw err;
  }
}

/**
 * Finance tops up the budget (then the amount is reserved again) or rejects; until the reservation
 * holds. Returns 'reserved', or the rejection as a chain outcome (stage 'funds').
 */
export async function awaitFunds(
  board: TaskBoard,
  funds: FundsStep,
): Promise<'reserved' | { rejected: true; stage: string; comment: string | null }> {
  for (;;) {
    await funds.onAwaiting();
    const f = await board.ask({
      kind: 'funds',
      stage: 'funds',
      candidateRole: 'finance',
      decisions: ['approve', 'reject'],
      payload: funds.payload,
      deadlines: true,
    });
    if (f.decision === 'reject') return { rejected: true, stage: 'funds', comment: f.comment ?? null };
    if (await funds.reserve()) {
      await funds.onReserved?.();
      return 'reserved';
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Public notice (公示) with objections
// ---------------------------------------------------------------------------------------------

export interface Objection {
  by: string;
  text: string;
}

/** An objection raised during a public notice: the subject goes back to review with it attached. */
export const objectionSignal = defineSignal<[Objection]>('objection');

/** Objections a subject received while its notice ran (the signal is ignored at other times). */
export class Objections {
  private readonly all: Objection[] = [];
  private handled = 0;

  constructor(inNotice: () => boolean) {
    setHandler(objectionSignal, (o) => {
      if (inNotice()) this.all.push(o);
    });
  }

  /** The objection the last notice ended with (shown on the next review), if any. */
  get last(): Objection | undefined {
    return this.all[this.handled - 1];
  }

  get count(): number {
    return this.all.length;
  }

  pending(): boolean {
    return this.all.length > this.handled;
  }

  take(): Objection {
    this.handled = this.all.length;
    return this.all[this.handled - 1]!;
  }
}

/**
 * Runs a public notice: `start` records it and answers its length (working days by policy, see
 * libs/domain/calendar.ts); `onStarted` shows the subject as in notice. Ends 'passed' when the
 * period runs out without objection, or with the objection (recorded by `record`) to send the
 * subject back to review. A withdrawal during the notice throws Withdrawn.
 */
export async function runPublicNotice(
  board: TaskBoard,
  spec: {
    objections: Objections;
    start: () => Promise<{ durationMs: number }>;
    onStarted: () => void;
    record: (objection: Objection) => Promise<void>;
  },
): Promise<{ passed: true } | { objection: Objection }> {
  const notice = await spec.start();
  spec.onStarted();
  board.rest();
  const objected = await condition(() => spec.objections.pending() || board.aborted, notice.durationMs);
  if (board.aborted) throw new Withdrawn();
  if (!objected) return { passed: true };
  const objection = spec.objections.take();
  await spec.record(objection);
  return { objection };
}
