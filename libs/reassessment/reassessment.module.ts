import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FilesModule } from '../files/files.module';
import { PolicyModule } from '../policy/policy.module';
import { TasksModule } from '../tasks/tasks.module';
import { ReassessmentRepository } from './reassessment.repository';

/** Re-assessment campaigns, exits and re-checks. */
@Module({
  imports: [AuditModule, PolicyModule, FilesModule, TasksModule],
  providers: [ReassessmentRepository],
  exports: [ReassessmentRepository],
})
export class ReassessmentModule {}
