import type { ArgumentsHost } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { QueryFailedError } from 'typeorm';
import { HttpErrorFilter } from '../../apps/api/src/common/http-error.filter';
import { dependencyOutage } from '../../apps/api/src/common/outage';

const grpcError = (code: number, details: string) =>
  Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });
const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });

describe('dependencyOutage: which errors mean PostgreSQL or Temporal is unreachable', () => {
  test.each<[string, unknown, 'database' | 'temporal' | undefined]>([
    ['connection refused', socketError('ECONNREFUSED'), 'database'],
    ['refused on IPv4 and IPv6', new AggregateError([socketError('ECONNREFUSED')], ''), 'database'],
    ['connection reset', socketError('ECONNRESET'), 'database'],
    ['server went away', new Error('Connection terminated unexpectedly'), 'database'],
    ['pool connect timeout', new Error('timeout exceeded when trying to connect'), 'database'],
    ['client query timeout', new Error('Query read timeout'), 'database'],
    [
      'statement_timeout (57014) inside a QueryFailedError',
      new QueryFailedError('SELECT 1', [], pgError('57014', 'canceling statement due to statement timeout')),
      'database',
    ],
    ['server shutting down (57P01)', pgError('57P01', 'terminating connection'), 'database'],
    ['too many connections (53300)', pgError('53300', 'sorry, too many clients'), 'database'],
    [
      'Temporal UNAVAILABLE in a ServiceError',
      new ServiceError('x', { cause: grpcError(14, 'No connection') }),
      'temporal',
    ],
    ['Temporal DEADLINE_EXCEEDED', grpcError(4, 'Deadline exceeded'), 'temporal'],
    [
      'update RPC timed out',
      new WorkflowUpdateRPCTimeoutOrCancelledError('t', { cause: new Error('x') }),
      'temporal',
    ],
    // not outages: a fault of the request or of bangfu stays a 4xx/500
    [
      'unique violation (23505)',
      new QueryFailedError('INSERT', [], pgError('23505', 'duplicate key')),
      undefined,
    ],
    ['syntax error (42601)', pgError('42601', 'syntax error'), undefined],
    ['gRPC NOT_FOUND', grpcError(5, 'not found'), undefined],
    ['gRPC INVALID_ARGUMENT', grpcError(3, 'bad'), undefined],
    ['a plain bug', new TypeError('x is undefined'), undefined],
  ])('%s', (_name, err, expected) => {
    expect(dependencyOutage(err)).toBe(expected);
  });
});

describe('HttpErrorFilter answers an outage 503 with Retry-After', () => {
  function run(exception: unknown) {
    const res = { status: jest.fn().mockReturnThis(), json: jest.fn(), setHeader: jest.fn() };
    const host = { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    new HttpErrorFilter(9).catch(exception, host);
    return res;
  }

  test('database down → 503 UNAVAILABLE, Retry-After: 9, detail names the database', () => {
    const res = run(socketError('ECONNREFUSED'));
    expect(res.status).toHaveBeenCalledWith(503);
    expect(res.setHeader).toHaveBeenCalledWith('Retry-After', '9');
    expect(res.json.mock.calls[0][0]).toMatchObject({
      statusCode: 503,
      code: 'UNAVAILABLE',
      details: [{ field: 'database', rule: 'available' }],
    });
  });

  test('Temporal down → 503 naming the workflow service', () => {
    const res = run(new ServiceError('x', { cause: grpcError(14, 'No connection established') }));
    expect(res.status).toHaveBeenCalledWith(503);
    expect(res.json.mock.calls[0][0]).toMatchObject({ details: [{ field: 'temporal' }] });
  });

  test('a bug stays 500 with no Retry-After', () => {
    const res = run(new TypeError('boom'));
    expect(res.status).toHaveBeenCalledWith(500);
    expect(res.setHeader).not.toHaveBeenCalled();
  });
});
