import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { ErrorBody, ErrorCode } from './errors';

/** Largest JSON or form body the API reads (uploads are multipart, with their own limits). */
export const MAX_BODY_BYTES = 100 * 1024;
/** Deepest nesting of arrays and objects a JSON body may have (the API's DTOs need 4). */
export const MAX_BODY_DEPTH = 32;

/** Nesting depth of a parsed JSON value, without recursion (a deep body must not blow the stack). */
export function jsonDepth(value: unknown, stopAt = Infinity): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    const depth = d + 1;
    if (depth > max) max = depth;
    if (max > stopAt) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth]);
    }
  }
  return max;
}

/**
 * The path of the first string (or key) holding a NUL character, or null. PostgreSQL text cannot
 * hold U+0000, so such input would fail in the database instead of being refused as input.
 */
export function nulPath(value: unknown, root: string): string | null {
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return at;
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, child] of Object.entries(v)) {
        const where = at ? `${at}.${k}` : k;
        if (k.includes('\u0000')) return where;
        stack.push([child, where]);
      }
    }
  }
  return null;
}

function nulRefusal(field: string): ErrorBody {
  return {
    statusCode: 400,
    code: ErrorCode.ValidationFailed,
    message: `${field} contains a NUL character`,
    details: [{ field, rule: 'no_nul', message: 'text may not contain U+0000' }],
  };
}

function send(res: Response, body: ErrorBody): void {
  res.status(body.statusCode).json(body);
}

/** body-parser's own errors (too large, malformed, unsupported charset) as the API's error body. */
function bodyErrorBody(err: { type?: string; status?: number; limit?: number }): ErrorBody | null {
  switch (err.type) {
    case 'entity.too.large':
      return {
        statusCode: 413,
        code: ErrorCode.PayloadTooLarge,
        message: `The request body is larger than ${MAX_BODY_BYTES} bytes`,
        details: [
          {
            field: 'body',
            rule: 'max_size',
            message: `at most ${MAX_BODY_BYTES} bytes`,
            params: { max: MAX_BODY_BYTES },
          },
        ],
      };
    case 'entity.parse.failed':
      return {
        statusCode: 400,
        code: ErrorCode.ValidationFailed,
        message: 'The request body is not valid JSON',
        details: [{ field: 'body', rule: 'json', message: 'the body must be valid JSON' }],
      };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return {
        statusCode: 415,
        code: ErrorCode.UnsupportedMediaType,
        message: 'The request body encoding is not supported',
        details: [{ field: 'body', rule: 'encoding', message: 'send UTF-8 JSON' }],
      };
    default:
      if (err.status && err.status >= 400 && err.status < 500) {
        return {
          statusCode: err.status,
          code: `HTTP_${err.status}`,
          message: 'The request body could not be read',
          details: [{ field: 'body', rule: 'readable', message: 'the body could not be read' }],
        };
      }
      return null;
  }
}

/**
 * Size and depth limits on request bodies, before any route sees them: a body over MAX_BODY_BYTES
 * is 413, malformed JSON 400, JSON nested deeper than MAX_BODY_DEPTH 400 (class-transformer and
 * class-validator recurse, so a 5,000-level body must never reach them), a NUL character in the
 * path, the query or the body 400 (PostgreSQL text cannot hold it). Requires the app to be
 * created with `bodyParser: false`.
 */
export function applyBodyLimits(app: NestExpressApplication): void {
  app.useBodyParser('json', { limit: MAX_BODY_BYTES });
  app.useBodyParser('urlencoded', { limit: MAX_BODY_BYTES, extended: false, parameterLimit: 200 });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const body: unknown = req.body;
    if (typeof body === 'object' && body !== null && jsonDepth(body, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) {
      return send(res, {
        statusCode: 400,
        code: ErrorCode.ValidationFailed,
        message: `The request body is nested deeper than ${MAX_BODY_DEPTH} levels`,
        details: [
          {
            field: 'body',
            rule: 'max_depth',
            message: `at most ${MAX_BODY_DEPTH} levels of nesting`,
            params: { max: MAX_BODY_DEPTH },
          },
        ],
      });
    }
    if (/%00/.test(req.path)) return send(res, nulRefusal('path'));
    const inQuery = nulPath(req.query, '');
    if (inQuery !== null) return send(res, nulRefusal(inQuery));
    const inBody = nulPath(body, 'body');
    if (inBody !== null) return send(res, nulRefusal(inBody));
    next();
  });
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    const body = typeof err === 'object' && err !== null ? bodyErrorBody(err) : null;
    if (!body) return next(err);
    // the client may still be sending a huge body: answer, then stop reading it
    res.setHeader('connection', 'close');
    send(res, body);
    req.unpipe?.();
    req.resume();
  });
}
