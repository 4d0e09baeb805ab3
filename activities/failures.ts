import { ApplicationFailure } from '@temporalio/common';
import { isDomainError } from '../libs/domain/errors';
import { wrapActivities, type ActivityFunction } from './wrap';

/**
 * The one translation of domain refusals into Temporal failures: a DomainError thrown by a
 * repository or a domain function becomes a non-retryable ApplicationFailure of the same type
 * (workflows and the API compare those types). Anything else passes through unchanged (an outage
 * or a bug stays retryable).
 */
export function toFailure(err: unknown): unknown {
  if (!isDomainError(err)) return err;
  const details =
    err.details === undefined ? undefined : Array.isArray(err.details) ? err.details : [err.details];
  return ApplicationFailure.create({
    type: err.type,
    message: err.message,
    details,
    nonRetryable: true,
  });
}

/**
 * Wraps every activity function of a factory's result so a DomainError leaves the activity as a
 * non-retryable ApplicationFailure (names, arguments and results unchanged).
 */
export function translated<T extends Record<string, ActivityFunction>>(activities: T): T {
  return wrapActivities(activities, async (call) => {
    try {
      return await call();
    } catch (err) {
      throw toFailure(err);
    }
  });
}
