import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { TEMPORAL_CONNECTION, TEMPORAL_WORKER } from './worker.providers';

/** Runs the Temporal worker for the life of the Nest context; shuts it down gracefully. */
@Injectable()
export class WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerHost.name);
  private running?: Promise<void>;

  constructor(
    @Inject(TEMPORAL_WORKER) private readonly worker: Worker,
    @Inject(TEMPORAL_CONNECTION) private readonly connection: NativeConnection,
  ) {}

  onApplicationBootstrap(): void {
    this.running = this.worker.run();
    this.running.then(
      () => this.logger.log('worker stopped'),
      (err: unknown) => {
        this.logger.error(`worker failed: ${String(err)}`);
        process.exitCode = 1;
      },
    );
    this.logger.log(`worker polling task queue ${this.worker.options.taskQueue}`);
  }

  /** Resolves when the worker stops (on shutdown or on a fatal error). */
  whenStopped(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await this.connection.close();
  }
}
