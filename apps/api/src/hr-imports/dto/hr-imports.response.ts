import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class HrImportCountsDto {
  @ApiProperty({ type: 'integer' }) new!: number;
  @ApiProperty({ type: 'integer' }) updated!: number;
  @ApiProperty({ type: 'integer' }) unchanged!: number;
  @ApiProperty({ type: 'integer' }) refused!: number;
}

export class HrImportViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['roster', 'payroll'] }) kind!: 'roster' | 'payroll';
  @ApiProperty() workflowId!: string;
  @ApiProperty() fileName!: string;
  @ApiProperty({ enum: ['csv', 'xlsx'] }) format!: 'csv' | 'xlsx';
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty() orgUnitName!: string;
  @ApiProperty({
    enum: ['previewing', 'previewed', 'committing', 'done', 'cancelled', 'failed'],
    description: 'previewing (dry run) → previewed (waiting for commit) → committing → done',
  })
  status!: 'previewing' | 'previewed' | 'committing' | 'done' | 'cancelled' | 'failed';
  @ApiProperty({ type: 'integer' }) totalRows!: number;
  @ApiProperty({ type: 'integer', description: 'rows classified by the dry run so far' })
  previewedRows!: number;
  @ApiProperty({ type: 'integer', description: 'rows committed so far' }) appliedRows!: number;
  @ApiPropertyOptional({ type: HrImportCountsDto, nullable: true, description: 'the dry run’s outcomes' })
  previewCounts!: HrImportCountsDto | null;
  @ApiPropertyOptional({ type: HrImportCountsDto, nullable: true, description: 'the committed outcomes' })
  counts!: HrImportCountsDto | null;
  @ApiProperty({ type: 'integer', description: 'payroll: files flagged by the cross-check' })
  flaggedFiles!: number;
  @ApiPropertyOptional({ type: 'string', nullable: true }) error!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ type: 'string', format: 'date-time', nullable: true }) finishedAt!: string | null;
}

export class HrImportPageDto {
  @ApiProperty({ type: [HrImportViewDto] }) items!: HrImportViewDto[];
  @ApiPropertyOptional({ type: 'string', nullable: true }) nextCursor!: string | null;
}

export class HrImportRowDto {
  @ApiProperty({ type: 'integer', description: 'row in the file (1 is the header)' }) rowNo!: number;
  @ApiPropertyOptional({ type: 'string', nullable: true }) employeeNo!: string | null;
  @ApiPropertyOptional({ type: 'string', nullable: true }) name!: string | null;
  @ApiPropertyOptional({ type: 'string', nullable: true, description: 'masked (3701**********123X)' })
  nationalIdMasked!: string | null;
  @ApiPropertyOptional({ type: 'string', nullable: true }) unit!: string | null;
  @ApiPropertyOptional({ type: 'string', nullable: true, description: 'payroll: YYYY-MM' }) month!:
    string | null;
  @ApiPropertyOptional({ type: 'integer', nullable: true, description: 'payroll: fen' }) amountFen!:
    number | null;
  @ApiPropertyOptional({
    enum: ['new', 'updated', 'unchanged', 'refused'],
    nullable: true,
    description: 'the committed outcome, else the dry run’s',
  })
  outcome!: 'new' | 'updated' | 'unchanged' | 'refused' | null;
  @ApiProperty({ description: 'true once committed' }) applied!: boolean;
  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    description:
      'why refused: required, national_id_invalid, gender_invalid, duplicate_in_file, unit_unknown, unit_required, registered_elsewhere, employee_no_elsewhere, national_id_conflict, worker_unknown, month_invalid, amount_invalid',
  })
  reasonCode!: string | null;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] },
    nullable: true,
  })
  reasonParams!: Record<string, string | number> | null;
}

export class HrImportRowPageDto {
  @ApiProperty({ type: [HrImportRowDto] }) items!: HrImportRowDto[];
  @ApiPropertyOptional({ type: 'string', nullable: true }) nextCursor!: string | null;
}

export class HrImportDecisionResultDto {
  @ApiProperty({ enum: ['committing', 'cancelled'] }) phase!: string;
}

export class IncomeDiscrepancyDto {
  @ApiProperty({ format: 'uuid' }) fileId!: string;
  @ApiProperty({ type: 'integer', description: 'months compared (payroll present)' }) months!: number;
  @ApiProperty({ type: 'integer', description: 'household income declared for those months (fen)' })
  declaredFen!: number;
  @ApiProperty({ type: 'integer', description: 'payroll income of its members for those months (fen)' })
  payrollFen!: number;
  @ApiProperty({ type: 'integer' }) thresholdPercent!: number;
  @ApiProperty({ type: 'integer' }) policyVersion!: number;
  @ApiProperty({ format: 'uuid' }) importId!: string;
  @ApiProperty({ format: 'date-time' }) flaggedAt!: string;
}

export class IncomeCheckDto {
  @ApiProperty({ description: 'true while the file has an open discrepancy flag' }) flagged!: boolean;
  @ApiPropertyOptional({ type: IncomeDiscrepancyDto, nullable: true })
  discrepancy!: IncomeDiscrepancyDto | null;
}
