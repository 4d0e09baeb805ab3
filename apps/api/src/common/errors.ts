import { HttpException, HttpStatus, ValidationError } from '@nestjs/common';

export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  StaleTask = 'STALE_TASK',
  BusinessRule = 'BUSINESS_RULE',
  Internal = 'INTERNAL',
  Unavailable = 'UNAVAILABLE',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  TooManyRequests = 'TOO_MANY_REQUESTS',
  AccountLocked = 'ACCOUNT_LOCKED',
  PasswordChangeRequired = 'PASSWORD_CHANGE_REQUIRED',
}

export interface ErrorDetail {
  field: string;
  rule: string;
  message: string;
  params?: Record<string, string | number>;
}

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode | string;
  message: string;
  details: ErrorDetail[];
}

/** The one exception type modules throw; the filter turns it into the error body. */
export class AppException extends HttpException {
  constructor(status: HttpStatus, code: ErrorCode | string, message: string, details: ErrorDetail[] = []) {
    super({ statusCode: status, code, message, details } satisfies ErrorBody, status);
  }

  static validation(details: ErrorDetail[], message?: string): AppException {
    const summary =
      message ?? `Invalid request: ${details.map((d) => d.message).join('; ') || 'see details'}`;
    return new AppException(HttpStatus.BAD_REQUEST, ErrorCode.ValidationFailed, summary, details);
  }
  static notFound(what: string, field: string, id: string): AppException {
    return new AppException(HttpStatus.NOT_FOUND, ErrorCode.NotFound, `${what} ${id} not found`, [
      { field, rule: 'exists', message: `no ${what} with id ${id}` },
    ]);
  }
  static conflict(
    message: string,
    details: ErrorDetail[] = [],
    code: string = ErrorCode.Conflict,
  ): AppException {
    return new AppException(HttpStatus.CONFLICT, code, message, details);
  }
  static businessRule(field: string, rule: string, message: string): AppException {
    return new AppException(HttpStatus.UNPROCESSABLE_ENTITY, ErrorCode.BusinessRule, message, [
      { field, rule, message },
    ]);
  }
  static forbidden(message: string, rule = 'role'): AppException {
    return new AppException(HttpStatus.FORBIDDEN, ErrorCode.Forbidden, message, [
      { field: 'user', rule, message },
    ]);
  }
}

/** class-validator errors → details with the field path, the rule (constraint) and its message. */
export function validationDetails(errors: ValidationError[], parent = ''): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    for (const [rule, message] of Object.entries(e.constraints ?? {})) {
      out.push({ field, rule: rule === 'whitelistValidation' ? 'unknown_field' : rule, message });
    }
    if (e.children?.length) out.push(...validationDetails(e.children, field));
  }
  return out;
}
