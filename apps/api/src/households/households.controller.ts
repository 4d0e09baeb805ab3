import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isWithinScope } from '../../../../libs/domain/org-scope';
import { AuditService } from '../../../../libs/records/audit.service';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { AppException } from '../common/errors';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { ExpenseDto, IncomeDto } from '../files/files.dto';

@ApiTags('households')
@ApiBearerAuth()
@Controller('households')
export class HouseholdsController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  private async scope(id: string, user: AuthUser): Promise<void> {
    const [h] = (await this.ds.query(
      `SELECT o.path FROM households h JOIN org_units o ON o.id = h.org_unit_id WHERE h.id = $1`,
      [id],
    )) as Array<{ path: string }>;
    if (!h || !isWithinScope(user.orgPath, h.path)) throw AppException.notFound('household', 'id', id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A household with its monthly incomes and yearly expenses (fen)' })
  async get(
    @Param('id', UuidParamPipe) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<Record<string, unknown>> {
    await this.scope(id, user);
    const [h] = (await this.ds.query(
      `SELECT id, code, member_count AS "memberCount", locality_code AS "localityCode", address FROM households WHERE id = $1`,
      [id],
    )) as Array<Record<string, unknown>>;
    const incomes = await this.ds.query(
      `SELECT to_char(month, 'YYYY-MM') AS month, source, amount_fen::bigint::float8 AS "amountFen" FROM household_incomes WHERE household_id = $1 ORDER BY month, source`,
      [id],
    );
    const expenses = await this.ds.query(
      `SELECT year, kind, amount_fen::bigint::float8 AS "amountFen", note FROM household_expenses WHERE household_id = $1 ORDER BY year, kind`,
      [id],
    );
    return { ...h, incomes, expenses };
  }

  @Post(':id/incomes')
  @Roles('caseworker')
  @ApiOperation({ summary: 'Record one month’s income item (the same month and source replaces the figure)' })
  async income(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: IncomeDto,
    @CurrentUser() user: AuthUser,
  ): Promise<{ ok: true }> {
    await this.scope(id, user);
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(dto.month)) {
      throw AppException.validation([{ field: 'month', rule: 'month', message: 'month must be YYYY-MM' }]);
    }
    if (dto.amountFen < 0)
      throw AppException.validation([
        { field: 'amountFen', rule: 'min', message: 'amountFen must not be negative' },
      ]);
    await this.ds.transaction(async (em) => {
      await em.query(
        `INSERT INTO household_incomes (household_id, month, source, amount_fen, recorded_by) VALUES ($1, ($2 || '-01')::date, $3, $4, $5)
         ON CONFLICT (household_id, month, source) DO UPDATE SET amount_fen = $4, recorded_by = $5`,
        [id, dto.month, dto.source, dto.amountFen, user.userId],
      );
      await this.audit.append(
        {
          actorId: user.userId,
          action: 'household.income',
          entityType: 'household',
          entityId: id,
          after: dto,
        },
        em,
      );
    });
    return { ok: true };
  }

  @Post(':id/expenses')
  @Roles('caseworker')
  @ApiOperation({
    summary: 'Record a yearly expense: medical, tuition, elder care (rigid), hardship costs, other',
  })
  async expense(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: ExpenseDto,
    @CurrentUser() user: AuthUser,
  ): Promise<{ ok: true }> {
    await this.scope(id, user);
    if (dto.amountFen < 0)
      throw AppException.validation([
        { field: 'amountFen', rule: 'min', message: 'amountFen must not be negative' },
      ]);
    await this.ds.transaction(async (em) => {
      await em.query(
        `INSERT INTO household_expenses (household_id, year, kind, amount_fen, note) VALUES ($1, $2, $3, $4, $5)`,
        [id, dto.year, dto.kind, dto.amountFen, dto.note ?? ''],
      );
      await this.audit.append(
        {
          actorId: user.userId,
          action: 'household.expense',
          entityType: 'household',
          entityId: id,
          after: dto,
        },
        em,
      );
    });
    return { ok: true };
  }
}
