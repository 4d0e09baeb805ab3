import { AppException } from '../common/errors';
import { ErrorRule } from '../../../../libs/domain/error-rules';

/** The rule codes help plans answer with (`rule` of a detail). */
export enum HelpPlanErrorCode {
  Active = 'active',
  Unique = 'unique',
  OwnerScope = 'org_scope',
}

export const HelpPlanExceptions = {
  fileNotFound: (id: string) => AppException.notFound('file', 'id', id),
  measureNotFound: (id: string) => AppException.notFound('help_measure', 'id', id),
  noPlan: (fileNo: string) => AppException.notFound('help_plan', 'fileId', fileNo),
  fileNotActive: (fileNo: string, status: string) =>
    AppException.conflict(`file ${fileNo} is ${status}: help plans are for active files`, [
      {
        field: 'fileId',
        rule: HelpPlanErrorCode.Active,
        message: 'only an active file has a help plan',
        params: { fileNo, status },
      },
    ]),
  planExists: (fileNo: string) =>
    AppException.conflict(`file ${fileNo} already has a help plan: add or edit its measures`, [
      {
        field: 'fileId',
        rule: HelpPlanErrorCode.Unique,
        message: 'one help plan per file',
        params: { subjectNo: fileNo },
      },
    ]),
  ownerUnknown: (field: string, id: string) =>
    AppException.validation([
      { field, rule: ErrorRule.UserUnknown, message: `no active user ${id}`, params: { id } },
    ]),
  ownerOutOfScope: (field: string) =>
    AppException.validation([
      {
        field,
        rule: HelpPlanErrorCode.OwnerScope,
        message: 'the owner’s org subtree must hold the file (the task goes to their inbox)',
      },
    ]),
};
