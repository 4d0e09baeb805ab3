import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One published policy version with its figures (see libs/domain/policy/schema.ts for `data`). */
export class PolicyVersionDto {
  @ApiProperty({ example: 1 })
  version!: number;

  @ApiProperty({ example: '2026-01-01' })
  effectiveFrom!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'the policy figures (低保 per locality, categories, programs, stages, routing, notice, deadlines)',
  })
  data!: Record<string, unknown>;
}

export class PublishedPolicyDto extends PolicyVersionDto {
  @ApiPropertyOptional({ description: 'the re-assessment the new version started, if any' })
  reassessmentId?: string;
}

export class PolicyVersionSummaryDto {
  @ApiProperty({ example: 1 })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  effectiveFrom!: string;

  @ApiProperty()
  note!: string;

  @ApiProperty({ format: 'date-time' })
  publishedAt!: string;
}

export class PolicyVersionListDto {
  @ApiProperty({ type: [PolicyVersionSummaryDto] })
  items!: PolicyVersionSummaryDto[];

  @ApiProperty({ type: String, nullable: true, enum: [null] })
  nextCursor!: null;
}

export class CalendarDayViewDto {
  @ApiProperty({ example: '2026-10-01' })
  date!: string;

  @ApiProperty()
  isWorkday!: boolean;

  @ApiProperty({ example: '国庆节' })
  name!: string;

  @ApiProperty({ example: 'chinese-days' })
  source!: string;
}

export class CalendarListDto {
  @ApiProperty({ type: [CalendarDayViewDto] })
  items!: CalendarDayViewDto[];

  @ApiProperty({ type: String, nullable: true, enum: [null] })
  nextCursor!: null;
}

export class CalendarDaySetDto {
  @ApiProperty({ example: '2026-10-01' })
  date!: string;

  @ApiProperty()
  isWorkday!: boolean;
}
