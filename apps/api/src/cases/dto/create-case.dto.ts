import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  ValidateIf,
} from 'class-validator';

export class CreateCaseDto {
  @ApiProperty({ format: 'uuid', description: 'the worker the aid is for' })
  @IsUUID()
  workerId!: string;

  @ApiProperty({ example: 'illness', description: 'program code from GET /api/programs' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  program!: string;

  @ApiProperty({ example: 200000, description: 'amount in fen (integer; 100 fen = 1 yuan)' })
  @IsInt()
  @IsPositive()
  @Max(Number.MAX_SAFE_INTEGER)
  amountFen!: number;

  @ApiProperty({ example: '妻子住院手术，自付费用较高' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;

  @ApiPropertyOptional({
    enum: ['worker', 'relative'],
    default: 'worker',
    description: 'who applied: the worker or a direct relative',
  })
  @IsOptional()
  @IsIn(['worker', 'relative'])
  applicantKind?: 'worker' | 'relative';

  @ApiPropertyOptional({
    description: 'name and relation of the relative who applied (required when applicantKind is relative)',
  })
  @ValidateIf((o: CreateCaseDto) => o.applicantKind === 'relative' || o.applicantName !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'applicantName is required when a relative applied' })
  @MaxLength(100)
  applicantName?: string;
}
