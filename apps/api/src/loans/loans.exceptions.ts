import { HttpException, HttpStatus } from '@nestjs/common';
import { AppException, ErrorCode } from '../common/errors';

/** The stable rule codes the loans API answers with (the `rule` of an error detail). */
export enum LoanErrorCode {
  WorkerExists = 'exists',
  OrgScope = 'org_scope',
  IdempotencyKeyLength = 'length',
  IdempotencyKeyUnique = 'unique',
  AmountRange = 'loan_amount_range',
  TermRange = 'loan_term_range',
  Splittable = 'splittable',
  ChronicBorrower = 'chronic_borrower',
  ChronicOverride = 'chronic_override',
  LoanOpen = 'loan_open',
  RequestRole = 'role',
  Request = 'request',
}

/** The error code of the chronic-borrower gate (its body also names the blocking loan). */
export const CHRONIC_BORROWER = 'CHRONIC_BORROWER';

export const LoanExceptions = {
  notFound: (id: string) => AppException.notFound('loan', 'id', id),
  unknownWorker: (workerId: string) =>
    AppException.businessRule('workerId', LoanErrorCode.WorkerExists, `no worker with id ${workerId}`),
  workerOutOfScope: () =>
    AppException.forbidden('The worker belongs to an org unit outside your scope', LoanErrorCode.OrgScope),
  idempotencyKeyLength: () =>
    AppException.validation([
      {
        field: 'Idempotency-Key',
        rule: LoanErrorCode.IdempotencyKeyLength,
        message: 'Idempotency-Key must be 8–200 characters',
      },
    ]),
  alreadySubmitted: (loanId: string, loanNo: string) =>
    AppException.conflict(`This application was already submitted as loan ${loanId} (${loanNo})`, [
      {
        field: 'Idempotency-Key',
        rule: LoanErrorCode.IdempotencyKeyUnique,
        message: `loan ${loanId} exists for this key`,
        params: { subjectNo: loanNo },
      },
    ]),
  chronicBorrower: (
    message: string,
    block: { message: string; loanId: string; loanNo: string; reason: string },
  ) =>
    new HttpException(
      {
        statusCode: HttpStatus.UNPROCESSABLE_ENTITY,
        code: CHRONIC_BORROWER,
        message,
        details: [
          {
            field: 'workerId',
            rule: LoanErrorCode.ChronicBorrower,
            message: block.message,
            params: { loanNo: block.loanNo, reason: block.reason },
          },
        ],
        blockingLoanId: block.loanId,
        blockingLoanNo: block.loanNo,
        blockingReason: block.reason,
      },
      HttpStatus.UNPROCESSABLE_ENTITY,
    ),
  chronicOverrideForbidden: (role: string) =>
    AppException.forbidden(
      `only the ${role} may override the chronic-borrower gate`,
      LoanErrorCode.ChronicOverride,
    ),
  /** The loan's workflow refuses the request now (stale) or has finished. */
  notOpenForRequest: (loanNo: string, status: string, kind: string, message: string) =>
    AppException.conflict(
      `loan ${loanNo} (${status}) cannot take a ${kind} request now: ${message}`,
      [{ field: 'id', rule: LoanErrorCode.LoanOpen, message }],
      ErrorCode.Conflict,
    ),
  requestForbidden: (message: string) => AppException.forbidden(message, LoanErrorCode.RequestRole),
  invalidRequest: (message: string) =>
    AppException.validation([{ field: 'body', rule: LoanErrorCode.Request, message }]),
};
