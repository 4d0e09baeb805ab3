import { Module } from '@nestjs/common';
import { AppConfigModule } from '../../../libs/config/config.module';
import { DatabaseModule } from '../../../libs/database/database.module';
import { LoggingModule } from '../../../libs/logging/logging.module';
import { FeaturesModule } from '../../../libs/features.module';
import { WorkerHost } from './worker-host.service';
import { NotificationRelay } from './notification-relay.service';
import { LifecycleScheduleService } from './lifecycle-schedule.service';
import { LoanAdoptionService } from './loan-adoption.service';
import { PairingAdoptionService } from './pairing-adoption.service';
import { workerProviders } from './worker.providers';
import { ReassessmentScheduler } from './reassessment-schedule.service';

@Module({
  imports: [AppConfigModule, LoggingModule, DatabaseModule, FeaturesModule],
  providers: [
    ...workerProviders,
    WorkerHost,
    NotificationRelay,
    LifecycleScheduleService,
    LoanAdoptionService,
    PairingAdoptionService,
    ReassessmentScheduler,
  ],
  exports: [WorkerHost],
})
export class WorkerModule {}
