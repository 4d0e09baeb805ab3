import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { LoanPlan, LoanStatus } from '../../libs/domain/loan';
import type { Actor } from '../human-tasks';

/**
 * The loan workflow's interface: its input, what it carries across continue-as-new, its state
 * query, and its update and signal names (re-exported by workflows/loan.workflow.ts).
 */

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

/** The result the loan workflow ends with. */
export interface LoanResult {
  status: LoanStatus;
}

/** The loan workflow's signature (typed continue-as-new without importing the workflow module). */
export type LoanWorkflowFn = (input: LoanInput) => Promise<LoanResult>;

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
