import { DomainError, FailureType } from '../../../../libs/domain/errors';
import { AppException, ErrorCode } from '../common/errors';

/**
 * The stable rule codes the tasks API answers with (the `rule` of an error detail). Refusals from
 * the workflow's validators (claimed, forbidden, four-eyes, invalid decision, investigation
 * incomplete, assignee) are mapped by the global filter's FailureType table with these rules.
 */
export enum TaskErrorCode {
  TaskOpen = 'task_open',
  TaskClaimed = 'task_claimed',
  CandidateRole = 'candidate_role',
  FourEyes = 'four_eyes',
  Decision = 'decision',
  InvestigationComplete = 'investigation_complete',
  AssigneeEligible = 'assignee_eligible',
  BudgetAvailable = 'budget_available',
}

export const TaskExceptions = {
  notFound: (id: string) => AppException.notFound('task', 'id', id),
  stale: (taskId: string, message: string) =>
    AppException.conflict(
      message,
      [{ field: 'taskId', rule: TaskErrorCode.TaskOpen, message }],
      ErrorCode.StaleTask,
    ),
  /** Approved, but no budget can cover the amount: the case waits for finance (422 by the table). */
  awaitingFunds: () =>
    new DomainError(
      FailureType.BudgetInsufficient,
      'Approved, but the budget cannot cover this amount: the case waits for finance to top up the budget or reject it',
      [
        {
          field: 'amountFen',
          rule: TaskErrorCode.BudgetAvailable,
          message: 'no fund source has enough budget left for this program and year',
        },
      ],
    ),
};
