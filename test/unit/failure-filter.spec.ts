import type { ArgumentsHost } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import {
  ActivityFailure,
  ApplicationFailure,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
} from '@temporalio/common';
import { DomainError, FailureType } from '../../libs/domain/errors';
import { AppException } from '../../apps/api/src/common/errors';
import { FAILURE_HTTP, HttpErrorFilter } from '../../apps/api/src/common/http-error.filter';
import {
  failureOf,
  onFailure,
  unlessFailure,
  WorkflowFailure,
} from '../../apps/api/src/common/temporal-failures';

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

/** The statuses the hand-written catch sites answered with before the table. */
const EXPECTED: Record<FailureType, [number, string]> = {
  [FailureType.NotFound]: [404, 'NOT_FOUND'],
  [FailureType.StaleTask]: [409, 'STALE_TASK'],
  [FailureType.DecisionForbidden]: [403, 'FORBIDDEN'],
  [FailureType.FourEyes]: [403, 'FORBIDDEN'],
  [FailureType.InvalidDecision]: [400, 'VALIDATION_FAILED'],
  [FailureType.TaskClaimed]: [409, 'CONFLICT'],
  [FailureType.BudgetInsufficient]: [422, 'BUSINESS_RULE'],
  [FailureType.InvestigationIncomplete]: [422, 'BUSINESS_RULE'],
  [FailureType.InvalidQuarter]: [400, 'VALIDATION_FAILED'],
  [FailureType.InvalidAssignee]: [422, 'BUSINESS_RULE'],
  [FailureType.DuplicateOpenFile]: [409, 'CONFLICT'],
  [FailureType.DuplicateOpenCase]: [422, 'BUSINESS_RULE'],
  [FailureType.Ineligible]: [422, 'BUSINESS_RULE'],
};

/** What a refused Workflow Update looks like to the client. */
const refusedUpdate = (type: string, message: string) =>
  new WorkflowUpdateFailedError(
    'Workflow Update failed',
    ApplicationFailure.create({ type, message, nonRetryable: true }),
  );

describe('failure table (FailureType → HTTP)', () => {
  test('every FailureType has a row', () => {
    for (const t of Object.values(FailureType)) expect(FAILURE_HTTP[t]).toBeDefined();
  });

  test.each(Object.values(FailureType))('%s thrown as DomainError', (type) => {
    const [status, code] = EXPECTED[type];
    const out = run(new DomainError(type, `refused: ${type}`));
    const row = FAILURE_HTTP[type];
    expect(out).toEqual({
      status,
      body: {
        statusCode: status,
        code,
        message: `refused: ${type}`,
        details: [{ field: row.field, rule: row.rule, message: `refused: ${type}` }],
      },
    });
  });

  test.each(Object.values(FailureType))('%s as an ApplicationFailure behind a refused Update', (type) => {
    const [status, code] = EXPECTED[type];
    const out = run(refusedUpdate(type, 'too late'));
    expect(out.status).toBe(status);
    expect(out.body).toMatchObject({ statusCode: status, code, message: 'too late' });
  });

  test('an ApplicationFailure deep in an activity failure chain (WorkflowFailedError-like)', () => {
    const cause = new ActivityFailure(
      'activity failed',
      'record',
      '1',
      undefined,
      undefined,
      ApplicationFailure.create({ type: FailureType.NotFound, message: 'loan L-1 not found' }),
    );
    const out = run(Object.assign(new Error('Workflow execution failed'), { cause }));
    expect(out.status).toBe(404);
    expect(out.body.message).toBe('loan L-1 not found');
  });

  test('the task-site bodies: stale, claimed, four-eyes', () => {
    expect(run(refusedUpdate(FailureType.StaleTask, 'task t is not open')).body).toEqual({
      statusCode: 409,
      code: 'STALE_TASK',
      message: 'task t is not open',
      details: [{ field: 'taskId', rule: 'task_open', message: 'task t is not open' }],
    });
    expect(run(refusedUpdate(FailureType.TaskClaimed, 'claimed by B')).body).toEqual({
      statusCode: 409,
      code: 'CONFLICT',
      message: 'claimed by B',
      details: [{ field: 'taskId', rule: 'task_claimed', message: 'claimed by B' }],
    });
    expect(run(refusedUpdate(FailureType.FourEyes, 'you filed it')).body).toEqual({
      statusCode: 403,
      code: 'FORBIDDEN',
      message: 'you filed it',
      details: [{ field: 'user', rule: 'four_eyes', message: 'you filed it' }],
    });
  });

  test('a failure carrying error details answers with them', () => {
    const details = [{ field: 'amountFen', rule: 'budget_available', message: 'no budget left' }];
    expect(run(new DomainError(FailureType.BudgetInsufficient, 'Approved, but…', details)).body).toEqual({
      statusCode: 422,
      code: 'BUSINESS_RULE',
      message: 'Approved, but…',
      details,
    });
  });

  test('workflow not running → 409, already started → 409', () => {
    expect(run(new WorkflowNotFoundError('workflow not found', 'aid-case:x', undefined)).status).toBe(409);
    const started = run(new WorkflowExecutionAlreadyStartedError('already started', 'aid-case:x', 'aidCase'));
    expect(started).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
  });

  test('an unknown type or an unknown error is 500 without internals', () => {
    for (const err of [
      new Error('secret stack: password=hunter2'),
      refusedUpdate('SomethingElse', 'secret'),
      Object.assign(new Error('x'), { type: 'NotAFailureType' }),
      'a string',
    ]) {
      expect(run(err)).toEqual({
        status: 500,
        body: { statusCode: 500, code: 'INTERNAL', message: 'Internal server error', details: [] },
      });
    }
  });

  test('HttpExceptions still pass through unchanged', () => {
    expect(run(AppException.forbidden('no', 'role')).status).toBe(403);
  });
});

describe('failure helpers', () => {
  test('failureOf finds the type along the cause chain', () => {
    expect(failureOf(refusedUpdate(FailureType.FourEyes, 'm'))).toMatchObject({
      type: FailureType.FourEyes,
      message: 'm',
    });
    expect(failureOf(new WorkflowNotFoundError('gone', 'w', undefined))?.type).toBe(
      WorkflowFailure.NotRunning,
    );
    expect(failureOf(new Error('plain'))).toBeUndefined();
  });

  test('onFailure replaces the listed types and passes the others on', async () => {
    const conflict = AppException.conflict('case C-1 cannot be withdrawn now');
    await expect(
      onFailure(Promise.reject(refusedUpdate(FailureType.StaleTask, 'm')), {
        [FailureType.StaleTask]: () => conflict,
      }),
    ).rejects.toBe(conflict);
    const other = refusedUpdate(FailureType.FourEyes, 'm');
    await expect(onFailure(Promise.reject(other), { [FailureType.StaleTask]: () => conflict })).rejects.toBe(
      other,
    );
    await expect(onFailure(Promise.resolve(7), {})).resolves.toBe(7);
  });

  test('unlessFailure answers the listed types with the fallback', async () => {
    await expect(
      unlessFailure(
        Promise.reject(new WorkflowNotFoundError('gone', 'w', undefined)),
        [WorkflowFailure.NotRunning],
        () => 'fallback',
      ),
    ).resolves.toBe('fallback');
    const err = new Error('boom');
    await expect(unlessFailure(Promise.reject(err), [WorkflowFailure.NotRunning], () => 'x')).rejects.toBe(
      err,
    );
  });
});
