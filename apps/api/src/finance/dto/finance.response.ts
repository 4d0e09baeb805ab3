import { ApiProperty } from '@nestjs/swagger';
import { AGING_BUCKETS, AgingBucket, LOAN_STATUSES, LoanStatus } from '../../../../../libs/domain/loan';
import { CodeNames, LabelDto, PageOf } from '../../common/dto/common.response';

export class AgingBucketDto {
  @ApiProperty({ enum: AGING_BUCKETS, enumName: 'AgingBucket' })
  bucket!: AgingBucket;

  @ApiProperty({ type: LabelDto })
  label!: LabelDto;

  @ApiProperty({ type: 'integer' })
  loans!: number;

  @ApiProperty({ type: 'integer' })
  outstandingFen!: number;
}

export class AgingReportDto {
  @ApiProperty({ format: 'date' })
  asOf!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  orgUnitId!: string | null;

  @ApiProperty({ type: 'integer' })
  graceDays!: number;

  @ApiProperty({ type: [AgingBucketDto] })
  buckets!: AgingBucketDto[];

  @ApiProperty({ type: 'integer' })
  totalLoans!: number;

  @ApiProperty({ type: 'integer' })
  totalOutstandingFen!: number;

  @ApiProperty({ type: 'integer', example: 30 })
  portfolioAtRiskDays!: number;

  @ApiProperty({ type: 'integer', description: 'outstanding of loans more than portfolioAtRiskDays overdue' })
  portfolioAtRiskFen!: number;

  @ApiProperty({ example: 12.5 })
  portfolioAtRiskPercent!: number;
}

export class StatementWorkerDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  employeeNo!: string;

  @ApiProperty()
  orgUnitName!: string;
}

export class StatementLoanDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  loanNo!: string;

  @ApiProperty({ type: 'integer' })
  amountFen!: number;

  @ApiProperty({ type: 'integer' })
  termMonths!: number;

  @ApiProperty({ enum: LOAN_STATUSES, enumName: 'LoanStatus' })
  status!: LoanStatus;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  disbursedOn!: string | null;

  @ApiProperty({ type: 'integer' })
  outstandingFen!: number;

  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description:
      'Due date of the oldest unpaid instalment (open loans only; the column the aging report reads)',
  })
  oldestUnpaidDue!: string | null;

  @ApiProperty({ type: 'integer', description: 'Days overdue past the policy grace days (0 when current)' })
  daysOverdue!: number;
}

export class StatementEntryDto {
  @ApiProperty({ format: 'date' })
  date!: string;

  @ApiProperty()
  loanNo!: string;

  @ApiProperty({ example: 'loan_repayment' })
  kind!: string;

  @ApiProperty({ type: LabelDto })
  kindLabel!: LabelDto;

  @ApiProperty({ type: 'integer' })
  amountFen!: number;

  @ApiProperty({ type: String, nullable: true })
  reference!: string | null;

  @ApiProperty({ type: 'integer', description: 'running balance after this entry' })
  balanceFen!: number;
}

/** A borrower's statement: loans, ledger entries with a running balance. */
export class StatementDto {
  @ApiProperty({ type: StatementWorkerDto })
  worker!: StatementWorkerDto;

  @ApiProperty({ format: 'date' })
  asOf!: string;

  @ApiProperty({ type: [StatementLoanDto] })
  loans!: StatementLoanDto[];

  @ApiProperty({ type: [StatementEntryDto] })
  entries!: StatementEntryDto[];

  @ApiProperty({ type: 'integer' })
  balanceFen!: number;
}

/** A fund source's money, from the ledger. */
export class FundBalanceDto extends CodeNames('union_fund') {
  @ApiProperty({ type: 'integer' })
  allocatedFen!: number;

  @ApiProperty({ type: 'integer' })
  reservedFen!: number;

  @ApiProperty({ type: 'integer' })
  paidFen!: number;

  @ApiProperty({ type: 'integer' })
  repaidFen!: number;

  @ApiProperty({ type: 'integer' })
  availableFen!: number;
}

export class FundBalancePageDto extends PageOf(FundBalanceDto) {}

export class BudgetVsActualRowDto {
  @ApiProperty()
  programCode!: string;

  @ApiProperty()
  programNameZh!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 12 })
  month!: number;

  @ApiProperty({ type: 'integer' })
  budgetFen!: number;

  @ApiProperty({ type: 'integer' })
  actualFen!: number;
}

export class BudgetVsActualDto {
  @ApiProperty({ type: 'integer' })
  year!: number;

  @ApiProperty({ type: [BudgetVsActualRowDto] })
  rows!: BudgetVsActualRowDto[];
}

/** One reconciliation check and up to 100 of its exceptions. */
export class ReconciliationCheckDto {
  @ApiProperty({ example: 'loan_repaid_matches_ledger' })
  code!: string;

  @ApiProperty()
  labelZh!: string;

  @ApiProperty()
  labelEn!: string;

  @ApiProperty()
  ok!: boolean;

  @ApiProperty({ description: 'how many exceptions' })
  count!: number;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  items!: Array<Record<string, unknown>>;
}

export class LedgerTotalDto {
  @ApiProperty({ example: 'payment' })
  kind!: string;

  @ApiProperty()
  entries!: number;

  @ApiProperty({ description: 'fen' })
  amountFen!: number;
}

export class LoanTotalsDto {
  @ApiProperty({ description: 'fen' })
  disbursedFen!: number;

  @ApiProperty({ description: 'fen' })
  repaidFen!: number;

  @ApiProperty({ description: 'fen' })
  writtenOffFen!: number;

  @ApiProperty({ description: 'fen' })
  outstandingFen!: number;
}

export class ReconciliationDto {
  @ApiProperty({ format: 'date-time' })
  asOf!: string;

  @ApiProperty({ description: 'every check passed' })
  ok!: boolean;

  @ApiProperty({ type: [ReconciliationCheckDto] })
  checks!: ReconciliationCheckDto[];

  @ApiProperty({ type: [LedgerTotalDto] })
  ledgerTotals!: LedgerTotalDto[];

  @ApiProperty({ type: LoanTotalsDto })
  loanTotals!: LoanTotalsDto;
}
