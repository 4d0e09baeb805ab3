import { ApiProperty } from '@nestjs/swagger';
import { LOAN_STATUSES, LoanStatus } from '../../../../../libs/domain/loan';
import { EmployeeOrgUnitDto, LabelDto, PageOf, TimelineEventDto } from '../../common/dto/common.response';

export class LoanViewDto extends EmployeeOrgUnitDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'JK-2026-000012' })
  loanNo!: string;

  @ApiProperty({ example: 'loan:…' })
  workflowId!: string;

  @ApiProperty({ type: 'integer' })
  amountFen!: number;

  @ApiProperty({ type: 'integer' })
  termMonths!: number;

  @ApiProperty()
  purpose!: string;

  @ApiProperty({ enum: LOAN_STATUSES, enumName: 'LoanStatus' })
  status!: LoanStatus;

  @ApiProperty({ type: LabelDto })
  statusLabel!: LabelDto;

  @ApiProperty({ type: 'integer' })
  outstandingFen!: number;

  @ApiProperty({ type: 'integer' })
  repaidFen!: number;

  @ApiProperty({ type: 'integer' })
  writtenOffFen!: number;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  nextDueDate!: string | null;

  @ApiProperty({ type: 'integer' })
  daysOverdue!: number;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  disbursedOn!: string | null;

  @ApiProperty({ type: 'integer' })
  scheduleVersion!: number;

  @ApiProperty({ type: String, nullable: true })
  fundSource!: string | null;

  @ApiProperty({ type: String, nullable: true })
  overrideReason!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({
    enum: ['hospitalisation', 'aid_case'],
    nullable: true,
    description: 'collection is paused now (no reminders, no overdue escalation), and why',
  })
  pausedReason!: 'hospitalisation' | 'aid_case' | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  pausedSince!: string | null;
}

export class LoanPageDto extends PageOf(LoanViewDto) {}

export class InstalmentDto {
  @ApiProperty({ type: 'integer' })
  seq!: number;

  @ApiProperty({ format: 'date' })
  dueDate!: string;

  @ApiProperty({ type: 'integer' })
  amountFen!: number;
}

/** An instalment of the schedule in force with what has been paid against it. */
export class InstalmentStateDto extends InstalmentDto {
  @ApiProperty({ type: 'integer' })
  paidFen!: number;

  @ApiProperty({ enum: ['paid', 'partial', 'due', 'overdue', 'written_off'] })
  status!: 'paid' | 'partial' | 'due' | 'overdue' | 'written_off';

  @ApiProperty({ type: 'integer', description: 'days past due + grace (0 when not overdue)' })
  daysOverdue!: number;
}

export class ScheduleVersionDto {
  @ApiProperty({ type: 'integer' })
  version!: number;

  @ApiProperty({ example: 'initial' })
  reason!: string;

  @ApiProperty({ type: 'integer' })
  termMonths!: number;

  @ApiProperty({ type: 'integer' })
  principalFen!: number;

  @ApiProperty({ format: 'date' })
  startDate!: string;

  @ApiProperty({ type: 'integer' })
  repaidBeforeFen!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: [InstalmentDto] })
  instalments!: InstalmentDto[];
}

/** A ledger entry of the loan: disbursement, repayment or write-off. */
export class LoanLedgerEntryDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ enum: ['loan_disbursement', 'loan_repayment', 'loan_write_off'] })
  kind!: 'loan_disbursement' | 'loan_repayment' | 'loan_write_off';

  @ApiProperty({ type: LabelDto })
  kindLabel!: LabelDto;

  @ApiProperty({ type: 'integer' })
  amountFen!: number;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  paidOn!: string | null;

  @ApiProperty({ type: String, nullable: true })
  reference!: string | null;

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;
}

/** Collection paused (hospitalisation, an aid case) from `startedAt` until `endedAt`. */
export class CollectionPauseDto {
  @ApiProperty({ enum: ['hospitalisation', 'aid_case'] })
  reason!: 'hospitalisation' | 'aid_case';

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  sourceId!: string | null;

  @ApiProperty({ format: 'date-time' })
  startedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  endedAt!: string | null;
}

export class LoanDetailDto extends LoanViewDto {
  @ApiProperty({ type: [InstalmentStateDto], description: 'the schedule in force' })
  schedule!: InstalmentStateDto[];

  @ApiProperty({ type: [ScheduleVersionDto] })
  scheduleHistory!: ScheduleVersionDto[];

  @ApiProperty({ type: [LoanLedgerEntryDto] })
  repayments!: LoanLedgerEntryDto[];

  @ApiProperty({ type: [CollectionPauseDto] })
  pauses!: CollectionPauseDto[];

  @ApiProperty({ type: [TimelineEventDto] })
  timeline!: TimelineEventDto[];
}

export class RepaymentResultDto {
  @ApiProperty({ format: 'uuid' })
  loanId!: string;

  @ApiProperty({ description: 'the ledger entry' })
  entryId!: string;

  @ApiProperty({ description: 'true when this key / reference was already recorded' })
  duplicate!: boolean;

  @ApiProperty({ type: 'integer' })
  outstandingFen!: number;
}

export class ImportStartedDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: 'integer' })
  totalRows!: number;
}

export class ImportRowDto {
  @ApiProperty({ type: 'integer', description: 'row in the file (1 is the header)' })
  rowNo!: number;

  @ApiProperty({ type: String, nullable: true })
  employeeNo!: string | null;

  @ApiProperty({ type: String, nullable: true })
  loanNo!: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  amountFen!: number | null;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  paidOn!: string | null;

  @ApiProperty({ type: String, nullable: true })
  reference!: string | null;

  @ApiProperty({ enum: ['accepted', 'duplicate', 'rejected'] })
  outcome!: 'accepted' | 'duplicate' | 'rejected';

  @ApiProperty({ type: String, nullable: true, description: 'why (English, for logs)' })
  reason!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'the column the reason is about' })
  reasonField!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'the reason as an error-catalog rule' })
  reasonRule!: string | null;

  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description: 'params of the rule (amounts in fen)',
  })
  reasonParams!: Record<string, string | number> | null;
}

/** A payroll-deduction import: progress while it runs, then each row with its outcome. */
export class ImportViewDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  fileName!: string;

  @ApiProperty({ enum: ['csv', 'xlsx'] })
  format!: 'csv' | 'xlsx';

  @ApiProperty({ enum: ['running', 'done', 'failed'] })
  status!: 'running' | 'done' | 'failed';

  @ApiProperty({ type: 'integer' })
  totalRows!: number;

  @ApiProperty({ type: 'integer' })
  processedRows!: number;

  @ApiProperty({ type: 'integer' })
  accepted!: number;

  @ApiProperty({ type: 'integer' })
  duplicate!: number;

  @ApiProperty({ type: 'integer' })
  rejected!: number;

  @ApiProperty({ type: String, nullable: true })
  error!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt!: string | null;

  @ApiProperty({ type: [ImportRowDto] })
  rows!: ImportRowDto[];
}
