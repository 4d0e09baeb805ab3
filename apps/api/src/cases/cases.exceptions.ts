import { AppException, ErrorCode } from '../common/errors';

/** The stable rule codes the cases API answers with (the `rule` of an error detail). */
export enum CaseErrorCode {
  WorkerExists = 'exists',
  OrgScope = 'org_scope',
  IdempotencyKeyLength = 'length',
  IdempotencyKeyUnique = 'unique',
  InNotice = 'in_notice',
  Withdrawable = 'withdrawable',
  WithdrawRole = 'role',
  OneOpenCaseSameProgram = 'no_open_case_same_program',
  ApplyThroughTuition = 'apply_through_tuition',
}

export const CaseExceptions = {
  notFound: (id: string) => AppException.notFound('case', 'id', id),
  /** 金秋助学 goes through /api/tuition (window, child, school year); the generic path would skip them. */
  applyThroughTuition: (program: string) =>
    AppException.businessRule(
      'program',
      CaseErrorCode.ApplyThroughTuition,
      `program ${program} is applied for through POST /api/tuition/applications (per child and school year, within the window)`,
      { program },
    ),
  unknownWorker: (workerId: string) =>
    AppException.businessRule('workerId', CaseErrorCode.WorkerExists, `no worker with id ${workerId}`),
  workerOutOfScope: () =>
    AppException.forbidden('The worker belongs to an org unit outside your scope', CaseErrorCode.OrgScope),
  idempotencyKeyLength: () =>
    AppException.validation([
      {
        field: 'Idempotency-Key',
        rule: CaseErrorCode.IdempotencyKeyLength,
        message: 'Idempotency-Key must be 8–200 characters',
      },
    ]),
  /** The Idempotency-Key names a case that exists already (with its number once it is recorded). */
  alreadySubmitted: (caseId: string, caseNo?: string) =>
    AppException.conflict(
      `This application was already submitted as case ${caseId}${caseNo ? ` (${caseNo})` : ''}`,
      [
        {
          field: 'Idempotency-Key',
          rule: CaseErrorCode.IdempotencyKeyUnique,
          message: `case ${caseId} exists for this key`,
          ...(caseNo ? { params: { subjectNo: caseNo } } : {}),
        },
      ],
      ErrorCode.Conflict,
    ),
  openCaseSameProgram: () =>
    AppException.businessRule(
      'program',
      CaseErrorCode.OneOpenCaseSameProgram,
      'the household already has an open case of this program',
    ),
  notInNotice: (caseNo: string, status: string) =>
    AppException.conflict(`case ${caseNo} is not in public notice (status ${status})`, [
      {
        field: 'id',
        rule: CaseErrorCode.InNotice,
        message: 'objections are taken only while the case is in public notice',
        params: { subjectNo: caseNo, status },
      },
    ]),
  notWithdrawable: (caseNo: string, status: string) =>
    AppException.conflict(`case ${caseNo} cannot be withdrawn now (status ${status})`, [
      {
        field: 'id',
        rule: CaseErrorCode.Withdrawable,
        message: 'only cases not yet paid can be withdrawn',
        params: { subjectNo: caseNo, status },
      },
    ]),
  withdrawForbidden: () =>
    AppException.forbidden('only a caseworker or a chair may withdraw a case', CaseErrorCode.WithdrawRole),
};
