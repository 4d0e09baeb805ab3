import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDateString,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ListQueryDto } from '../../common/pagination';

export const CAUSES = [
  'illness',
  'disability',
  'disaster',
  'accident',
  'education',
  'unemployment',
  'dependency_burden',
  'enterprise_difficulty',
  'other',
] as const;
export const CAUSE_LABELS: Record<(typeof CAUSES)[number], string> = {
  illness: '因病',
  disability: '因残',
  disaster: '因灾',
  accident: '因意外/工伤',
  education: '因学',
  unemployment: '因失业/下岗',
  dependency_burden: '赡养/抚养负担重',
  enterprise_difficulty: '企业困难',
  other: '其他',
};

export class OpenFileDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  workerId!: string;

  @ApiProperty({ enum: CAUSES, isArray: true, example: ['illness'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CAUSES.length)
  @IsIn(CAUSES, { each: true })
  causes!: string[];
}

export class FiveClearsDto {
  @ApiProperty({ description: '家庭住址清' }) @IsString() @IsNotEmpty() @MaxLength(2000) address!: string;
  @ApiProperty({ description: '家庭状况清' }) @IsString() @IsNotEmpty() @MaxLength(2000) family!: string;
  @ApiProperty({ description: '经济收入清' }) @IsString() @IsNotEmpty() @MaxLength(2000) income!: string;
  @ApiProperty({ description: '致困原因清' }) @IsString() @IsNotEmpty() @MaxLength(2000) cause!: string;
  @ApiProperty({ description: '当前急需解决的问题清' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  urgentNeed!: string;
}

export class VisitDto {
  @ApiProperty({ example: '2026-11-20' })
  @IsDateString({ strict: true })
  date!: string;

  @ApiProperty({ example: ['李干事', '王主席'] })
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  visitors!: string[];

  @ApiProperty({ example: '家中四口人，妻子长期住院' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  notes!: string;
}

/** Partial saves are allowed; the investigation task completes only when all five clears and the visit are there. */
export class InvestigationDto {
  @ApiPropertyOptional({ type: FiveClearsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => FiveClearsDto)
  fiveClears?: FiveClearsDto;

  @ApiPropertyOptional({ type: VisitDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => VisitDto)
  visit?: VisitDto;

  @ApiPropertyOptional({
    description:
      'why the file may go to approval without household members or income records in the window (e.g. lives alone, no income at all: confirmed on the home visit); an empty string clears it',
    example: '入户核实：独居，近一年无任何收入',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  evidenceNote?: string;
}

export class MeasureDto {
  @ApiProperty({
    enum: [
      'money',
      'medical',
      'tuition',
      'training',
      'job_referral',
      'counselling',
      'legal_aid',
      'mutual_aid',
      'housing',
      'food',
      'other',
    ],
  })
  @IsIn([
    'money',
    'medical',
    'tuition',
    'training',
    'job_referral',
    'counselling',
    'legal_aid',
    'mutual_aid',
    'housing',
    'food',
    'other',
  ])
  kind!: string;

  @ApiProperty({ example: '联系医院开通绿色通道' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  description!: string;

  @ApiPropertyOptional({ description: 'fen, for money measures' })
  @IsOptional()
  @IsInt()
  @IsPositive()
  @Max(Number.MAX_SAFE_INTEGER)
  amountFen?: number;
}

export class ListFilesQueryDto extends ListQueryDto {
  @ApiPropertyOptional({
    enum: [
      'investigating',
      'pending_approval',
      'returned',
      'in_notice',
      'active',
      'rejected',
      'withdrawn',
      'closed',
    ],
  })
  @IsOptional()
  @IsIn([
    'investigating',
    'pending_approval',
    'returned',
    'in_notice',
    'active',
    'rejected',
    'withdrawn',
    'closed',
  ])
  status?: string;

  @ApiPropertyOptional({ enum: ['deep', 'relative', 'accident'] })
  @IsOptional()
  @IsIn(['deep', 'relative', 'accident'])
  category?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;
}
