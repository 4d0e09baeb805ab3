/**
 * Is an error a dependency outage (PostgreSQL or Temporal unreachable, or too slow to answer within
 * its timeout) rather than a fault in the request or in bangfu? Those answer 503 with `Retry-After`
 * (common/http-error.filter.ts), never 500 and never a hang: the caller may simply try again later.
 */
export type Dependency = 'database' | 'temporal';

/** Node socket errors: the server is not there (or went away mid-request). */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs of an unavailable server: class 08 (connection exception), 57014
 * (query_canceled: statement_timeout), 57P01–57P03 (shutting down, crash, cannot connect now),
 * 53300 (too many connections).
 */
function isPgOutageCode(code: string): boolean {
  return /^08/.test(code) || ['57014', '57P01', '57P02', '57P03', '53300'].includes(code);
}

/** node-postgres's own messages for a server that is gone or silent (pool and client timeouts). */
const PG_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|not queryable|Connection refused|server closed the connection/i;

/** gRPC status codes of an unreachable or too slow Temporal frontend: UNAVAILABLE, DEADLINE_EXCEEDED. */
const GRPC_OUTAGE = new Set([14, 4]);

/** Temporal client errors that mean "the call did not get through in time". */
const TEMPORAL_NAMES = new Set(['WorkflowUpdateRPCTimeoutOrCancelledError']);

function causes(err: unknown): unknown[] {
  const seen: unknown[] = [];
  let e: unknown = err;
  while (e && typeof e === 'object' && !seen.includes(e) && seen.length < 10) {
    seen.push(e);
    const o = e as { cause?: unknown; driverError?: unknown; errors?: unknown[] };
    if (Array.isArray(o.errors)) seen.push(...o.errors); // AggregateError (IPv4 + IPv6 refused)
    e = o.driverError ?? o.cause;
  }
  return seen;
}

export function dependencyOutage(err: unknown): Dependency | undefined {
  for (const e of causes(err)) {
    if (!e || typeof e !== 'object') continue;
    const o = e as { code?: unknown; name?: unknown; message?: unknown; metadata?: unknown };
    const message = typeof o.message === 'string' ? o.message : '';
    if (typeof o.code === 'number' && GRPC_OUTAGE.has(o.code)) return 'temporal';
    if (typeof o.name === 'string' && TEMPORAL_NAMES.has(o.name)) return 'temporal';
    if (
      typeof o.name === 'string' &&
      o.name === 'ServiceError' &&
      /UNAVAILABLE|DEADLINE_EXCEEDED/.test(message)
    )
      return 'temporal';
    if (typeof o.code === 'string' && isPgOutageCode(o.code)) return 'database';
    if (PG_MESSAGES.test(message)) return 'database';
    if (typeof o.code === 'string' && SOCKET_CODES.has(o.code)) return 'database';
  }
  return undefined;
}
