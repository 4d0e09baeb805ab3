import { AppException, ErrorDetail } from '../common/errors';

/** The stable rule codes the policy and calendar API answers with (the `rule` of an error detail). */
export enum PolicyErrorCode {
  VersionExists = 'exists',
  IsDate = 'isDate',
}

export const PolicyExceptions = {
  versionNotFound: (version: number) => AppException.notFound('policy version', 'version', String(version)),
  /** The policy document failed validation: each error names its field under `data.`. */
  invalidPolicy: (errors: ErrorDetail[]) =>
    AppException.validation(errors.map((e) => ({ ...e, field: e.field ? `data.${e.field}` : 'data' }))),
  invalidDate: () =>
    AppException.validation([
      { field: 'date', rule: PolicyErrorCode.IsDate, message: 'date must be YYYY-MM-DD' },
    ]),
};
