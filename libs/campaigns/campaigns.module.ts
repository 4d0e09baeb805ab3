import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PolicyModule } from '../policy/policy.module';
import { CampaignsRepository } from './campaigns.repository';

/** Holiday campaigns (节日送温暖): plan, distribution list, deliveries, report. */
@Module({
  imports: [AuditModule, PolicyModule, NotificationsModule],
  providers: [CampaignsRepository],
  exports: [CampaignsRepository],
})
export class CampaignsModule {}
