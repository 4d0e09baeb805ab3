import { ApiProperty } from '@nestjs/swagger';
import { CASE_STATUSES, CaseStatus } from '../../../../../libs/domain/aid-case';
import { PageOf, TimelineEventDto, WorkerOrgUnitDto } from '../../common/dto/common.response';

export class CaseViewDto extends WorkerOrgUnitDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'BF-2026-000123' })
  caseNo!: string;

  @ApiProperty({ example: 'aid-case:…' })
  workflowId!: string;

  @ApiProperty({ description: 'program code' })
  program!: string;

  @ApiProperty({ description: 'program name (Chinese)' })
  programName!: string;

  @ApiProperty({ type: 'integer' })
  amountFen!: number;

  @ApiProperty()
  reason!: string;

  @ApiProperty({ enum: CASE_STATUSES, enumName: 'CaseStatus' })
  status!: CaseStatus;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

/** One case with its history (who did what, when). */
export class CaseDetailDto extends CaseViewDto {
  @ApiProperty({ type: [TimelineEventDto] })
  history!: TimelineEventDto[];
}

export class CasePageDto extends PageOf(CaseViewDto) {}

export class CaseWithdrawnDto {
  @ApiProperty({ example: 'withdrawn' })
  status!: string;
}
