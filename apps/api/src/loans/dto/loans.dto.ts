import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { LOAN_STATUSES } from '../../../../../libs/domain/loan';
import { EXPORT_FORMATS, type ExportFormat } from '../../common/export';
import { ListQueryDto } from '../../common/pagination';

export class OverrideDto {
  @ApiProperty({ example: '职工突发重病，急需用款，经工会主席特批' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}

export class CreateLoanDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  workerId!: string;

  @ApiProperty({ example: 480000, description: 'fen' })
  @IsInt()
  @IsPositive()
  @Max(Number.MAX_SAFE_INTEGER)
  amountFen!: number;

  @ApiProperty({ example: 12 })
  @IsInt()
  @Min(1)
  @Max(120)
  termMonths!: number;

  @ApiProperty({ example: '子女上学急需学费' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  purpose!: string;

  @ApiPropertyOptional({
    type: OverrideDto,
    description: 'union chair only: lend despite the chronic-borrower gate',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => OverrideDto)
  override?: OverrideDto;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class RepaymentDto {
  @ApiProperty({ example: 40000, description: 'fen' })
  @IsInt()
  @IsPositive()
  @Max(Number.MAX_SAFE_INTEGER)
  amountFen!: number;

  @ApiProperty({ example: '2026-12-15' })
  @Matches(DATE, { message: 'paidOn must be a date YYYY-MM-DD' })
  paidOn!: string;

  @ApiProperty({ example: 'PAYROLL-2026-12-E1002' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reference!: string;
}

export class RescheduleDto {
  @ApiProperty({ example: 18 })
  @IsInt()
  @Min(1)
  @Max(120)
  termMonths!: number;

  @ApiProperty({ example: '家庭收入下降，申请延长还款期' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}

export class ReasonDto {
  @ApiProperty({ example: '职工申请一次性结清' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}

export class OptionalReasonDto {
  @ApiPropertyOptional({ example: '职工申请一次性结清' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class ListLoansQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: LOAN_STATUSES })
  @IsOptional()
  @IsIn(LOAN_STATUSES)
  status?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'org unit (its subtree)' })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  workerId?: string;

  @ApiPropertyOptional({ description: 'loan number, borrower name or employee number' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: EXPORT_FORMATS })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;
}
