import { Module } from '@nestjs/common';
import { FundsController } from './funds.controller';
import { FundsService } from './funds.service';
import { LedgerModule as LedgerLibrary } from '../../../../libs/ledger/ledger.module';

@Module({
  imports: [LedgerLibrary],
  controllers: [FundsController],
  providers: [FundsService],
})
export class FundsModule {}
