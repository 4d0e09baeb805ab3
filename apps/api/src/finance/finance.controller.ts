import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { chinaDateOf } from '../../../../libs/domain/loan';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { exportFile, ExportQueryDto, type ExportColumn } from '../common/export';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { AgingReport, FinanceService, StatementEntry } from './finance.service';
import { AgingQueryDto, YearQueryDto } from './dto/finance.dto';
import {
  AgingReportDto,
  BudgetVsActualDto,
  FundBalancePageDto,
  StatementDto,
  ReconciliationDto,
} from './dto/finance.response';

const FINANCE_ROLES = ['finance', 'auditor', 'admin', 'union_chair', 'leader'] as const;

type Bucket = AgingReport['buckets'][number];
const AGING_COLUMNS: ExportColumn<Bucket>[] = [
  { zh: '账龄', en: 'Bucket', value: (b) => `${b.label.zh} ${b.label.en}` },
  { zh: '笔数', en: 'Loans', value: (b) => b.loans },
  { zh: '未还金额(元)', en: 'Outstanding (yuan)', value: (b) => b.outstandingFen, fen: true },
];
const STATEMENT_COLUMNS: ExportColumn<StatementEntry>[] = [
  { zh: '日期', en: 'Date', value: (e) => e.date },
  { zh: '借款编号', en: 'Loan no.', value: (e) => e.loanNo },
  { zh: '类型', en: 'Kind', value: (e) => `${e.kindLabel.zh} ${e.kindLabel.en}` },
  { zh: '金额(元)', en: 'Amount (yuan)', value: (e) => e.amountFen, fen: true },
  { zh: '凭证号', en: 'Reference', value: (e) => e.reference },
  { zh: '余额(元)', en: 'Balance (yuan)', value: (e) => e.balanceFen, fen: true },
];

@ApiTags('finance')
@ApiBearerAuth()
@Controller('finance')
export class FinanceController {
  constructor(private readonly finance: FinanceService) {}

  @Get('aging')
  @Roles(...FINANCE_ROLES)
  @ApiOperation({
    summary:
      'Outstanding loans by days overdue (current / 1–30 / 31–60 / 61–90 / 90+), portfolio at risk (PAR30)',
  })
  @ApiOkResponse({ type: AgingReportDto, description: 'JSON; with ?format=xlsx|csv the export file' })
  async aging(
    @Query() q: AgingQueryDto,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AgingReport | StreamableFile> {
    const r = await this.finance.aging(user, q);
    if (!q.format) return r;
    const total: Bucket = {
      bucket: '90+',
      label: { zh: '合计', en: 'Total' },
      loans: r.totalLoans,
      outstandingFen: r.totalOutstandingFen,
    };
    return exportFile(res, q.format, `aging-${r.asOf}`, AGING_COLUMNS, [...r.buckets, total]);
  }

  @Get('statements/:workerId')
  @Roles(...FINANCE_ROLES, 'caseworker')
  @ApiOperation({
    summary: 'A borrower’s statement: loans, disbursements, repayments, write-offs, running balance',
  })
  @ApiOkResponse({ type: StatementDto, description: 'JSON; with ?format=xlsx|csv the export file' })
  async statement(
    @Param('workerId', UuidParamPipe) workerId: string,
    @Query() q: ExportQueryDto,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    const s = await this.finance.statement(workerId, user);
    if (!q.format) return s;
    return exportFile(res, q.format, `statement-${s.worker.employeeNo}`, STATEMENT_COLUMNS, s.entries);
  }

  @Get('balances')
  @Roles(...FINANCE_ROLES)
  @ApiOperation({
    summary: 'Per fund source: allocated, reserved, paid, repaid, available (fen), from the ledger',
  })
  @ApiOkResponse({ type: FundBalancePageDto, description: 'JSON; with ?format=xlsx|csv the export file' })
  async balances(@Query() q: YearQueryDto, @Res({ passthrough: true }) res: Response) {
    const items = await this.finance.balances(q.year);
    if (!q.format) return { items, nextCursor: null };
    type B = (typeof items)[number];
    const cols: ExportColumn<B>[] = [
      { zh: '资金来源', en: 'Fund source', value: (b) => `${b.nameZh} ${b.nameEn}` },
      { zh: '预算(元)', en: 'Allocated (yuan)', value: (b) => b.allocatedFen, fen: true },
      { zh: '预留(元)', en: 'Reserved (yuan)', value: (b) => b.reservedFen, fen: true },
      { zh: '已支出(元)', en: 'Paid out (yuan)', value: (b) => b.paidFen, fen: true },
      { zh: '已收回(元)', en: 'Repaid (yuan)', value: (b) => b.repaidFen, fen: true },
      { zh: '可用(元)', en: 'Available (yuan)', value: (b) => b.availableFen, fen: true },
    ];
    return exportFile(res, q.format, 'fund-balances', cols, items);
  }

  @Get('budget-vs-actual')
  @Roles(...FINANCE_ROLES)
  @ApiOperation({ summary: 'Budget vs actual per program and month' })
  @ApiOkResponse({ type: BudgetVsActualDto, description: 'JSON; with ?format=xlsx|csv the export file' })
  async budgetVsActual(@Query() q: YearQueryDto, @Res({ passthrough: true }) res: Response) {
    const year = q.year ?? Number(chinaDateOf(Date.now()).slice(0, 4));
    const r = await this.finance.budgetVsActual(year);
    if (!q.format) return r;
    type R = (typeof r.rows)[number];
    const cols: ExportColumn<R>[] = [
      { zh: '项目', en: 'Program', value: (x) => `${x.programNameZh} ${x.programCode}` },
      { zh: '月份', en: 'Month', value: (x) => `${year}-${String(x.month).padStart(2, '0')}` },
      { zh: '预算(元)', en: 'Budget (yuan)', value: (x) => x.budgetFen, fen: true },
      { zh: '实际(元)', en: 'Actual (yuan)', value: (x) => x.actualFen, fen: true },
      { zh: '差额(元)', en: 'Variance (yuan)', value: (x) => x.budgetFen - x.actualFen, fen: true },
    ];
    return exportFile(res, q.format, `budget-vs-actual-${year}`, cols, r.rows);
  }

  @Get('reconciliation')
  @ApiOkResponse({ type: ReconciliationDto, description: 'JSON; with ?format=xlsx|csv the export file' })
  @Roles(...FINANCE_ROLES)
  @ApiOperation({
    summary: 'Reconciliation: the ledger vs aid-case payments vs loans, each check with its exceptions',
  })
  async reconciliation(@Query() q: ExportQueryDto, @Res({ passthrough: true }) res: Response) {
    const r = await this.finance.reconciliation();
    if (!q.format) return r;
    type Row = { check: string; ok: boolean; count: number; item: string };
    const rows: Row[] = r.checks.flatMap((c) =>
      c.items.length
        ? c.items.map((i) => ({
            check: `${c.labelZh} ${c.labelEn}`,
            ok: c.ok,
            count: c.count,
            item: JSON.stringify(i),
          }))
        : [{ check: `${c.labelZh} ${c.labelEn}`, ok: c.ok, count: c.count, item: '' }],
    );
    const cols: ExportColumn<Row>[] = [
      { zh: '核对项', en: 'Check', value: (x) => x.check },
      { zh: '结果', en: 'Result', value: (x) => (x.ok ? '一致 OK' : '不一致 MISMATCH') },
      { zh: '差异数', en: 'Exceptions', value: (x) => x.count },
      { zh: '明细', en: 'Detail', value: (x) => x.item },
    ];
    return exportFile(res, q.format, 'reconciliation', cols, rows);
  }
}
