import type { WorkerOptions } from '@temporalio/worker';

/**
 * Worker settings an operator (or `npm run bench:cases`) can try without a code change, from
 * BANGFU_WORKER_* variables; unset ones keep the SDK defaults (and maxCachedWorkflows 100, which
 * keeps memory flat while re-assessment leaves many workflows waiting on people).
 *
 * | variable                                    | Worker option                          |
 * | ------------------------------------------- | -------------------------------------- |
 * | BANGFU_WORKER_MAX_CACHED_WORKFLOWS          | maxCachedWorkflows (default 100)       |
 * | BANGFU_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS | maxConcurrentWorkflowTaskExecutions    |
 * | BANGFU_WORKER_MAX_CONCURRENT_ACTIVITIES     | maxConcurrentActivityTaskExecutions    |
 * | BANGFU_WORKER_WORKFLOW_TASK_POLLS           | maxConcurrentWorkflowTaskPolls         |
 * | BANGFU_WORKER_ACTIVITY_TASK_POLLS           | maxConcurrentActivityTaskPolls         |
 */
export function workerTuning(env: NodeJS.ProcessEnv): Partial<WorkerOptions> {
  const int = (name: string): number | undefined => {
    const v = env[name];
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a whole number ≥ 1, got "${v}"`);
    return n;
  };
  const options: Partial<WorkerOptions> = {
    maxCachedWorkflows: int('BANGFU_WORKER_MAX_CACHED_WORKFLOWS') ?? 100,
    maxConcurrentWorkflowTaskExecutions: int('BANGFU_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS'),
    maxConcurrentActivityTaskExecutions: int('BANGFU_WORKER_MAX_CONCURRENT_ACTIVITIES'),
    maxConcurrentWorkflowTaskPolls: int('BANGFU_WORKER_WORKFLOW_TASK_POLLS'),
    maxConcurrentActivityTaskPolls: int('BANGFU_WORKER_ACTIVITY_TASK_POLLS'),
  };
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}
