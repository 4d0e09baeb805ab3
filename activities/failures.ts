import { ApplicationFailure } from '@temporalio/common';
import { isDomainError } from '../libs/domain/errors';

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

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ActivityFunction = (...args: any[]) => unknown;

/**
 * Wraps every activity function of a factory's result so a DomainError leaves the activity as a
 * non-retryable ApplicationFailure. Names, arguments and results are unchanged (recorded workflow
 * histories reference the activity type names, i.e. the object's keys).
 */
export function translated<T extends Record<string, ActivityFunction>>(activities: T): T {
  const out: Record<string, ActivityFunction> = {};
  for (const [name, fn] of Object.entries(activities)) {
    out[name] = async function (this: unknown, ...args: unknown[]) {
      try {
        return await fn.apply(activities, args);
      } catch (err) {
        throw toFailure(err);
      }
    };
  }
  return out as T;
}
