import { Module } from '@nestjs/common';
import { PolicyModule as PolicyLibrary } from '../../../../libs/policy/policy.module';
import { TuitionModule as TuitionLibrary } from '../../../../libs/tuition/tuition.module';
import { CasesModule } from '../cases/cases.module';
import { TuitionController } from './tuition.controller';
import { TuitionService } from './tuition.service';

/** 金秋助学 (a program on the aid-case path). */
@Module({
  imports: [PolicyLibrary, TuitionLibrary, CasesModule],
  controllers: [TuitionController],
  providers: [TuitionService],
})
export class TuitionModule {}
