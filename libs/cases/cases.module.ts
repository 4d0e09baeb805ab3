import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { PolicyModule } from '../policy/policy.module';
import { CasesRepository } from './cases.repository';

/** Aid cases (its reservation goes through the ledger's reserveOnBudget). */
@Module({
  imports: [AuditModule, PolicyModule],
  providers: [CasesRepository],
  exports: [CasesRepository],
})
export class CasesModule {}
