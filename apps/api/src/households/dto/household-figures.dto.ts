import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class IncomeDto {
  @ApiProperty({ example: '2026-10', description: 'month (YYYY-MM)' })
  @IsString()
  @Type(() => String)
  month!: string;

  @ApiProperty({ example: '工资' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  source!: string;

  @ApiProperty({ example: 250000, description: 'fen' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  amountFen!: number;
}

export class ExpenseDto {
  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiProperty({ enum: ['medical', 'tuition', 'elder_care', 'hardship', 'other'] })
  @IsIn(['medical', 'tuition', 'elder_care', 'hardship', 'other'])
  kind!: string;

  @ApiProperty({ example: 3000000, description: 'fen, for the year' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  amountFen!: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class CategoryPreviewQueryDto {
  @ApiPropertyOptional({
    description: 'causes of the file about to be opened (accident or disaster make it an accident event)',
    example: 'illness,accident',
  })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  causes?: string;
}
