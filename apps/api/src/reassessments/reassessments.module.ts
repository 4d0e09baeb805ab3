import { Module } from '@nestjs/common';
import { FileLifecycleController, ReassessmentsController } from './reassessments.controller';
import { ReassessmentsService } from './reassessments.service';
import { AuditModule as AuditLibrary } from '../../../../libs/audit/audit.module';
import { ReassessmentModule as ReassessmentLibrary } from '../../../../libs/reassessment/reassessment.module';

@Module({
  imports: [AuditLibrary, ReassessmentLibrary],
  controllers: [ReassessmentsController, FileLifecycleController],
  providers: [ReassessmentsService],
  exports: [ReassessmentsService],
})
export class ReassessmentsModule {}
