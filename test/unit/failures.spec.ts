import { ApplicationFailure } from '@temporalio/common';
import { toFailure, translated } from '../../activities/failures';
import { DomainError, FailureType } from '../../libs/domain/errors';

describe('activities translate domain errors into Temporal failures', () => {
  const repo = {
    async find(id: string): Promise<{ id: string }> {
      if (id === 'missing') throw new DomainError(FailureType.NotFound, `case ${id} not found`);
      if (id === 'stale') throw new DomainError(FailureType.StaleTask, 'too late', { taskId: 't1' });
      if (id === 'list') throw new DomainError(FailureType.InvestigationIncomplete, 'missing', [['visit']]);
      if (id === 'down') throw new Error('connection refused');
      return { id };
    },
  };
  const activities = translated({
    findCase: (c: { id: string }) => repo.find(c.id),
    async countCases(): Promise<number> {
      return 2;
    },
  });

  test('keeps the activity names (recorded histories reference them) and the results', async () => {
    expect(Object.keys(activities)).toEqual(['findCase', 'countCases']);
    await expect(activities.findCase({ id: 'c1' })).resolves.toEqual({ id: 'c1' });
    await expect(activities.countCases()).resolves.toBe(2);
  });

  test('a DomainError becomes a non-retryable ApplicationFailure of the same type', async () => {
    const err: unknown = await activities.findCase({ id: 'missing' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: 'NotFound', message: 'case missing not found', nonRetryable: true });
  });

  test('details travel as the failure details (an object as its one element, a list as it is)', async () => {
    const stale = (await activities.findCase({ id: 'stale' }).catch((e: unknown) => e)) as ApplicationFailure;
    expect(stale.type).toBe(FailureType.StaleTask);
    expect(stale.details).toEqual([{ taskId: 't1' }]);
    const list = (await activities.findCase({ id: 'list' }).catch((e: unknown) => e)) as ApplicationFailure;
    expect(list.details).toEqual([['visit']]);
  });

  test('other errors pass through unchanged (an outage stays retryable)', async () => {
    const err: unknown = await activities.findCase({ id: 'down' }).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(ApplicationFailure);
    expect((err as Error).message).toBe('connection refused');
    const plain = new Error('x');
    expect(toFailure(plain)).toBe(plain);
  });

  test('every failure type survives the translation with its exact string', () => {
    for (const type of Object.values(FailureType)) {
      expect(toFailure(new DomainError(type, 'm'))).toMatchObject({ type, nonRetryable: true });
    }
  });
});
