import { AppException } from '../common/errors';

/** The stable rule codes the funds API answers with (the `rule` of an error detail). */
export enum FundErrorCode {
  IdempotencyKeyRequired = 'required',
  FundSourceExists = 'exists',
  SameAmount = 'same_amount',
}

export const FundExceptions = {
  idempotencyKeyRequired: () =>
    AppException.validation([
      {
        field: 'Idempotency-Key',
        rule: FundErrorCode.IdempotencyKeyRequired,
        message: 'an Idempotency-Key header of 8–200 characters is required',
      },
    ]),
  unknownFundSourceOrProgram: (detail: string) =>
    AppException.businessRule(
      'fundSource',
      FundErrorCode.FundSourceExists,
      `unknown fund source or program: ${detail}`,
    ),
  keyReusedWithOtherAmount: () =>
    AppException.businessRule(
      'Idempotency-Key',
      FundErrorCode.SameAmount,
      'this Idempotency-Key was used with a different amount',
    ),
};
