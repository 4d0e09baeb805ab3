import { ApiProperty } from '@nestjs/swagger';
import { LabelDto, PageOf } from '../../common/dto/common.response';

/** One quarter's regular subsidy for a file: paid, suspended or skipped (with the reason). */
export class SubsidyViewDto {
  @ApiProperty({ format: 'uuid' })
  fileId!: string;

  @ApiProperty()
  fileNo!: string;

  @ApiProperty()
  workerName!: string;

  @ApiProperty()
  orgUnitName!: string;

  @ApiProperty({ example: '2026Q4' })
  quarter!: string;

  @ApiProperty({ description: 'fen' })
  amountFen!: number;

  @ApiProperty({ enum: ['paid', 'suspended', 'skipped'] })
  status!: 'paid' | 'suspended' | 'skipped';

  @ApiProperty({ type: LabelDto })
  statusLabel!: LabelDto;

  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;

  @ApiProperty({ type: LabelDto, nullable: true })
  reasonLabel!: LabelDto | null;

  @ApiProperty({ type: String, nullable: true })
  category!: string | null;

  @ApiProperty({ type: Number, nullable: true })
  policyVersion!: number | null;

  @ApiProperty()
  programCode!: string;

  @ApiProperty({ type: String, nullable: true })
  fundSource!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  paidAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  suspendedAt!: string | null;
}

export class SubsidyPageDto extends PageOf(SubsidyViewDto) {}

/** A file's periodic re-certification (复核). */
export class RecertificationViewDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  fileId!: string;

  @ApiProperty()
  fileNo!: string;

  @ApiProperty()
  workerName!: string;

  @ApiProperty({ example: '2026-12-31' })
  dueOn!: string;

  @ApiProperty()
  status!: string;

  @ApiProperty({ type: LabelDto })
  statusLabel!: LabelDto;

  @ApiProperty({ type: String, nullable: true })
  mode!: string | null;

  @ApiProperty({ type: Number, nullable: true })
  policyVersion!: number | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  taskId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  decidedBy!: string | null;

  @ApiProperty({ type: String, nullable: true })
  comment!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt!: string | null;
}

export class RecertificationPageDto extends PageOf(RecertificationViewDto) {}
