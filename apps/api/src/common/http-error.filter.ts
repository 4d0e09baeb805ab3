import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { ErrorBody, ErrorCode } from './errors';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.ValidationFailed,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  422: ErrorCode.BusinessRule,
  503: ErrorCode.Unavailable,
};

/** Maps every error to `{statusCode, code, message, details}`. Unknown errors become 500 without internals. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    let body: ErrorBody;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      if (typeof raw === 'object' && raw !== null && 'code' in raw && 'details' in raw) {
        body = raw as ErrorBody;
      } else {
        const message =
          typeof raw === 'string'
            ? raw
            : Array.isArray((raw as { message?: unknown }).message)
              ? (raw as { message: string[] }).message.join('; ')
              : String((raw as { message?: unknown }).message ?? exception.message);
        body = { statusCode: status, code: CODE_BY_STATUS[status] ?? `HTTP_${status}`, message, details: [] };
      }
    } else {
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
      body = {
        statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
        code: ErrorCode.Internal,
        message: 'Internal server error',
        details: [],
      };
    }
    res.status(body.statusCode).json(body);
  }
}
