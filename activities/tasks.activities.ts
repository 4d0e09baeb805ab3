import type {
  CompleteTaskInput,
  OpenTaskInput,
  TaskRecordsService,
} from '../libs/records/task-records.service';

/** Human-task activities shared by every subject workflow. */
export function createTaskActivities({ tasks }: { tasks: TaskRecordsService }) {
  return {
    openTask: (t: OpenTaskInput) => tasks.open(t),
    async completeTask(c: CompleteTaskInput): Promise<void> {
      await tasks.complete(c);
    },
    assignTask: (a: Parameters<TaskRecordsService['assign']>[0]) => tasks.assign(a),
    remindTask: (r: { taskId: string; workflowId: string }) => tasks.remind(r),
    escalateTask: (e: { taskId: string; workflowId: string; toRole: string }) => tasks.escalate(e),
    cancelOpenTasks: (c: { workflowId: string }) => tasks.cancelOpen(c),
  };
}

export type TaskActivities = ReturnType<typeof createTaskActivities>;
