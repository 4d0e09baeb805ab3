import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LabelDto, PageOf } from '../../common/dto/common.response';

/** Files per outcome of a re-assessment (unchanged, category_up, category_down, exit_proposed, stale, worse). */
export class OutcomeCountsDto {
  @ApiProperty({ type: 'integer' })
  unchanged!: number;

  @ApiProperty({ type: 'integer' })
  category_up!: number;

  @ApiProperty({ type: 'integer' })
  category_down!: number;

  @ApiProperty({ type: 'integer' })
  exit_proposed!: number;

  @ApiProperty({ type: 'integer' })
  stale!: number;

  @ApiProperty({ type: 'integer' })
  worse!: number;
}

export class OutcomeLabelsDto {
  @ApiProperty({ type: LabelDto })
  unchanged!: LabelDto;

  @ApiProperty({ type: LabelDto })
  category_up!: LabelDto;

  @ApiProperty({ type: LabelDto })
  category_down!: LabelDto;

  @ApiProperty({ type: LabelDto })
  exit_proposed!: LabelDto;

  @ApiProperty({ type: LabelDto })
  stale!: LabelDto;

  @ApiProperty({ type: LabelDto })
  worse!: LabelDto;
}

export class ReportOrgUnitRowDto extends OutcomeCountsDto {
  @ApiProperty({ format: 'uuid' })
  orgUnitId!: string;

  @ApiProperty()
  orgUnitName!: string;

  @ApiProperty({ type: 'integer', description: 'files re-checked' })
  total!: number;
}

export class ReportCategoryRowDto extends OutcomeCountsDto {
  @ApiProperty({ example: 'deep' })
  category!: string;

  @ApiProperty()
  labelZh!: string;

  @ApiProperty()
  labelEn!: string;

  @ApiProperty({ type: 'integer', description: 'files re-checked' })
  total!: number;
}

/** The stored report of a finished campaign (org units outside the caller’s scope left out). */
export class CampaignReportDto {
  @ApiProperty({ type: [ReportOrgUnitRowDto] })
  byOrgUnit!: ReportOrgUnitRowDto[];

  @ApiProperty({ type: [ReportCategoryRowDto] })
  byCategory!: ReportCategoryRowDto[];
}

export class ReassessmentViewDto {
  @ApiProperty({ example: 'reassessment:2026Q4' })
  id!: string;

  @ApiProperty({ type: String, nullable: true, example: '2026Q4' })
  quarter!: string | null;

  @ApiProperty({ enum: ['quarterly', 'policy_change'] })
  kind!: 'quarterly' | 'policy_change';

  @ApiProperty({ enum: ['running', 'completed', 'failed'] })
  status!: 'running' | 'completed' | 'failed';

  @ApiProperty({ type: 'integer' })
  processed!: number;

  @ApiProperty({ type: 'integer' })
  total!: number;

  @ApiProperty({ type: 'integer', nullable: true })
  policyVersion!: number | null;

  @ApiProperty({ type: [String], nullable: true })
  localityCodes!: string[] | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  asOf!: string | null;

  @ApiProperty({ format: 'date-time' })
  startedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt!: string | null;
}

export class ReassessmentPageDto extends PageOf(ReassessmentViewDto) {}

export class ReassessmentDetailDto extends ReassessmentViewDto {
  @ApiProperty({ type: OutcomeCountsDto })
  outcomes!: OutcomeCountsDto;

  @ApiProperty({ type: OutcomeLabelsDto })
  outcomeLabels!: OutcomeLabelsDto;

  @ApiProperty({ type: 'integer' })
  childrenStarted!: number;

  @ApiProperty({ type: String, nullable: true })
  error!: string | null;

  @ApiPropertyOptional({ type: CampaignReportDto, description: 'once the campaign has finished' })
  report?: CampaignReportDto;
}

export class ReassessmentStartedDto extends ReassessmentDetailDto {
  @ApiProperty({ example: 'reassessment:2026Q4' })
  workflowId!: string;
}

export class FileClosedDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'closed' })
  status!: string;

  @ApiProperty({ enum: ['retired', 'moved', 'deceased', 'unreachable'] })
  closeReason!: string;
}

export class ExitProposedDto {
  @ApiProperty({ format: 'uuid', description: 'the exit proposal' })
  id!: string;

  @ApiProperty({ example: 'file-exit:…' })
  workflowId!: string;
}

export class ResolvedCausesResultDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: [String] })
  resolvedCauses!: string[];
}
