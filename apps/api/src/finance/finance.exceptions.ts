import { AppException } from '../common/errors';

/** The stable rule codes the finance reports answer with (the `rule` of an error detail). */
export enum FinanceErrorCode {
  Exists = 'exists',
}

export const FinanceExceptions = {
  orgUnitNotFound: (orgUnitId: string) => AppException.notFound('org unit', 'orgUnitId', orgUnitId),
  workerNotFound: (workerId: string) => AppException.notFound('worker', 'workerId', workerId),
};
