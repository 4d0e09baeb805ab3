import { Body, Controller, Get, Headers, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiOperation,
  ApiTags,
  ApiOkResponse,
  ApiCreatedResponse,
} from '@nestjs/swagger';
import type { BudgetBalance } from '../../../../libs/ledger/ledger.repository';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { FundExceptions } from './funds.exceptions';
import { FundsService } from './funds.service';
import { AllocateDto, BalanceQueryDto } from './dto/funds.dto';
import { BudgetBalanceListDto, AllocationResultDto } from './dto/funds.response';

@ApiTags('funds')
@ApiBearerAuth()
@Controller('funds')
export class FundsController {
  constructor(private readonly funds: FundsService) {}

  @Get('budgets')
  @ApiOkResponse({ type: BudgetBalanceListDto })
  @Roles('finance', 'auditor', 'admin', 'union_chair', 'leader')
  @ApiOperation({
    summary:
      'Budgets per fund source, program and year with allocated, reserved, paid and available (fen), derived from the ledger',
  })
  balances(@Query() q: BalanceQueryDto): Promise<{ items: BudgetBalance[]; nextCursor: null }> {
    return this.funds.balances(q);
  }

  @Post('allocations')
  @ApiCreatedResponse({ type: AllocationResultDto })
  @Roles('finance')
  @ApiHeader({ name: 'idempotency-key', required: true })
  @ApiOperation({ summary: 'Add money to a budget (finance); the same Idempotency-Key never posts twice' })
  allocate(
    @Body() dto: AllocateDto,
    @CurrentUser() user: AuthUser,
    @Headers('idempotency-key') key?: string,
  ): Promise<{ result: string }> {
    if (!key || key.length < 8 || key.length > 200) throw FundExceptions.idempotencyKeyRequired();
    return this.funds.allocate(dto, user, key);
  }
}
