import { AppException } from '../common/errors';

/** The stable rule codes the early-warning and subsidy API answers with (the `rule` of a detail). */
export enum LifecycleErrorCode {
  IdempotencyKeyLength = 'length',
  Date = 'date',
  NotInFuture = 'not_in_future',
  WorkerExists = 'exists',
  OrgScope = 'org_scope',
  Unique = 'unique',
  Open = 'open',
  CloseRole = 'role',
}

export const LifecycleExceptions = {
  earlyWarningNotFound: (id: string) => AppException.notFound('early warning', 'id', id),
  idempotencyKeyLength: () =>
    AppException.validation([
      {
        field: 'Idempotency-Key',
        rule: LifecycleErrorCode.IdempotencyKeyLength,
        message: 'Idempotency-Key must be 8–200 characters',
      },
    ]),
  notADate: (occurredOn: string) =>
    AppException.validation([
      {
        field: 'occurredOn',
        rule: LifecycleErrorCode.Date,
        message: `occurredOn ${occurredOn} is not a calendar date`,
        params: { value: occurredOn },
      },
    ]),
  inFuture: (occurredOn: string, today: string) =>
    AppException.validation([
      {
        field: 'occurredOn',
        rule: LifecycleErrorCode.NotInFuture,
        message: `occurredOn ${occurredOn} is in the future (today is ${today}, China time)`,
        params: { value: occurredOn, todayDate: today },
      },
    ]),
  unknownWorker: (workerId: string) =>
    AppException.businessRule('workerId', LifecycleErrorCode.WorkerExists, `no worker with id ${workerId}`),
  workerOutOfScope: () =>
    AppException.forbidden(
      'The worker belongs to an org unit outside your scope',
      LifecycleErrorCode.OrgScope,
    ),
  alreadyReported: (id: string, field: string, message: string) =>
    AppException.conflict(`This early warning was already reported as ${id}`, [
      { field, rule: LifecycleErrorCode.Unique, message },
    ]),
  alreadyClosed: (id: string) =>
    AppException.conflict(`early warning ${id} is already closed`, [
      { field: 'id', rule: LifecycleErrorCode.Open, message: 'only an open early warning can be closed' },
    ]),
  closeForbidden: () =>
    AppException.forbidden(
      'only a caseworker, a chair or an administrator may close it',
      LifecycleErrorCode.CloseRole,
    ),
};
