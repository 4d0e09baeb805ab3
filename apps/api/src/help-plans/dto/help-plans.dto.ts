import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { HARDSHIP_CAUSES, MEASURE_TYPES } from '../../../../../libs/domain/help-plan-policy';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const MEASURE_OUTCOMES = [
  'achieved',
  'not_achieved',
  'job_found',
  'no_job',
  'kept_in_school',
  'left_school',
] as const;

export class NewMeasureDto {
  @ApiPropertyOptional({ enum: HARDSHIP_CAUSES, description: 'the cause the measure answers' })
  @IsOptional()
  @IsIn(HARDSHIP_CAUSES)
  cause?: string;

  @ApiProperty({ enum: MEASURE_TYPES })
  @IsIn(MEASURE_TYPES)
  type!: string;

  @ApiProperty({ format: 'uuid', description: 'the owner (a user whose subtree holds the file)' })
  @IsUUID()
  ownerId!: string;

  @ApiProperty({ example: '2027-03-31' })
  @Matches(DATE, { message: 'dueOn must be a date YYYY-MM-DD' })
  dueOn!: string;

  @ApiProperty({ example: '推荐就业岗位' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  target!: string;
}

export class CreatePlanDto {
  @ApiProperty({ type: [NewMeasureDto], description: 'usually the suggestions, as edited' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => NewMeasureDto)
  measures!: NewMeasureDto[];
}

export class UpdateMeasureDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  ownerId!: string;

  @ApiProperty({ example: '2027-03-31' })
  @Matches(DATE, { message: 'dueOn must be a date YYYY-MM-DD' })
  dueOn!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  target!: string;

  @ApiProperty({ enum: ['planned', 'in_progress', 'dropped'] })
  @IsIn(['planned', 'in_progress', 'dropped'])
  status!: 'planned' | 'in_progress' | 'dropped';
}

export class MeasureOutcomeDto {
  @ApiProperty({
    enum: MEASURE_OUTCOMES,
    description:
      'employment: job_found | no_job; schooling: kept_in_school | left_school; others: achieved | not_achieved',
  })
  @IsIn(MEASURE_OUTCOMES)
  outcome!: string;

  @ApiPropertyOptional({ description: 'what was done and found (stored encrypted: may hold health details)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class OverdueMeasuresParamDto {
  @ApiProperty({ example: '2027Q1' })
  @Matches(/^\d{4}Q[1-4]$/, { message: 'quarter must look like 2027Q1' })
  quarter!: string;
}
