import { Module } from '@nestjs/common';
import { CampaignsModule as CampaignsLibrary } from '../../../../libs/campaigns/campaigns.module';
import { PolicyModule as PolicyLibrary } from '../../../../libs/policy/policy.module';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';

/** Holiday campaigns (节日送温暖). */
@Module({
  imports: [CampaignsLibrary, PolicyLibrary],
  controllers: [CampaignsController],
  providers: [CampaignsService],
})
export class CampaignsModule {}
