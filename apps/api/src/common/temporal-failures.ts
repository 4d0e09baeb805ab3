import type { Client, WithStartWorkflowOperation } from '@temporalio/client';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type UpdateDefinition,
  type Workflow,
} from '@temporalio/common';
import { DomainError, FailureType } from '../../../../libs/domain/errors';

/**
 * Failures that are not domain refusals but tell the API something about the workflow behind a
 * subject: it has finished (no longer running), or one with that id exists already.
 */
export enum WorkflowFailure {
  /** WorkflowNotFoundError: the workflow behind the subject has finished or never ran. */
  NotRunning = 'WorkflowNotRunning',
  /** WorkflowExecutionAlreadyStartedError: a workflow with that id exists already. */
  AlreadyStarted = 'WorkflowAlreadyStarted',
  /** A PostgreSQL unique violation (SQLSTATE 23505) in the API's own writes: a lost race. */
  UniqueViolation = 'UniqueViolation',
}

/** A pg error for a unique-constraint violation, anywhere (TypeORM wraps it as QueryFailedError). */
function uniqueViolation(e: unknown): { constraint: string } | null {
  const x = e as {
    code?: unknown;
    constraint?: unknown;
    driverError?: { code?: unknown; constraint?: unknown };
  };
  const code = x.code ?? x.driverError?.code;
  if (code !== '23505') return null;
  const constraint = x.constraint ?? x.driverError?.constraint;
  return { constraint: typeof constraint === 'string' ? constraint : 'unique' };
}

/** Every kind of failure the API maps to HTTP (one table: common/failure-table.ts). */
export type ApiFailureType = FailureType | WorkflowFailure;

/** A failure found in an error (or its cause chain): its type, its message and any details. */
export interface Failure {
  type: ApiFailureType;
  message: string;
  details?: unknown;
}

const FAILURE_TYPES: ReadonlySet<string> = new Set(Object.values(FailureType));

export function isFailureType(t: unknown): t is FailureType {
  return typeof t === 'string' && FAILURE_TYPES.has(t);
}

function isAlreadyStarted(e: unknown): boolean {
  return (
    e instanceof WorkflowExecutionAlreadyStartedError ||
    (e instanceof Error && /already started|AlreadyStarted/i.test(`${e.name} ${e.message}`))
  );
}

/**
 * The failure an error carries: a DomainError thrown by a repository or a service, or a Temporal
 * ApplicationFailure whose `type` is a FailureType, found anywhere along the `cause` chain
 * (WorkflowUpdateFailedError → ApplicationFailure, WorkflowFailedError → ActivityFailure →
 * ApplicationFailure…); else WorkflowNotFoundError / WorkflowExecutionAlreadyStartedError.
 */
export function failureOf(err: unknown): Failure | undefined {
  let e: unknown = err;
  for (let i = 0; i < 8 && e; i++) {
    if (e instanceof DomainError) return { type: e.type, message: e.message, details: e.details };
    const t = (e as { type?: unknown }).type;
    if (isFailureType(t)) {
      const f = e as { message?: unknown; details?: unknown };
      return { type: t, message: typeof f.message === 'string' ? f.message : String(e), details: f.details };
    }
    if (e instanceof WorkflowNotFoundError) return { type: WorkflowFailure.NotRunning, message: e.message };
    if (isAlreadyStarted(e)) return { type: WorkflowFailure.AlreadyStarted, message: (e as Error).message };
    const unique = uniqueViolation(e);
    if (unique) {
      return {
        type: WorkflowFailure.UniqueViolation,
        message: 'the record was written by a concurrent request; reload and try again',
        details: { field: 'id', rule: unique.constraint },
      };
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The failure type somewhere in an error's cause chain (see failureOf). */
export function failureType(err: unknown): ApiFailureType | undefined {
  return failureOf(err)?.type;
}

/** What a site answers for a failure: an error to throw instead (usually an AppException), or
 * undefined to leave the failure to the global filter's table. */
export type FailureHandler = (f: Failure) => Error | undefined | Promise<Error | undefined>;
export type FailureHandlers = Partial<Record<ApiFailureType, FailureHandler>>;

/**
 * Awaits `work`; a failure of a type listed in `handlers` becomes the error its handler returns
 * (for the few sites whose answer names the subject, e.g. "case C-1 cannot be withdrawn now").
 * Every other error goes on unchanged to the global FailureFilter, which maps it by the table.
 */
export async function onFailure<T>(work: Promise<T>, handlers: FailureHandlers): Promise<T> {
  try {
    return await work;
  } catch (err) {
    const f = failureOf(err);
    const handler = f ? handlers[f.type] : undefined;
    const replacement = f && handler ? await handler(f) : undefined;
    throw replacement ?? err;
  }
}

/**
 * Awaits `work`; a failure of one of `types` is not an error here: `fallback` answers instead
 * (e.g. a file whose registration workflow is gone is closed in the records directly).
 */
export async function unlessFailure<T, F>(
  work: Promise<T>,
  types: readonly ApiFailureType[],
  fallback: (f: Failure) => F | Promise<F>,
): Promise<T | F> {
  try {
    return await work;
  } catch (err) {
    const f = failureOf(err);
    if (f && types.includes(f.type)) return fallback(f);
    throw err;
  }
}

/**
 * `executeUpdateWithStart`, answering with the workflow's own failure when the workflow ended
 * before the Update completed (its first activity refused: a duplicate that won a race, an
 * eligibility rule). Temporal reports that as "workflow completed before the update", which says
 * nothing about why; the failure the workflow ended with does (DuplicateOpenCase → 422, …).
 */
export async function executeUpdateWithStart<R, A extends unknown[], W extends Workflow>(
  client: Client,
  update: UpdateDefinition<R, A>,
  start: WithStartWorkflowOperation<W>,
  args?: A,
): Promise<R> {
  try {
    return await client.workflow.executeUpdateWithStart(update, {
      startWorkflowOperation: start,
      ...(args ? { args } : {}),
    } as Parameters<Client['workflow']['executeUpdateWithStart']>[1]);
  } catch (err) {
    if (failureOf(err)) throw err;
    const handle = await start.workflowHandle().catch(() => undefined);
    if (!handle) throw err;
    const status = await handle.describe().then(
      (d) => d.status.name,
      () => 'UNKNOWN',
    );
    if (status === 'RUNNING' || status === 'UNKNOWN') throw err;
    const ended = await handle.result().then(
      () => undefined,
      (wfErr: unknown) => wfErr,
    );
    throw ended && failureOf(ended) ? ended : err;
  }
}
