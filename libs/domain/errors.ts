/**
 * The one list of failure types. Repositories and domain functions throw DomainError with one of
 * these; activities turn it into a non-retryable Temporal ApplicationFailure of the same type;
 * workflow validators refuse with the same types; the API's one exception filter maps each type to
 * an HTTP status (apps/api/src/common/http-error.filter.ts). Never spell a type as a bare string.
 */
export enum FailureType {
  NotFound = 'NotFound',
  /** The task or subject moved on: the decision or action arrived too late (409). */
  StaleTask = 'StaleTask',
  /** The actor's role may not take this decision (403). */
  DecisionForbidden = 'DecisionForbidden',
  /** Four-eyes rule (四眼原则): the actor is excluded from approving this subject (403). */
  FourEyes = 'FourEyes',
  /** The decision or its input is malformed (400). */
  InvalidDecision = 'InvalidDecision',
  /** Claimed by another user (409). */
  TaskClaimed = 'TaskClaimed',
  /** The budget cannot cover the amount (422). */
  BudgetInsufficient = 'BudgetInsufficient',
  /** 五清一访 not recorded yet (422). */
  InvestigationIncomplete = 'InvestigationIncomplete',
  InvalidQuarter = 'InvalidQuarter',
  InvalidAssignee = 'InvalidAssignee',
  DuplicateOpenFile = 'DuplicateOpenFile',
  DuplicateOpenCase = 'DuplicateOpenCase',
  /** An aid application breaks an eligibility rule (details: field, rule) (422). */
  Ineligible = 'Ineligible',
}

/** A refusal decided by the domain (not a bug, not an outage): never retried. */
export class DomainError extends Error {
  constructor(
    readonly type: FailureType,
    message: string,
    readonly details?: Record<string, unknown> | unknown[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}
