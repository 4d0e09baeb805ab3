import { Module } from '@nestjs/common';
import { ReassessmentModule as ReassessmentLibrary } from '../../../../libs/reassessment/reassessment.module';
import { HelpPlansModule as HelpPlansLibrary } from '../../../../libs/help-plans/help-plans.module';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [ReassessmentLibrary, HelpPlansLibrary],
  controllers: [TasksController],
  providers: [TasksService],
})
export class TasksModule {}
