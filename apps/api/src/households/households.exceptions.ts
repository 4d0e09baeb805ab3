import { AppException } from '../common/errors';

/** The stable rule codes the households API answers with (the `rule` of an error detail). */
export enum HouseholdErrorCode {
  OneHousehold = 'one_household',
  Month = 'month',
  Min = 'min',
  Locality = 'locality_known',
  MemberActive = 'member_active',
  ReverseOnce = 'reverse_once',
  NoReversalOfReversal = 'no_reversal_of_reversal',
}

export const HouseholdExceptions = {
  notFound: (id: string) => AppException.notFound('household', 'id', id),
  memberNotFound: (memberId: string) => AppException.notFound('household member', 'memberId', memberId),
  invalidNationalId: (rule: string, message: string) =>
    AppException.validation([{ field: 'nationalId', rule, message }]),
  workerNotFound: (id: string) => AppException.notFound('worker', 'workerId', id),
  workerHasHousehold: (householdId: string) =>
    AppException.conflict('the worker already has a household', [
      {
        field: 'workerId',
        rule: HouseholdErrorCode.OneHousehold,
        message: `the worker already belongs to household ${householdId}`,
      },
    ]),
  unknownLocality: (code: string, known: string[]) =>
    AppException.businessRule(
      'localityCode',
      HouseholdErrorCode.Locality,
      `the policy in force has no 低保 for locality ${code} (known: ${known.join(', ') || 'none'})`,
    ),
  memberRemoved: (memberId: string) =>
    AppException.businessRule(
      'memberId',
      HouseholdErrorCode.MemberActive,
      `member ${memberId} was removed from the household`,
    ),
  entryNotFound: (entryId: string) => AppException.notFound('entry', 'entryId', entryId),
  alreadyReversed: () =>
    AppException.conflict('this entry was already reversed', [
      {
        field: 'entryId',
        rule: HouseholdErrorCode.ReverseOnce,
        message: 'an entry is reversed at most once; record a new entry for a further change',
      },
    ]),
  reversalOfReversal: () =>
    AppException.businessRule(
      'entryId',
      HouseholdErrorCode.NoReversalOfReversal,
      'a reversing entry cannot itself be reversed; record a new entry instead',
    ),
  invalidMonth: () =>
    AppException.validation([
      { field: 'month', rule: HouseholdErrorCode.Month, message: 'month must be YYYY-MM' },
    ]),
  negativeAmount: () =>
    AppException.validation([
      { field: 'amountFen', rule: HouseholdErrorCode.Min, message: 'amountFen must not be negative' },
    ]),
};
