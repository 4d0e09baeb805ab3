import { Module } from '@nestjs/common';
import { EarlyWarningsController } from './early-warnings.controller';
import { EarlyWarningsService } from './early-warnings.service';
import { SubsidiesController } from './subsidies.controller';
import { SubsidiesService } from './subsidies.service';
import { AuditModule as AuditLibrary } from '../../../../libs/audit/audit.module';

@Module({
  imports: [AuditLibrary],
  controllers: [EarlyWarningsController, SubsidiesController],
  providers: [EarlyWarningsService, SubsidiesService],
})
export class LifecycleModule {}
