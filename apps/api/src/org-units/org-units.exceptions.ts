import { HttpStatus } from '@nestjs/common';
import { AppException, ErrorCode } from '../common/errors';
import type { OpenWork } from '../../../../libs/org/org.repository';
import type { OrgRefusal } from '../../../../libs/domain/org-tree';

/** The stable rule codes the org-units API answers with (the `rule` of an error detail). */
export enum OrgUnitErrorCode {
  CodeTaken = 'code_unique',
  OpenWork = 'no_open_work',
  Inactive = 'unit_active',
}

export const OrgUnitExceptions = {
  /** Unknown, or outside the caller's subtree (as invisible as unknown). */
  notFound: (id: string, field = 'id') => AppException.notFound('org unit', field, id),
  codeTaken: (code: string) =>
    AppException.conflict(`org unit code ${code} is taken`, [
      { field: 'code', rule: OrgUnitErrorCode.CodeTaken, message: `another unit already has code ${code}` },
    ]),
  refused: (r: OrgRefusal) => AppException.businessRule(r.field, r.rule, r.message),
  inactive: (field: string) =>
    AppException.businessRule(field, OrgUnitErrorCode.Inactive, 'the unit is deactivated (已停用)'),
  openWork: (w: OpenWork) =>
    new AppException(
      HttpStatus.UNPROCESSABLE_ENTITY,
      ErrorCode.BusinessRule,
      `the unit has ${w.total} open items of work (files ${w.files}, cases ${w.cases}, loans ${w.loans}, tasks ${w.tasks}); finish or move them first`,
      [
        {
          field: 'id',
          rule: OrgUnitErrorCode.OpenWork,
          message: `${w.total} open items of work in this unit or below (尚有未办结事项)`,
          params: { count: w.total, files: w.files, cases: w.cases, loans: w.loans, tasks: w.tasks },
        },
      ],
    ),
};
