import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Client, ScheduleAlreadyRunning } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { APP_CONFIG } from '../../../libs/config/config.module';
import type { AppConfig } from '../../../libs/config/env';
import { DEFAULT_TASK_QUEUE } from '../../../libs/temporal/names';
import { workflowIds } from '../../../libs/temporal/ids';
import { lifecycleSweepWorkflow } from '../../../workflows/lifecycle-sweep.workflow';
import { TEMPORAL_CONNECTION } from './worker.providers';
import { bangfuDataConverter } from '../../../libs/security/payload-codec';

/** Schedule ID of the daily sweep for a task queue (one per queue, so test stacks do not share one). */
export function lifecycleSweepScheduleId(taskQueue: string): string {
  return taskQueue === DEFAULT_TASK_QUEUE
    ? workflowIds.lifecycleSweep()
    : `${workflowIds.lifecycleSweep()}@${taskQueue}`;
}

/**
 * Creates, idempotently at start-up, the Temporal Schedule that runs the lifecycle sweep every day
 * at 01:00 China time (and once at creation, so files that existed before get their subsidy and
 * re-certification workflows). Under NODE_ENV=test it is created paused and not triggered, so
 * suites decide when a sweep runs.
 */
@Injectable()
export class LifecycleScheduleService implements OnApplicationBootstrap {
  private readonly logger = new Logger(LifecycleScheduleService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TEMPORAL_CONNECTION) private readonly connection: NativeConnection,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const client = new Client({
      connection: this.connection,
      namespace: this.config.TEMPORAL_NAMESPACE,
      dataConverter: bangfuDataConverter(this.config),
    });
    const taskQueue = this.config.TEMPORAL_TASK_QUEUE;
    const scheduleId = lifecycleSweepScheduleId(taskQueue);
    const testing = this.config.NODE_ENV === 'test';
    try {
      await client.schedule.create({
        scheduleId,
        spec: { calendars: [{ hour: 1, minute: 0 }], timezone: 'Asia/Shanghai' },
        action: {
          type: 'startWorkflow',
          workflowType: lifecycleSweepWorkflow,
          workflowId: scheduleId,
          taskQueue,
          args: [{}],
        },
        state: {
          paused: testing,
          triggerImmediately: !testing,
          note: 'daily lifecycle sweep (定期补助/年度复核)',
        },
      });
      this.logger.log(`schedule ${scheduleId} created`);
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    }
  }
}
