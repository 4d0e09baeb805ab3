import { AppException } from '../common/errors';

/** The stable rule codes the households API answers with (the `rule` of an error detail). */
export enum HouseholdErrorCode {
  OneHousehold = 'one_household',
  Month = 'month',
  Min = 'min',
}

export const HouseholdExceptions = {
  notFound: (id: string) => AppException.notFound('household', 'id', id),
  memberNotFound: (memberId: string) => AppException.notFound('household member', 'memberId', memberId),
  invalidNationalId: (rule: string, message: string) =>
    AppException.validation([{ field: 'nationalId', rule, message }]),
  registeredElsewhere: (householdCode: string) =>
    AppException.conflict(`this person is already registered in household ${householdCode}`, [
      {
        field: 'nationalId',
        rule: HouseholdErrorCode.OneHousehold,
        message: `the same ID number is recorded in household ${householdCode} (重复登记)`,
      },
    ]),
  invalidMonth: () =>
    AppException.validation([
      { field: 'month', rule: HouseholdErrorCode.Month, message: 'month must be YYYY-MM' },
    ]),
  negativeAmount: () =>
    AppException.validation([
      { field: 'amountFen', rule: HouseholdErrorCode.Min, message: 'amountFen must not be negative' },
    ]),
};
