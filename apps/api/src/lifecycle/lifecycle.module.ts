import { Module } from '@nestjs/common';
import { EarlyWarningsController } from './early-warnings.controller';
import { EarlyWarningsService } from './early-warnings.service';
import { SubsidiesController } from './subsidies.controller';
import { SubsidiesService } from './subsidies.service';

@Module({
  controllers: [EarlyWarningsController, SubsidiesController],
  providers: [EarlyWarningsService, SubsidiesService],
})
export class LifecycleModule {}
