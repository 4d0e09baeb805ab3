import { Module } from '@nestjs/common';
import { ReassessmentModule as ReassessmentLibrary } from '../../../../libs/reassessment/reassessment.module';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [ReassessmentLibrary],
  controllers: [TasksController],
  providers: [TasksService],
})
export class TasksModule {}
