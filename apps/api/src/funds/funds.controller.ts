import { Body, Controller, Get, Headers, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BudgetBalance, LedgerRepository } from '../../../../libs/ledger/ledger.repository';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { AppException } from '../common/errors';
import { AllocateDto, BalanceQueryDto } from './dto/funds.dto';

@ApiTags('funds')
@ApiBearerAuth()
@Controller('funds')
export class FundsController {
  constructor(private readonly ledger: LedgerRepository) {}

  @Get('budgets')
  @Roles('finance', 'auditor', 'admin', 'union_chair', 'leader')
  @ApiOperation({
    summary:
      'Budgets per fund source, program and year with allocated, reserved, paid and available (fen), derived from the ledger',
  })
  async balances(@Query() q: BalanceQueryDto): Promise<{ items: BudgetBalance[]; nextCursor: null }> {
    return { items: await this.ledger.balances({ year: q.year, programCode: q.program }), nextCursor: null };
  }

  @Post('allocations')
  @Roles('finance')
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiOperation({ summary: 'Add money to a budget (finance); the same Idempotency-Key never posts twice' })
  async allocate(
    @Body() dto: AllocateDto,
    @CurrentUser() user: AuthUser,
    @Headers('idempotency-key') key?: string,
  ): Promise<{ result: string }> {
    if (!key || key.length < 8 || key.length > 200) {
      throw AppException.validation([
        {
          field: 'Idempotency-Key',
          rule: 'required',
          message: 'an Idempotency-Key header of 8–200 characters is required',
        },
      ]);
    }
    const result = await this.ledger
      .allocate({
        fundSource: dto.fundSource,
        programCode: dto.program,
        year: dto.year,
        amountFen: dto.amountFen,
        key,
        actorId: user.userId,
      })
      .catch((err: { code?: string; detail?: string }) => {
        if (err.code === '23503')
          throw AppException.businessRule(
            'fundSource',
            'exists',
            `unknown fund source or program: ${err.detail ?? ''}`,
          );
        throw err;
      });
    if (result === 'conflict') {
      throw AppException.businessRule(
        'Idempotency-Key',
        'same_amount',
        'this Idempotency-Key was used with a different amount',
      );
    }
    return { result };
  }
}
