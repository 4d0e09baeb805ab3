import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { ExportQueryDto } from '../../common/export';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class RecipientsDisclosureQueryDto extends ExportQueryDto {
  @ApiProperty({ example: '2027-01-01' })
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from!: string;

  @ApiProperty({ example: '2027-03-31' })
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the unit (default: yours)' })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;
}

export class FundUsageQueryDto extends ExportQueryDto {
  @ApiProperty({ example: 2026 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiProperty({ enum: [1, 2, 3, 4] })
  @Type(() => Number)
  @IsIn([1, 2, 3, 4])
  quarter!: 1 | 2 | 3 | 4;
}

export class DisclosedRecipientDto {
  @ApiProperty() paidOn!: string;
  @ApiProperty({ example: '张*明', description: 'masked: first and last character' }) name!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() programCode!: string;
  @ApiProperty() programName!: string;
  @ApiProperty({ type: 'integer' }) amountFen!: number;
}

export class RecipientsDisclosureDto {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty() orgUnitName!: string;
  @ApiProperty({ type: 'integer', description: 'the policy version in force at the end of the period' })
  policyVersion!: number;
  @ApiProperty() policyEffectiveFrom!: string;
  @ApiProperty({ type: 'integer' }) totalFen!: number;
  @ApiProperty({ type: [DisclosedRecipientDto] }) rows!: DisclosedRecipientDto[];
}

export class FundUsageRowDto {
  @ApiProperty() programCode!: string;
  @ApiProperty() programName!: string;
  @ApiProperty() fundSource!: string;
  @ApiProperty() fundSourceName!: string;
  @ApiProperty({ type: 'integer' }) allocatedFen!: number;
  @ApiProperty({ type: 'integer' }) paidInPeriodFen!: number;
  @ApiProperty({ type: 'integer' }) paidToDateFen!: number;
  @ApiProperty({ type: 'integer' }) payments!: number;
}

export class FundUsageDisclosureDto {
  @ApiProperty({ type: 'integer' }) year!: number;
  @ApiProperty({ type: 'integer' }) quarter!: number;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ type: 'integer' }) policyVersion!: number;
  @ApiProperty() policyEffectiveFrom!: string;
  @ApiProperty({ type: [FundUsageRowDto] }) rows!: FundUsageRowDto[];
}
