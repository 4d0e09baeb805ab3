import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
  Max,
} from 'class-validator';
import { CAMPAIGN_CATEGORIES, CAMPAIGN_OCCASIONS } from '../../../../../libs/domain/campaign';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CampaignStandardDto {
  @ApiProperty({ enum: CAMPAIGN_CATEGORIES, description: 'file category, or named (members a unit names)' })
  @IsIn(CAMPAIGN_CATEGORIES as unknown as string[])
  category!: 'deep' | 'relative' | 'accident' | 'named';

  @ApiProperty({ type: 'integer', example: 50000, description: 'cash per household in fen (0 = goods only)' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  cashFen!: number;

  @ApiPropertyOptional({ example: '米面油一份', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  goods?: string | null;
}

export class CampaignQuotaDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  orgUnitId!: string;

  @ApiProperty({ type: 'integer', example: 50 })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  maxHouseholds!: number;
}

export class NominationDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  workerId!: string;

  @ApiProperty({ example: '一线抢修职工，春节在岗' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  reason!: string;
}

export class CreateCampaignDto {
  @ApiProperty({ example: '2027-spring', description: 'the workflow is campaign:<code>' })
  @IsString()
  @Matches(/^\d{4}-[a-z0-9][a-z0-9-]{0,40}$/, { message: 'code must be a year and a name, like 2027-spring' })
  code!: string;

  @ApiProperty({ enum: CAMPAIGN_OCCASIONS })
  @IsIn(CAMPAIGN_OCCASIONS as unknown as string[])
  occasion!: string;

  @ApiProperty({ example: '2027年春节送温暖' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'the subtree the campaign covers (default: your own unit)',
  })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;

  @ApiProperty({ example: '2027-01-10' })
  @Matches(DATE, { message: 'periodStart must be a date YYYY-MM-DD' })
  periodStart!: string;

  @ApiProperty({ example: '2027-02-20' })
  @Matches(DATE, { message: 'periodEnd must be a date YYYY-MM-DD' })
  periodEnd!: string;

  @ApiProperty({ example: '2027-02-05' })
  @Matches(DATE, { message: 'deliveryDeadline must be a date YYYY-MM-DD' })
  deliveryDeadline!: string;

  @ApiProperty({
    type: [String],
    example: ['deep', 'relative', 'accident'],
    description: 'active files of these categories qualify',
  })
  @IsArray()
  @ArrayMaxSize(3)
  @IsString({ each: true })
  categories!: string[];

  @ApiProperty({ type: [CampaignStandardDto] })
  @IsArray()
  @ArrayMaxSize(4)
  @ValidateNested({ each: true })
  @Type(() => CampaignStandardDto)
  standards!: CampaignStandardDto[];

  @ApiProperty({ example: 'union_funds' })
  @IsString()
  fundSource!: string;

  @ApiProperty({ type: 'integer', example: 5000000, description: 'fen' })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  budgetFen!: number;

  @ApiPropertyOptional({ type: [CampaignQuotaDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => CampaignQuotaDto)
  quotas?: CampaignQuotaDto[];

  @ApiPropertyOptional({ type: [NominationDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => NominationDto)
  nominations?: NominationDto[];
}

export class DeliveryDto {
  @ApiProperty({ example: '2027-01-28' })
  @Matches(DATE, { message: 'deliveredOn must be a date YYYY-MM-DD' })
  deliveredOn!: string;

  @ApiProperty({ type: 'integer', example: 50000, description: 'cash handed over in fen (0 for goods only)' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  cashFen!: number;

  @ApiPropertyOptional({ example: '米面油一份', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  goods?: string | null;

  @ApiProperty({ example: '王主席、李干事', description: 'who visited' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  visitors!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'the photo or signed receipt (POST /api/campaign-recipients/:id/attachments)',
  })
  @IsOptional()
  @IsUUID()
  attachmentId?: string | null;
}

export class UndeliveredDto {
  @ApiProperty({ example: '该户已搬离，无法联系' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason!: string;
}

export class RecipientsQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ enum: ['pending', 'delivered', 'undelivered'] })
  @IsOptional()
  @IsIn(['pending', 'delivered', 'undelivered'])
  status?: 'pending' | 'delivered' | 'undelivered';
}

export class ReportQueryDto {
  @ApiPropertyOptional({ enum: ['xlsx'], description: 'download the closing report as XLSX' })
  @IsOptional()
  @IsIn(['xlsx'])
  format?: 'xlsx';
}
