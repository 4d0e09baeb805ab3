import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { LedgerRepository } from './ledger.repository';

/** The fund ledger: budgets and ledger entries (writes ledger rows only). */
@Module({
  imports: [AuditModule],
  providers: [LedgerRepository],
  exports: [LedgerRepository],
})
export class LedgerModule {}
