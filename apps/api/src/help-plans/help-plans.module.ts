import { Module } from '@nestjs/common';
import { HelpPlansModule as HelpPlansLibrary } from '../../../../libs/help-plans/help-plans.module';
import { PolicyModule as PolicyLibrary } from '../../../../libs/policy/policy.module';
import { HelpPlansController } from './help-plans.controller';
import { HelpPlansService } from './help-plans.service';

/** Help plans (帮扶计划). */
@Module({
  imports: [HelpPlansLibrary, PolicyLibrary],
  controllers: [HelpPlansController],
  providers: [HelpPlansService],
})
export class HelpPlansModule {}
