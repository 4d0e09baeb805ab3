import { isFen, isWithinRange } from './money';
import type { Role } from './roles';

/** Status of an aid case as the read model and the search attribute show it. */
export const CASE_STATUSES = ['submitted', 'pending_approval', 'approved', 'rejected'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_STATUS_LABELS: Record<CaseStatus, { zh: string; en: string }> = {
  submitted: { zh: '已提交', en: 'Submitted' },
  pending_approval: { zh: '待审批', en: 'Pending approval' },
  approved: { zh: '已批准', en: 'Approved' },
  rejected: { zh: '已驳回', en: 'Rejected' },
};

export const DECISIONS = ['approve', 'reject'] as const;
export type Decision = (typeof DECISIONS)[number];

/** An approval stage: who may decide it. Later issues route several stages by amount. */
export interface ApprovalStage {
  code: string;
  candidateRole: Role;
}

export const GRASSROOTS_STAGE: ApprovalStage = { code: 'grassroots', candidateRole: 'branch_chair' };

export interface ProgramRange {
  code: string;
  minAmountFen: number;
  maxAmountFen: number;
}

export type ApplicationRefusal = { rule: 'amount_in_program_range'; message: string };

/** Business-rule check of an application (422 when refused). Shape checks (400) happen before. */
export function checkApplicationAmount(program: ProgramRange, amountFen: number): ApplicationRefusal | null {
  if (!isFen(amountFen) || !isWithinRange(amountFen, program.minAmountFen, program.maxAmountFen)) {
    return {
      rule: 'amount_in_program_range',
      message: `amountFen must be between ${program.minAmountFen} and ${program.maxAmountFen} for program ${program.code}`,
    };
  }
  return null;
}

export interface DecisionInput {
  taskId: string;
  decision: string;
  comment?: string;
  actor: { userId: string; roles: readonly string[] };
}

export interface OpenTaskView {
  taskId: string;
  candidateRole: Role;
}

export type DecisionRefusal =
  | { kind: 'stale'; message: string }
  | { kind: 'forbidden'; message: string }
  | { kind: 'invalid'; message: string };

/**
 * Validates a decision against the task the workflow is waiting on. Used by the workflow's
 * Update validator, so it must stay deterministic and free of I/O.
 */
export function validateDecision(
  open: OpenTaskView | undefined,
  input: DecisionInput,
): DecisionRefusal | null {
  if (!open || open.taskId !== input.taskId) {
    return { kind: 'stale', message: `task ${input.taskId} is not open for a decision on this case` };
  }
  if (!(DECISIONS as readonly string[]).includes(input.decision)) {
    return { kind: 'invalid', message: `decision must be one of ${DECISIONS.join(', ')}` };
  }
  if (!input.actor.roles.includes(open.candidateRole)) {
    return { kind: 'forbidden', message: `only a user with role ${open.candidateRole} may decide this task` };
  }
  if (input.decision === 'reject' && !input.comment?.trim()) {
    return { kind: 'invalid', message: 'a comment is required to reject' };
  }
  return null;
}

export function statusAfterDecision(decision: Decision): CaseStatus {
  return decision === 'approve' ? 'approved' : 'rejected';
}
