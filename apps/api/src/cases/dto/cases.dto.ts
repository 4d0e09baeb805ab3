import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { CASE_STATUSES } from '../../../../../libs/domain/aid-case';
import { ListQueryDto } from '../../common/pagination';

export class ListCasesQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES)
  status?: string;

  @ApiPropertyOptional({ description: 'program code' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  program?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'org unit (its subtree)' })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;

  @ApiPropertyOptional({
    description: 'cases with an open task at this stage (grassroots, union, leader, payment…)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  stage?: string;

  @ApiPropertyOptional({ description: 'cases with an overdue open task' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;
}

export class WithdrawCaseDto {
  @ApiProperty({ example: '职工申请撤回' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}
