import type { ArgumentsHost } from '@nestjs/common';
import { BadRequestException, Logger } from '@nestjs/common';
import { ValidationError } from 'class-validator';
import { AppException, validationDetails } from '../../apps/api/src/common/errors';
import { HttpErrorFilter } from '../../apps/api/src/common/http-error.filter';
import { decodeCursor, encodeCursor, toPage } from '../../apps/api/src/common/pagination';

function run(exception: unknown) {
  const res = { status: jest.fn().mockReturnThis(), json: jest.fn() };
  const host = { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
  jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  new HttpErrorFilter().catch(exception, host);
  return {
    status: res.status.mock.calls[0]![0] as number,
    body: res.json.mock.calls[0]![0] as Record<string, unknown>,
  };
}

describe('error body', () => {
  test('AppException passes through as {statusCode, code, message, details}', () => {
    const out = run(AppException.businessRule('amountFen', 'amount_in_program_range', 'too much'));
    expect(out).toEqual({
      status: 422,
      body: {
        statusCode: 422,
        code: 'BUSINESS_RULE',
        message: 'too much',
        details: [{ field: 'amountFen', rule: 'amount_in_program_range', message: 'too much' }],
      },
    });
  });
  test('framework exceptions get a code from their status', () => {
    expect(run(new BadRequestException('nope')).body).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'nope',
      details: [],
    });
  });
  test('unknown errors become 500 without internals', () => {
    expect(run(new Error('secret stack')).body).toEqual({
      statusCode: 500,
      code: 'INTERNAL',
      message: 'Internal server error',
      details: [],
    });
  });
  test('validation errors list nested fields with rule names; unknown fields are named', () => {
    const child = Object.assign(new ValidationError(), {
      property: 'city',
      constraints: { isString: 'city must be a string' },
    });
    const errors = [
      Object.assign(new ValidationError(), {
        property: 'amountFen',
        constraints: { isInt: 'amountFen must be an integer number' },
      }),
      Object.assign(new ValidationError(), {
        property: 'extra',
        constraints: { whitelistValidation: 'property extra should not exist' },
      }),
      Object.assign(new ValidationError(), { property: 'address', children: [child] }),
    ];
    expect(validationDetails(errors)).toEqual([
      { field: 'amountFen', rule: 'isInt', message: 'amountFen must be an integer number' },
      { field: 'extra', rule: 'unknown_field', message: 'property extra should not exist' },
      { field: 'address.city', rule: 'isString', message: 'city must be a string' },
    ]);
  });
});

describe('keyset pagination', () => {
  test('a page of limit+1 rows yields limit items and a cursor to the last one', () => {
    const page = toPage([{ k: 'a' }, { k: 'b' }, { k: 'c' }], 2, (r) => [r.k]);
    expect(page.items).toEqual([{ k: 'a' }, { k: 'b' }]);
    expect(decodeCursor(page.nextCursor!, 1)).toEqual(['b']);
    expect(toPage([{ k: 'a' }], 2, (r) => [r.k]).nextCursor).toBeNull();
  });
  test('a cursor this API did not issue is a 400 naming cursor', () => {
    expect(() => decodeCursor('garbage', 1)).toThrow(AppException);
    expect(() => decodeCursor(encodeCursor(['a', 'b']), 1)).toThrow(/cursor/);
  });
});
