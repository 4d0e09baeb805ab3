import { Module } from '@nestjs/common';
import { LoansController } from './loans.controller';
import { LoansService } from './loans.service';
import { RepaymentImportsService } from './repayment-imports.service';

@Module({
  controllers: [LoansController],
  providers: [LoansService, RepaymentImportsService],
})
export class LoansModule {}
