import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsPositive, IsString, Max, MaxLength, Min } from 'class-validator';

export class AllocateDto {
  @ApiProperty({ example: 'union_funds' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  fundSource!: string;

  @ApiProperty({ example: 'illness' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  program!: string;

  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiProperty({ example: 10000000, description: 'fen' })
  @IsInt()
  @IsPositive()
  @Max(Number.MAX_SAFE_INTEGER)
  amountFen!: number;
}

export class BalanceQueryDto {
  @ApiPropertyOptional({ example: 2026, minimum: 2000, maximum: 2100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(50)
  program?: string;
}
