import { Module } from '@nestjs/common';
import { PolicyModule } from '../policy/policy.module';
import { HrImportsRepository } from './hr-imports.repository';

/** HR data imports (roster, payroll) and the payroll cross-check. */
@Module({
  imports: [PolicyModule],
  providers: [HrImportsRepository],
  exports: [HrImportsRepository],
})
export class HrImportsModule {}
