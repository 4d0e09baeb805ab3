import { HttpException, HttpStatus, ValidationError } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { ErrorRule, type ErrorParams } from '../../../../libs/domain/error-rules';

export { ErrorRule, type ErrorParams };

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
  /** One of ErrorRule (libs/domain/error-rules.ts): the console's text for the refusal. */
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
      { field, rule: ErrorRule.Exists, message: `no ${what} with id ${id}`, params: { entity: what, id } },
    ]);
  }
  static conflict(
    message: string,
    details: ErrorDetail[] = [],
    code: string = ErrorCode.Conflict,
  ): AppException {
    return new AppException(HttpStatus.CONFLICT, code, message, details);
  }
  static businessRule(field: string, rule: string, message: string, params?: ErrorParams): AppException {
    return new AppException(HttpStatus.UNPROCESSABLE_ENTITY, ErrorCode.BusinessRule, message, [
      params ? { field, rule, message, params } : { field, rule, message },
    ]);
  }
  static forbidden(message: string, rule: string = ErrorRule.Role, params?: ErrorParams): AppException {
    return new AppException(HttpStatus.FORBIDDEN, ErrorCode.Forbidden, message, [
      params ? { field: 'user', rule, message, params } : { field: 'user', rule, message },
    ]);
  }
}

/** A decorator's arguments as params: @Min(1) → {min: 1}, @IsIn([…]) → {allowed: 'a, b'}, @MaxLength(200) → {max: 200}. */
const CONSTRAINT_PARAMS: Record<string, (c: unknown[]) => ErrorParams> = {
  min: (c) => ({ min: Number(c[0]) }),
  max: (c) => ({ max: Number(c[0]) }),
  maxLength: (c) => ({ max: Number(c[0]) }),
  minLength: (c) => ({ min: Number(c[0]) }),
  isIn: (c) => ({ allowed: (Array.isArray(c[0]) ? c[0] : []).join(', ') }),
  isEnum: (c) => ({ allowed: Object.values((c[0] ?? {}) as object).join(', ') }),
  arrayMinSize: (c) => ({ min: Number(c[0]) }),
  arrayMaxSize: (c) => ({ max: Number(c[0]) }),
};

/** The params of one failed constraint, read from class-validator's metadata of the DTO class. */
function constraintParams(e: ValidationError, rule: string): ErrorParams | undefined {
  const of = CONSTRAINT_PARAMS[rule];
  const target = e.target?.constructor;
  if (!of || !target) return undefined;
  const meta = getMetadataStorage()
    .getTargetValidationMetadatas(target, '', true, false)
    .find((m) => m.propertyName === e.property && (m.name ?? m.constraintCls?.name) === rule);
  return meta ? of((meta.constraints ?? []) as unknown[]) : undefined;
}

/** class-validator errors → details with the field path, the rule (constraint), its message and params. */
export function validationDetails(errors: ValidationError[], parent = ''): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    for (const [constraint, message] of Object.entries(e.constraints ?? {})) {
      const rule = constraint === 'whitelistValidation' ? ErrorRule.UnknownField : constraint;
      const params = constraintParams(e, rule);
      out.push(params ? { field, rule, message, params } : { field, rule, message });
    }
    if (e.children?.length) out.push(...validationDetails(e.children, field));
  }
  return out;
}
