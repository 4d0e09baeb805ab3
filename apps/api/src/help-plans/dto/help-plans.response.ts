import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class MeasureSuggestionDto {
  @ApiProperty() cause!: string;
  @ApiProperty() type!: string;
  @ApiProperty({ example: '2027-03-31' }) dueOn!: string;
  @ApiProperty() target!: string;
}

export class PlanMeasureDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) cause!: string | null;
  @ApiProperty() type!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) target!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) ownerId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) ownerName!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) dueOn!: string | null;
  @ApiProperty({ enum: ['planned', 'in_progress', 'done', 'dropped'] }) status!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) outcome!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) outcomeNote!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) completedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) taskId!: string | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ type: [String], description: 'outcomes this measure can record' }) outcomes!: string[];
}

export class MeasureOwnerDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
}

export class HelpPlanViewDto {
  @ApiProperty({ format: 'uuid' }) fileId!: string;
  @ApiProperty() fileNo!: string;
  @ApiProperty({ type: [String] }) causes!: string[];
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) planId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: 'integer' }) policyVersion!: number | null;
  @ApiProperty({
    type: [MeasureSuggestionDto],
    description: 'suggested from the causes by the policy in force',
  })
  suggestions!: MeasureSuggestionDto[];
  @ApiProperty({ format: 'uuid', description: 'the file’s caseworker: the default owner' })
  defaultOwnerId!: string;
  @ApiProperty({ type: [PlanMeasureDto] }) measures!: PlanMeasureDto[];
  @ApiProperty({
    type: [MeasureOwnerDto],
    description: 'who may own a measure: users of the file’s unit or above',
  })
  owners!: MeasureOwnerDto[];
}

export class MeasureCreatedDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
}

export class OverdueMeasureDto {
  @ApiProperty({ format: 'uuid' }) fileId!: string;
  @ApiProperty() fileNo!: string;
  @ApiProperty() workerName!: string;
  @ApiProperty() orgUnitName!: string;
  @ApiProperty({ format: 'uuid' }) measureId!: string;
  @ApiProperty() type!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) target!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) ownerName!: string | null;
  @ApiProperty() dueOn!: string;
  @ApiProperty({ type: 'integer' }) daysOverdue!: number;
}

export class OverdueMeasuresDto {
  @ApiProperty({ example: '2027Q1' }) quarter!: string;
  @ApiProperty({ description: 'China date the measures are judged at: the re-assessment’s as-of date' })
  asOf!: string;
  @ApiProperty({ type: 'integer', description: 'files with at least one overdue measure' }) files!: number;
  @ApiProperty({ type: [OverdueMeasureDto] }) rows!: OverdueMeasureDto[];
}
