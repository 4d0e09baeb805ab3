import { HttpStatus } from '@nestjs/common';
import { AppException, ErrorCode } from '../common/errors';

/** The stable rule codes the workers API answers with (the `rule` of an error detail). */
export enum WorkerErrorCode {
  Exists = 'exists',
  /** The same person is registered in a unit the caller cannot see: no hint where (ask the federation). */
  RegisteredElsewhere = 'registered_elsewhere',
  /** The same person is registered in a unit the caller can see: the existing worker is named. */
  Registered = 'registered',
  EmployeeNoUnique = 'employee_no_unique',
  UnitActive = 'unit_active',
}

/** The error `code` of a duplicate refused across units (stable: the console translates it). */
export const REGISTERED_ELSEWHERE = 'REGISTERED_ELSEWHERE';

export const WorkerExceptions = {
  /** Unknown, or outside the caller's org subtree (as invisible as unknown). */
  notFound: (id: string) => AppException.notFound('worker', 'id', id),
  unitNotFound: (id: string) => AppException.notFound('org unit', 'orgUnitId', id),
  unitInactive: () =>
    AppException.businessRule('orgUnitId', WorkerErrorCode.UnitActive, 'the unit is deactivated (已停用)'),
  invalidNationalId: (rule: string, message: string) =>
    AppException.validation([{ field: 'nationalId', rule, message }]),
  /** No unit, no household, no name: the answer must not tell which IDs are registered where. */
  registeredElsewhere: (field = 'nationalId') =>
    new AppException(
      HttpStatus.CONFLICT,
      REGISTERED_ELSEWHERE,
      'This person is already registered elsewhere; ask the federation (已在其他单位登记，请联系县总工会核实)',
      [
        {
          field,
          rule: WorkerErrorCode.RegisteredElsewhere,
          message: 'already registered elsewhere; ask the federation',
        },
      ],
    ),
  /** The caller may see where: the existing registration is named. */
  registered: (field: string, w: { id: string; employeeNo: string; orgUnitName: string; name: string }) =>
    new AppException(
      HttpStatus.CONFLICT,
      ErrorCode.Conflict,
      `This person is already registered as ${w.employeeNo} in ${w.orgUnitName} (重复登记)`,
      [
        {
          field,
          rule: WorkerErrorCode.Registered,
          message: `already registered as ${w.employeeNo} ${w.name} in ${w.orgUnitName}`,
          params: { workerId: w.id, employeeNo: w.employeeNo, orgUnitName: w.orgUnitName },
        },
      ],
    ),
  employeeNoTaken: (employeeNo: string) =>
    AppException.conflict(`employee number ${employeeNo} is taken`, [
      {
        field: 'employeeNo',
        rule: WorkerErrorCode.EmployeeNoUnique,
        message: `another member already has employee number ${employeeNo}`,
      },
    ]),
};
