import { HttpStatus } from '@nestjs/common';
import { AppException, ErrorCode } from '../common/errors';

export enum TuitionErrorCode {
  Window = 'application_window',
  Level = 'one_of',
  Member = 'member_of_household',
}

export const TuitionExceptions = {
  /** Outside the policy's application window: the window's dates in params. */
  outsideWindow: (from: string, to: string) =>
    new AppException(
      HttpStatus.UNPROCESSABLE_ENTITY,
      ErrorCode.BusinessRule,
      `金秋助学 applications are taken from ${from} to ${to}`,
      [
        {
          field: 'date',
          rule: TuitionErrorCode.Window,
          message: `applications are taken from ${from} to ${to}`,
          params: { from, to },
        },
      ],
    ),
  unknownLevel: (levels: string[]) =>
    AppException.validation([
      {
        field: 'level',
        rule: TuitionErrorCode.Level,
        message: `level must be one of ${levels.join(', ')}`,
        params: { levels: levels.join(',') },
      },
    ]),
  notOfHousehold: () =>
    AppException.validation([
      {
        field: 'householdMemberId',
        rule: TuitionErrorCode.Member,
        message: 'the child must be a member of the worker’s household',
      },
    ]),
};
