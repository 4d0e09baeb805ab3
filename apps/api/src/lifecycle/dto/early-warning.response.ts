import { ApiProperty } from '@nestjs/swagger';
import { EARLY_WARNING_KINDS, EarlyWarningKind } from '../../../../../libs/domain/lifecycle';
import { EmployeeOrgUnitDto, LabelDto, PageOf, TimelineEventDto } from '../../common/dto/common.response';

export class EarlyWarningViewDto extends EmployeeOrgUnitDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'early-warning:…' })
  workflowId!: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'the worker’s open file, if any',
  })
  fileId!: string | null;

  @ApiProperty({ enum: EARLY_WARNING_KINDS, enumName: 'EarlyWarningKind' })
  kind!: EarlyWarningKind;

  @ApiProperty({ type: LabelDto })
  kindLabel!: LabelDto;

  @ApiProperty({ format: 'date', example: '2026-11-20' })
  occurredOn!: string;

  @ApiProperty({ enum: ['open', 'closed'] })
  status!: 'open' | 'closed';

  @ApiProperty({ type: LabelDto })
  statusLabel!: LabelDto;

  @ApiProperty({
    description: 'whether a note was recorded; the note may hold health details (GET …/note, audited)',
  })
  noteRecorded!: boolean;

  @ApiProperty({ type: String, nullable: true })
  reportedBy!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  outreachTaskId!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  outreachDueAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  outreachDoneAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closedAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  closeNote!: string | null;
}

export class EarlyWarningDetailDto extends EarlyWarningViewDto {
  @ApiProperty({ type: [TimelineEventDto] })
  timeline!: TimelineEventDto[];
}

export class EarlyWarningPageDto extends PageOf(EarlyWarningViewDto) {}

/** The event just reported and the outreach task its workflow opened. */
export class EarlyWarningCreatedDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  outreachTaskId!: string | null;

  @ApiProperty({ example: 'early-warning:…' })
  workflowId!: string;

  @ApiProperty({ example: 'outreach' })
  status!: string;
}

/** An early warning's note, revealed (audited). */
export class EarlyWarningNoteDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, nullable: true })
  note!: string | null;
}
