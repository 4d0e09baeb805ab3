import { Module } from '@nestjs/common';
import { FinanceController } from './finance.controller';
import { FinanceService } from './finance.service';
import { LedgerModule as LedgerLibrary } from '../../../../libs/ledger/ledger.module';
import { LoansModule as LoansLibrary } from '../../../../libs/loans/loans.module';
import { PolicyModule as PolicyLibrary } from '../../../../libs/policy/policy.module';

@Module({
  imports: [LedgerLibrary, LoansLibrary, PolicyLibrary],
  controllers: [FinanceController],
  providers: [FinanceService],
})
export class FinanceModule {}
