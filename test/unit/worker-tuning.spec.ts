import { workerTuning } from '../../apps/worker/src/worker-tuning';

describe('workerTuning (BANGFU_WORKER_* variables)', () => {
  test('unset: only the bounded cache of 100', () => {
    expect(workerTuning({})).toEqual({ maxCachedWorkflows: 100 });
  });

  test('each variable sets its Worker option', () => {
    expect(
      workerTuning({
        BANGFU_WORKER_MAX_CACHED_WORKFLOWS: '500',
        BANGFU_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '40',
        BANGFU_WORKER_MAX_CONCURRENT_ACTIVITIES: '60',
        BANGFU_WORKER_WORKFLOW_TASK_POLLS: '8',
        BANGFU_WORKER_ACTIVITY_TASK_POLLS: '4',
      }),
    ).toEqual({
      maxCachedWorkflows: 500,
      maxConcurrentWorkflowTaskExecutions: 40,
      maxConcurrentActivityTaskExecutions: 60,
      maxConcurrentWorkflowTaskPolls: 8,
      maxConcurrentActivityTaskPolls: 4,
    });
  });

  test('a value that is not a whole number ≥ 1 is refused, naming the variable', () => {
    expect(() => workerTuning({ BANGFU_WORKER_WORKFLOW_TASK_POLLS: '0' })).toThrow(
      /BANGFU_WORKER_WORKFLOW_TASK_POLLS/,
    );
    expect(() => workerTuning({ BANGFU_WORKER_MAX_CONCURRENT_ACTIVITIES: 'lots' })).toThrow(
      /BANGFU_WORKER_MAX_CONCURRENT_ACTIVITIES/,
    );
  });
});
