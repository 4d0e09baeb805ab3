import { Module } from '@nestjs/common';
import { FileLifecycleController, ReassessmentsController } from './reassessments.controller';
import { ReassessmentsService } from './reassessments.service';

@Module({
  controllers: [ReassessmentsController, FileLifecycleController],
  providers: [ReassessmentsService],
  exports: [ReassessmentsService],
})
export class ReassessmentsModule {}
