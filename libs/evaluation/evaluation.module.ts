import { Module } from '@nestjs/common';
import { EvaluationRepository } from './evaluation.repository';

/** Effect evaluation (帮扶效果评估): per-file rows and aggregates, set-based SQL. */
@Module({ providers: [EvaluationRepository], exports: [EvaluationRepository] })
export class EvaluationModule {}
