import { MockActivityEnvironment } from '@temporalio/testing';
import { KEEP_ALIVE_MS, keptAlive } from '../../activities/heartbeat';
import { createReassessmentActivities } from '../../activities/reassessment.activities';
import type { ReassessmentRepository } from '../../libs/reassessment/reassessment.repository';
import type { TasksRepository } from '../../libs/tasks/tasks.repository';

/**
 * Kept-alive activities heartbeat while a long call runs (a re-assessment page's SQL statement), so
 * the campaign's 30-second heartbeat timeout retries an attempt lost with its worker quickly and
 * never cuts a live one short.
 */
afterEach(() => jest.useRealTimers());

test('a kept-alive activity heartbeats every KEEP_ALIVE_MS while it waits, and stops when it returns', async () => {
  jest.useFakeTimers();
  let finish!: (v: string) => void;
  const acts = keptAlive({ slow: () => new Promise<string>((r) => (finish = r)) });
  const env = new MockActivityEnvironment();
  let beats = 0;
  env.on('heartbeat', () => beats++);
  const run = env.run(acts.slow);
  await jest.advanceTimersByTimeAsync(KEEP_ALIVE_MS * 3 + 100);
  expect(beats).toBe(3);
  finish('done');
  await expect(run).resolves.toBe('done');
  await jest.advanceTimersByTimeAsync(KEEP_ALIVE_MS * 3);
  expect(beats).toBe(3);
});

test('a failing kept-alive activity stops heartbeating and rethrows', async () => {
  jest.useFakeTimers();
  const acts = keptAlive({
    boom: async () => {
      await new Promise((r) => setTimeout(r, KEEP_ALIVE_MS * 2 + 100));
      throw new Error('statement timeout');
    },
  });
  const env = new MockActivityEnvironment();
  let beats = 0;
  env.on('heartbeat', () => beats++);
  const run = env.run(acts.boom);
  const settled = expect(run).rejects.toThrow('statement timeout');
  await jest.advanceTimersByTimeAsync(KEEP_ALIVE_MS * 2 + 200);
  await settled;
  expect(beats).toBe(2);
  await jest.advanceTimersByTimeAsync(KEEP_ALIVE_MS * 3);
  expect(beats).toBe(2);
});

test('outside an activity (a direct call) it only calls', async () => {
  await expect(keptAlive({ f: async (a: number) => a + 1 }).f(1)).resolves.toBe(2);
});

test('every re-assessment activity is kept alive (a page statement that runs longer than a heartbeat)', async () => {
  jest.useFakeTimers();
  let finish!: () => void;
  const reassessments = {
    begin: () =>
      new Promise((r) => (finish = () => r({ policyVersion: 1, total: 0, pageSize: 1, maxOpenChildren: 1 }))),
  } as unknown as ReassessmentRepository;
  const acts = createReassessmentActivities({ reassessments, tasks: {} as TasksRepository });
  const env = new MockActivityEnvironment();
  let beats = 0;
  env.on('heartbeat', () => beats++);
  const run = env.run(acts.beginCampaign, {} as never);
  await jest.advanceTimersByTimeAsync(KEEP_ALIVE_MS * 2 + 100);
  finish();
  await run;
  expect(beats).toBe(2);
});
