import {
  Client,
  Connection,
  ConnectionOptions,
  defaultGrpcRetryOptions,
  makeGrpcRetryInterceptor,
} from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTE_NAMES } from './names';
import type { DataConverter } from '@temporalio/common';

export interface TemporalClientOptions {
  address: string;
  namespace: string;
  /** Deadline of every call, retries included (ms); unset = the SDK's default (no deadline). */
  callTimeoutMs?: number;
  /**
   * Deadline of the calls that wait on a worker (a Workflow Update, update-with-start, a history
   * long poll): a worker that is restarting should delay the answer, not fail it. Default 70 s.
   */
  longPollTimeoutMs?: number;
  /** bangfu's encrypting data converter (libs/security/payload-codec.ts) */
  dataConverter: DataConverter;
}

/** gRPC methods that wait for a worker or for new events (Temporal long polls). */
const LONG_POLLS =
  /\/(UpdateWorkflowExecution|PollWorkflowExecutionUpdate|ExecuteMultiOperation|GetWorkflowExecutionHistory)$/;

type GrpcInterceptor = NonNullable<ConnectionOptions['interceptors']>[number];

/**
 * Gives every gRPC call without a deadline one `ms` from now (`longPollMs` for the long polls). It sits outside the SDK's retry
 * interceptor, whose retries reuse the same absolute deadline: an unreachable Temporal fails the
 * call (UNAVAILABLE or DEADLINE_EXCEEDED, which the API answers 503) instead of hanging.
 */
export function deadlineInterceptor(ms: number, longPollMs = 70_000): GrpcInterceptor {
  return ((options, nextCall) =>
    nextCall(
      options.deadline
        ? options
        : {
            ...options,
            deadline: Date.now() + (LONG_POLLS.test(options.method_definition.path) ? longPollMs : ms),
          },
    )) as GrpcInterceptor;
}

export async function createTemporalClient(opts: TemporalClientOptions): Promise<Client> {
  const connection = await Connection.connect({
    address: opts.address,
    ...(opts.callTimeoutMs
      ? {
          interceptors: [
            deadlineInterceptor(opts.callTimeoutMs, opts.longPollTimeoutMs),
            // the SDK's default retries, fewer of them: ~2 s of back-off on UNAVAILABLE, not ~20 s
            makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 5 })),
          ],
        }
      : {}),
  });
  return new Client({ connection, namespace: opts.namespace, dataConverter: opts.dataConverter });
}

/**
 * Registers bangfu's custom search attributes on the namespace; attributes that already exist are
 * left alone. Used when TEMPORAL_ADDRESS points at a server the launcher did not start.
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const present = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = SEARCH_ATTRIBUTE_NAMES.filter((n) => !present.has(n));
  if (missing.length === 0) return [];
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(
      missing.map((n) => [n, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]),
    ),
  });
  return missing;
}
