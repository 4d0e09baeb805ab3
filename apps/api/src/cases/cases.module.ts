import { Module } from '@nestjs/common';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';
import { CasesModule as CasesLibrary } from '../../../../libs/cases/cases.module';
import { PolicyModule as PolicyLibrary } from '../../../../libs/policy/policy.module';

@Module({
  imports: [CasesLibrary, PolicyLibrary],
  controllers: [CasesController],
  providers: [CasesService],
  exports: [CasesService],
})
export class CasesModule {}
