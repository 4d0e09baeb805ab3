import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { TasksModule } from '../tasks/tasks.module';
import { HelpPlansRepository } from './help-plans.repository';

/** Help plans (帮扶计划): plans, measures and their owners' tasks. */
@Module({
  imports: [AuditModule, TasksModule],
  providers: [HelpPlansRepository],
  exports: [HelpPlansRepository],
})
export class HelpPlansModule {}
