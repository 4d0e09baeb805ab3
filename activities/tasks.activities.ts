import type { CompleteTaskInput, OpenTaskInput, TasksRepository } from '../libs/tasks/tasks.repository';

/** Human-task activities shared by every subject workflow. */
export function createTaskActivities({ tasks }: { tasks: TasksRepository }) {
  return {
    openTask: (t: OpenTaskInput) => tasks.open(t),
    async completeTask(c: CompleteTaskInput): Promise<void> {
      await tasks.complete(c);
    },
    assignTask: (a: Parameters<TasksRepository['assign']>[0]) => tasks.assign(a),
    remindTask: (r: { taskId: string; workflowId: string }) => tasks.remind(r),
    escalateTask: (e: { taskId: string; workflowId: string; toRole: string }) => tasks.escalate(e),
    cancelOpenTasks: (c: { workflowId: string }) => tasks.cancelOpen(c),
  };
}

export type TaskActivities = ReturnType<typeof createTaskActivities>;
