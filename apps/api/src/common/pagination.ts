import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppException } from './errors';

export const MAX_LIMIT = 200;

/** Lists take `limit` (1–200, default 50) and an opaque `cursor`; they answer `{items, nextCursor}`. */
export class ListQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'opaque cursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

let cursorKey: Buffer = randomBytes(32);

/**
 * The key cursors are signed with. The API sets it at start-up from its configuration (all API
 * processes of one installation share it); without it, a random per-process key.
 */
export function setCursorSecret(secret: string): void {
  cursorKey = createHmac('sha256', 'bangfu-cursor').update(secret).digest();
}

function cursorMac(payload: string): string {
  return createHmac('sha256', cursorKey).update(payload).digest('base64url').slice(0, 22);
}

/** An opaque, signed cursor: base64url(JSON of the last row's keys) + '.' + HMAC. */
export function encodeCursor(values: Array<string | number>): string {
  const payload = Buffer.from(JSON.stringify(values)).toString('base64url');
  return `${payload}.${cursorMac(payload)}`;
}

function invalidCursor(): AppException {
  return AppException.validation([
    { field: 'cursor', rule: 'cursor', message: 'cursor is not one this API issued' },
  ]);
}

/**
 * The keys a cursor carries, or null without one. A cursor this API did not sign (crafted,
 * truncated, from another installation) is a 400 naming `cursor`: its values never reach SQL.
 */
export function decodeCursor(cursor: string | undefined, arity: number): Array<string | number> | null {
  if (!cursor) return null;
  const [payload, mac, extra] = cursor.split('.');
  if (!payload || !mac || extra !== undefined || cursor.length > 1024) throw invalidCursor();
  const expected = Buffer.from(cursorMac(payload));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidCursor();
  try {
    const v: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === arity &&
      v.every((x) => typeof x === 'string' || typeof x === 'number')
    ) {
      return v as Array<string | number>;
    }
  } catch {
    // fall through
  }
  throw invalidCursor();
}

/** Fetch limit+1 rows, return `limit` and a cursor built from the last row when there are more. */
export function toPage<T>(rows: T[], limit: number, key: (row: T) => Array<string | number>): Page<T> {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return { items, nextCursor: more ? encodeCursor(key(items[items.length - 1]!)) : null };
}
