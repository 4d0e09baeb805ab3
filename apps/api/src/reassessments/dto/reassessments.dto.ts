import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ListQueryDto } from '../../common/pagination';
import { CLOSE_REASONS } from '../../../../../libs/domain/reassessment';

export class StartReassessmentDto {
  @ApiProperty({
    example: '2026Q4',
    description: 'the quarter, YYYYQn; starting the same quarter twice is a 409',
  })
  @IsString()
  @Matches(/^\d{4}Q[1-4]$/, { message: 'quarter must look like 2026Q4 (year, Q, 1–4)' })
  quarter!: string;
}

export class ListReassessmentsQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: ['quarterly', 'policy_change'] })
  @IsOptional()
  @IsIn(['quarterly', 'policy_change'])
  kind?: 'quarterly' | 'policy_change';

  @ApiPropertyOptional({ enum: ['running', 'completed', 'failed'] })
  @IsOptional()
  @IsIn(['running', 'completed', 'failed'])
  status?: 'running' | 'completed' | 'failed';
}

export class CloseFileDto {
  @ApiProperty({
    enum: CLOSE_REASONS.filter((r) => r !== 'exit'),
    description:
      'retired 退休, moved 迁出, deceased 死亡, unreachable 失联 (an exit goes through POST /api/files/:id/exit)',
  })
  @IsIn(CLOSE_REASONS.filter((r) => r !== 'exit'))
  reason!: 'retired' | 'moved' | 'deceased' | 'unreachable';

  @ApiPropertyOptional({ example: '职工已于2026年10月退休' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class ResolvedCausesDto {
  @ApiProperty({
    example: ['education'],
    description:
      'causes of the file now resolved (e.g. the student graduated and works); all resolved → exit proposed',
  })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  causes!: string[];
}
