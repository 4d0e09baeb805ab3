import { AppException } from '../common/errors';

/** The stable rule codes the hardship-files API answers with (the `rule` of an error detail). */
export enum FileErrorCode {
  WorkerExists = 'exists',
  OrgScope = 'org_scope',
  HasHousehold = 'has_household',
  OneOpenFile = 'one_open_file',
  Investigating = 'investigating',
  InNotice = 'in_notice',
  Withdrawable = 'withdrawable',
  WithdrawRole = 'role',
}

export const FileExceptions = {
  notFound: (id: string) => AppException.notFound('file', 'id', id),
  unknownWorker: (workerId: string) =>
    AppException.businessRule('workerId', FileErrorCode.WorkerExists, `no worker with id ${workerId}`),
  workerOutOfScope: () =>
    AppException.forbidden('The worker belongs to an org unit outside your scope', FileErrorCode.OrgScope),
  noHousehold: () =>
    AppException.businessRule(
      'workerId',
      FileErrorCode.HasHousehold,
      'record the worker’s household before opening a file',
    ),
  duplicateFile: (f: { id: string; file_no: string; status: string }) =>
    AppException.conflict(`The household or worker already has an open file ${f.file_no} (${f.status})`, [
      {
        field: 'workerId',
        rule: FileErrorCode.OneOpenFile,
        message: `existing file ${f.file_no} (id ${f.id}) is ${f.status}`,
        params: { fileNo: f.file_no, status: f.status },
      },
    ]),
  notInvestigating: (fileNo: string, status: string) =>
    AppException.conflict(`file ${fileNo} is ${status}: the investigation can no longer change`, [
      {
        field: 'id',
        rule: FileErrorCode.Investigating,
        message: 'the investigation is recorded while the file is investigating or returned',
        params: { fileNo, status },
      },
    ]),
  notInNotice: (fileNo: string, status: string) =>
    AppException.conflict(`file ${fileNo} is not in public notice (status ${status})`, [
      {
        field: 'id',
        rule: FileErrorCode.InNotice,
        message: 'objections are taken only while the file is in public notice',
      },
    ]),
  notWithdrawable: (fileNo: string, status: string) =>
    AppException.conflict(`file ${fileNo} cannot be withdrawn now (status ${status})`, [
      {
        field: 'id',
        rule: FileErrorCode.Withdrawable,
        message: 'only files still in registration can be withdrawn',
      },
    ]),
  withdrawForbidden: () =>
    AppException.forbidden('only a caseworker or a chair may withdraw a file', FileErrorCode.WithdrawRole),
};
