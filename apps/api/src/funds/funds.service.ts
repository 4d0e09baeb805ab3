import { Injectable } from '@nestjs/common';
import { BudgetBalance, LedgerRepository } from '../../../../libs/ledger/ledger.repository';
import type { AuthUser } from '../auth/auth.decorators';
import type { AllocateDto, BalanceQueryDto } from './dto/funds.dto';
import { FundExceptions } from './funds.exceptions';

/** PostgreSQL foreign_key_violation: the fund source or the program does not exist. */
const FOREIGN_KEY_VIOLATION = '23503';

@Injectable()
export class FundsService {
  constructor(private readonly ledger: LedgerRepository) {}

  async balances(q: BalanceQueryDto): Promise<{ items: BudgetBalance[]; nextCursor: null }> {
    return { items: await this.ledger.balances({ year: q.year, programCode: q.program }), nextCursor: null };
  }

  /** Adds money to a budget; the same key never posts twice (and never with another amount). */
  async allocate(dto: AllocateDto, user: AuthUser, key: string): Promise<{ result: string }> {
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
        if (err.code === FOREIGN_KEY_VIOLATION)
          throw FundExceptions.unknownFundSourceOrProgram(err.detail ?? '');
        throw err;
      });
    if (result === 'conflict') throw FundExceptions.keyReusedWithOtherAmount();
    return { result };
  }
}
