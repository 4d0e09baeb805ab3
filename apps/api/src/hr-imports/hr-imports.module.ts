import { Module } from '@nestjs/common';
import { HrImportsModule as HrImportsLibrary } from '../../../../libs/hr-imports/hr-imports.module';
import { HrImportsController } from './hr-imports.controller';
import { HrImportsService } from './hr-imports.service';

/** HR imports (roster 花名册, payroll 工资收入) and the payroll cross-check flag. */
@Module({
  imports: [HrImportsLibrary],
  controllers: [HrImportsController],
  providers: [HrImportsService],
})
export class HrImportsModule {}
