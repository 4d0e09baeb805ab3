import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageOf, TimelineEventDto, WorkerOrgUnitDto } from '../../common/dto/common.response';

/** The home visit (一访) as recorded. */
export class VisitViewDto {
  @ApiPropertyOptional({ format: 'date', example: '2026-11-20' })
  date?: string;

  @ApiPropertyOptional({ type: [String], example: ['李干事', '王主席'] })
  visitors?: string[];

  @ApiPropertyOptional()
  notes?: string;
}

export class FileViewDto extends WorkerOrgUnitDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'DA-2026-000045' })
  fileNo!: string;

  @ApiProperty({ example: 'hardship-file:…' })
  workflowId!: string;

  @ApiProperty({ format: 'uuid' })
  householdId!: string;

  @ApiProperty({
    example: 'investigating',
    description: 'investigating, pending_approval, returned, in_notice, active, rejected, withdrawn, closed',
  })
  status!: string;

  @ApiProperty({ type: [String], example: ['illness'] })
  causes!: string[];

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'the five clears (address, family, income, cause, urgentNeed): text; older records hold only `true`',
  })
  fiveClears!: Record<string, unknown>;

  @ApiProperty({ type: VisitViewDto, nullable: true })
  visit!: VisitViewDto | null;

  @ApiProperty({ type: String, nullable: true, example: 'deep' })
  category!: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  categoryPolicyVersion!: number | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'the policy figures the category was decided on (members, localityCode, …Fen)',
  })
  categoryInputs!: Record<string, unknown> | null;

  @ApiProperty({ type: String, nullable: true })
  categoryReason!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'why the file goes on without household members or income records (the caseworker’s note)',
  })
  evidenceNote!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  noticeEndsAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  openedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  activatedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closedAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  closeReason!: string | null;

  @ApiProperty({
    description:
      'HR payroll cross-check (多部门联合审核): the declared income is below the members’ payroll by more than the policy threshold (GET /api/files/{id}/income-check)',
  })
  incomeDiscrepancy!: boolean;
}

/** A help measure (帮扶措施) on a file. */
export class MeasureViewDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'employment' })
  kind!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty()
  status!: string;

  @ApiProperty({ type: 'integer', nullable: true })
  amountFen!: number | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

/** One file with its measures and timeline. */
export class FileDetailDto extends FileViewDto {
  @ApiProperty({ type: [MeasureViewDto] })
  measures!: MeasureViewDto[];

  @ApiProperty({ type: [TimelineEventDto] })
  timeline!: TimelineEventDto[];
}

export class FilePageDto extends PageOf(FileViewDto) {}
