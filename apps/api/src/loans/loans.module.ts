import { Module } from '@nestjs/common';
import { LoansController } from './loans.controller';
import { LoansService } from './loans.service';
import { RepaymentImportsService } from './repayment-imports.service';
import { LoansModule as LoansLibrary } from '../../../../libs/loans/loans.module';
import { PolicyModule as PolicyLibrary } from '../../../../libs/policy/policy.module';

@Module({
  imports: [LoansLibrary, PolicyLibrary],
  controllers: [LoansController],
  providers: [LoansService, RepaymentImportsService],
})
export class LoansModule {}
