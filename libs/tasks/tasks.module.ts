import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { PolicyModule } from '../policy/policy.module';
import { TasksRepository } from './tasks.repository';

/** Human tasks of every subject workflow. */
@Module({
  imports: [AuditModule, PolicyModule],
  providers: [TasksRepository],
  exports: [TasksRepository],
})
export class TasksModule {}
