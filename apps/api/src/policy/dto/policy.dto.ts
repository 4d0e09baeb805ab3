import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsISO8601, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';

export class PublishPolicyDto {
  @ApiProperty({ description: 'the whole policy document (see GET /api/policy for the shape)' })
  @IsObject()
  data!: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'when it takes effect (default: now)' })
  @IsOptional()
  @IsISO8601()
  effectiveFrom?: string;

  @ApiProperty({ example: '2027年低保标准调整' })
  @IsString()
  @MaxLength(500)
  note!: string;
}

export class CalendarDayDto {
  @ApiProperty({ description: 'true: a working day (e.g. a make-up workday on a weekend); false: a day off' })
  @IsBoolean()
  isWorkday!: boolean;

  @ApiPropertyOptional({ example: '国庆节' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  name?: string;
}
