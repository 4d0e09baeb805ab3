import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { EARLY_WARNING_KINDS } from '../../../../../libs/domain/lifecycle';
import { ListQueryDto } from '../../common/pagination';

export class CreateEarlyWarningDto {
  @ApiProperty({ format: 'uuid', description: 'the worker the event happened to (with or without a file)' })
  @IsUUID()
  workerId!: string;

  @ApiProperty({ enum: EARLY_WARNING_KINDS, example: 'hospitalisation' })
  @IsIn(EARLY_WARNING_KINDS, { message: `kind must be one of ${EARLY_WARNING_KINDS.join(', ')}` })
  kind!: (typeof EARLY_WARNING_KINDS)[number];

  @ApiProperty({
    example: '2026-11-20',
    description: 'China date of the event, YYYY-MM-DD, not in the future',
  })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'occurredOn must be a date YYYY-MM-DD' })
  occurredOn!: string;

  @ApiPropertyOptional({
    example: '突发脑梗住院，家属陪护',
    description: 'may hold health details: stored encrypted, never shown in lists',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class CloseEarlyWarningDto {
  @ApiProperty({ example: '已走访慰问，职工已出院' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  note!: string;
}

export class ListEarlyWarningsQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'closed'])
  status?: 'open' | 'closed';

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  workerId?: string;
}

export class ListSubsidiesQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  fileId?: string;

  @ApiPropertyOptional({ example: '2026Q4' })
  @IsOptional()
  @Matches(/^\d{4}Q[1-4]$/, { message: 'quarter must look like 2026Q4' })
  quarter?: string;

  @ApiPropertyOptional({ enum: ['paid', 'suspended', 'skipped'] })
  @IsOptional()
  @IsIn(['paid', 'suspended', 'skipped'])
  status?: string;
}

export class ListRecertificationsQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  fileId?: string;

  @ApiPropertyOptional({ enum: ['open', 'recertified', 'not_recertified', 'cancelled'] })
  @IsOptional()
  @IsIn(['open', 'recertified', 'not_recertified', 'cancelled'])
  status?: string;
}
