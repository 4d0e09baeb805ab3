import { Module } from '@nestjs/common';
import { EvaluationModule as EvaluationLibrary } from '../../../../libs/evaluation/evaluation.module';
import { PolicyModule as PolicyLibrary } from '../../../../libs/policy/policy.module';
import { EvaluationController } from './evaluation.controller';
import { EvaluationService } from './evaluation.service';

/** Effect evaluation (帮扶效果评估). */
@Module({
  imports: [EvaluationLibrary, PolicyLibrary],
  controllers: [EvaluationController],
  providers: [EvaluationService],
})
export class EvaluationModule {}
