import { AppException } from '../common/errors';

/** The stable rule codes the re-assessment and file-lifecycle API answers with (`rule` of a detail). */
export enum ReassessmentErrorCode {
  UniqueQuarter = 'unique_quarter',
  Active = 'active',
  CloseRole = 'role',
  OneExit = 'one_exit',
  FileCause = 'file_cause',
}

export const ReassessmentExceptions = {
  notFound: (id: string) => AppException.notFound('re-assessment', 'id', id),
  fileNotFound: (fileId: string) => AppException.notFound('file', 'id', fileId),
  duplicateQuarter: (quarter: string, campaignId: string) =>
    AppException.conflict(`re-assessment ${quarter} already exists: a quarter is re-assessed once`, [
      {
        field: 'quarter',
        rule: ReassessmentErrorCode.UniqueQuarter,
        message: `campaign ${campaignId} already exists`,
        params: { quarter },
      },
    ]),
  fileNotActive: (fileNo: string, status: string) =>
    AppException.conflict(`file ${fileNo} is ${status}, not active`, [
      {
        field: 'id',
        rule: ReassessmentErrorCode.Active,
        message: 'only an active file can be closed or exited',
        params: { fileNo, status },
      },
    ]),
  closeForbidden: () =>
    AppException.forbidden(
      'only the union chair or an administrator may close a file',
      ReassessmentErrorCode.CloseRole,
    ),
  exitAwaitingApproval: (workflowId: string) =>
    AppException.conflict('an exit of this file is already awaiting approval', [
      {
        field: 'id',
        rule: ReassessmentErrorCode.OneExit,
        message: `workflow ${workflowId} is waiting for its approval`,
      },
    ]),
  exitUnderWay: (workflowId: string) =>
    AppException.conflict('an exit of this file is already under way', [
      { field: 'id', rule: ReassessmentErrorCode.OneExit, message: `workflow ${workflowId} exists` },
    ]),
};
