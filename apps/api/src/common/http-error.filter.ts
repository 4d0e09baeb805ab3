import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { FailureType } from '../../../../libs/domain/errors';
import { ErrorBody, ErrorCode, ErrorDetail } from './errors';
import { dependencyOutage } from './outage';
import { ApiFailureType, Failure, failureOf, WorkflowFailure } from './temporal-failures';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.ValidationFailed,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  422: ErrorCode.BusinessRule,
  503: ErrorCode.Unavailable,
};

/** How one failure type answers over HTTP: status, API error code, and the detail's field and rule. */
export interface FailureHttp {
  status: HttpStatus;
  code: ErrorCode;
  field: string;
  rule: string;
}

/**
 * The one table from failure types (DomainError, Temporal ApplicationFailure `type`, workflow
 * not running / already started) to HTTP. The body is `{statusCode, code, message, details}` with
 * the failure's message and one detail `{field, rule, message}` (or the failure's own details when
 * they are already error details). Sites whose answer names their subject override a type with
 * `onFailure` (common/temporal-failures.ts); nothing else catches failures.
 */
export const FAILURE_HTTP: Readonly<Record<ApiFailureType, FailureHttp>> = {
  [FailureType.NotFound]: {
    status: HttpStatus.NOT_FOUND,
    code: ErrorCode.NotFound,
    field: 'id',
    rule: 'exists',
  },
  [FailureType.StaleTask]: {
    status: HttpStatus.CONFLICT,
    code: ErrorCode.StaleTask,
    field: 'taskId',
    rule: 'task_open',
  },
  [FailureType.DecisionForbidden]: {
    status: HttpStatus.FORBIDDEN,
    code: ErrorCode.Forbidden,
    field: 'user',
    rule: 'candidate_role',
  },
  [FailureType.FourEyes]: {
    status: HttpStatus.FORBIDDEN,
    code: ErrorCode.Forbidden,
    field: 'user',
    rule: 'four_eyes',
  },
  [FailureType.InvalidDecision]: {
    status: HttpStatus.BAD_REQUEST,
    code: ErrorCode.ValidationFailed,
    field: 'decision',
    rule: 'decision',
  },
  [FailureType.TaskClaimed]: {
    status: HttpStatus.CONFLICT,
    code: ErrorCode.Conflict,
    field: 'taskId',
    rule: 'task_claimed',
  },
  [FailureType.BudgetInsufficient]: {
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    code: ErrorCode.BusinessRule,
    field: 'amountFen',
    rule: 'budget_available',
  },
  [FailureType.InvestigationIncomplete]: {
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    code: ErrorCode.BusinessRule,
    field: 'fiveClears',
    rule: 'investigation_complete',
  },
  [FailureType.InvalidQuarter]: {
    status: HttpStatus.BAD_REQUEST,
    code: ErrorCode.ValidationFailed,
    field: 'quarter',
    rule: 'quarter',
  },
  [FailureType.InvalidAssignee]: {
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    code: ErrorCode.BusinessRule,
    field: 'toUserId',
    rule: 'assignee_eligible',
  },
  [FailureType.DuplicateOpenFile]: {
    status: HttpStatus.CONFLICT,
    code: ErrorCode.Conflict,
    field: 'workerId',
    rule: 'one_open_file',
  },
  [FailureType.DuplicateOpenCase]: {
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    code: ErrorCode.BusinessRule,
    field: 'program',
    rule: 'no_open_case_same_program',
  },
  [FailureType.Ineligible]: {
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    code: ErrorCode.BusinessRule,
    field: 'program',
    rule: 'eligible',
  },
  [WorkflowFailure.NotRunning]: {
    status: HttpStatus.CONFLICT,
    code: ErrorCode.StaleTask,
    field: 'id',
    rule: 'workflow_running',
  },
  [WorkflowFailure.UniqueViolation]: {
    status: HttpStatus.CONFLICT,
    code: ErrorCode.Conflict,
    field: 'id',
    rule: 'unique',
  },
  [WorkflowFailure.AlreadyStarted]: {
    status: HttpStatus.CONFLICT,
    code: ErrorCode.Conflict,
    field: 'id',
    rule: 'unique',
  },
};

function isErrorDetails(d: unknown): d is ErrorDetail[] {
  return (
    Array.isArray(d) &&
    d.length > 0 &&
    d.every(
      (x) =>
        typeof x === 'object' &&
        x !== null &&
        typeof (x as ErrorDetail).field === 'string' &&
        typeof (x as ErrorDetail).rule === 'string' &&
        typeof (x as ErrorDetail).message === 'string',
    )
  );
}

/** A domain refusal naming its own field and rule (an eligibility rule, for one). */
function namedRule(d: unknown): { field: string; rule: string } | null {
  const x = Array.isArray(d) ? d[0] : d;
  return typeof x === 'object' &&
    x !== null &&
    typeof (x as { field?: unknown }).field === 'string' &&
    typeof (x as { rule?: unknown }).rule === 'string'
    ? { field: (x as { field: string }).field, rule: (x as { rule: string }).rule }
    : null;
}

/** The error body for a failure, by the table. */
export function failureBody(f: Failure): ErrorBody {
  const http = FAILURE_HTTP[f.type];
  const named = namedRule(f.details);
  return {
    statusCode: http.status,
    code: http.code,
    message: f.message,
    details: isErrorDetails(f.details)
      ? f.details
      : [{ field: named?.field ?? http.field, rule: named?.rule ?? http.rule, message: f.message }],
  };
}

/**
 * Maps every error to `{statusCode, code, message, details}`: HttpExceptions as they are, domain and
 * Temporal failures by FAILURE_HTTP; unknown errors become 500 without internals.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  /** @param retryAfterSeconds the `Retry-After` of a 503 (PostgreSQL or Temporal unreachable) */
  constructor(private readonly retryAfterSeconds = 5) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.bodyOf(exception);
    if (body.statusCode === HttpStatus.SERVICE_UNAVAILABLE)
      res.setHeader('Retry-After', String(this.retryAfterSeconds));
    res.status(body.statusCode).json(body);
  }

  bodyOf(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      if (typeof raw === 'object' && raw !== null && 'code' in raw && 'details' in raw) {
        return raw as ErrorBody;
      }
      const message =
        typeof raw === 'string'
          ? raw
          : Array.isArray((raw as { message?: unknown }).message)
            ? (raw as { message: string[] }).message.join('; ')
            : String((raw as { message?: unknown }).message ?? exception.message);
      return { statusCode: status, code: CODE_BY_STATUS[status] ?? `HTTP_${status}`, message, details: [] };
    }
    const failure = failureOf(exception);
    if (failure) return failureBody(failure);
    const outage = dependencyOutage(exception);
    if (outage) {
      this.logger.warn(
        `${outage} unavailable: ${exception instanceof Error ? exception.message : String(exception)}`,
      );
      return {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        code: ErrorCode.Unavailable,
        message: `${outage === 'database' ? 'The database' : 'The workflow service'} is unavailable; try again shortly`,
        details: [{ field: outage, rule: 'available', message: `${outage} unreachable or timed out` }],
      };
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      code: ErrorCode.Internal,
      message: 'Internal server error',
      details: [],
    };
  }
}
