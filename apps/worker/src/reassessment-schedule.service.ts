import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Client, Connection, ScheduleAlreadyRunning, type ScheduleSpec } from '@temporalio/client';
import { APP_CONFIG } from '../../../libs/config/config.module';
import type { AppConfig } from '../../../libs/config/env';
import type { ReassessmentPolicy } from '../../../libs/domain/policy-types';
import { monthName } from '../../../libs/domain/reassessment';
import { PolicyRepository } from '../../../libs/policy/policy.repository';
import { workflowIds } from '../../../libs/temporal/ids';
import { bangfuDataConverter } from '../../../libs/security/payload-codec';

/** The schedule's calendar from the policy's reassessment.schedule. */
export function reassessmentScheduleSpec(s: ReassessmentPolicy['schedule']): ScheduleSpec {
  return {
    calendars: [
      {
        month: s.months.map(monthName),
        dayOfMonth: s.dayOfMonth,
        hour: s.hour,
        minute: 0,
        second: 0,
        comment: 'quarterly re-assessment of active hardship files (季度复核)',
      },
    ],
    timezone: s.timezone,
  };
}

/**
 * Creates the quarterly re-assessment Temporal Schedule at worker start-up, idempotently: when it
 * exists its calendar is brought in line with the policy in force. Its action starts
 * quarterlyReassessmentTrigger, which starts `reassessment:<YYYY>Q<n>` with reject-duplicate.
 */
@Injectable()
export class ReassessmentScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReassessmentScheduler.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly policy: PolicyRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const connection = await Connection.connect({ address: this.config.TEMPORAL_ADDRESS });
    try {
      const client = new Client({
        connection,
        namespace: this.config.TEMPORAL_NAMESPACE,
        dataConverter: bangfuDataConverter(this.config),
      });
      const id = await ensureReassessmentSchedule(
        client,
        this.config.TEMPORAL_TASK_QUEUE,
        (await this.policy.current()).data.reassessment.schedule,
      );
      this.logger.log(`re-assessment schedule ${id} is in place`);
    } finally {
      await connection.close();
    }
  }
}

export async function ensureReassessmentSchedule(
  client: Client,
  taskQueue: string,
  schedule: ReassessmentPolicy['schedule'],
): Promise<string> {
  const scheduleId = workflowIds.reassessmentSchedule(taskQueue);
  const spec = reassessmentScheduleSpec(schedule);
  try {
    await client.schedule.create({
      scheduleId,
      spec,
      action: {
        type: 'startWorkflow',
        workflowType: 'quarterlyReassessmentTrigger',
        workflowId: 'reassessment-trigger',
        taskQueue,
        args: [],
      },
      policies: { overlap: 'SKIP', catchupWindow: '1 day' },
      memo: { purpose: 'quarterly re-assessment 季度复核' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    // it exists: keep it, with the calendar of the policy in force
    await client.schedule.getHandle(scheduleId).update((prev) => ({ ...prev, spec }));
  }
  return scheduleId;
}
