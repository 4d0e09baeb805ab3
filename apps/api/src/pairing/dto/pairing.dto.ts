import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsDateString,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { VISIT_FORMS, type VisitForm } from '../../../../../libs/domain/pairing';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class AssignPairingDto {
  @ApiProperty({ format: 'uuid', description: 'the household to pair' })
  @IsUUID()
  householdId!: string;

  @ApiProperty({ format: 'uuid', description: 'the pairing leader (a user account of any role)' })
  @IsUUID()
  leaderId!: string;

  @ApiProperty({ example: '2027-01-01', description: 'first day of the pairing (China date)' })
  @Matches(DATE)
  @IsDateString({ strict: true })
  startDate!: string;

  @ApiPropertyOptional({
    example: '2027-12-31',
    nullable: true,
    type: String,
    description: 'last day (none: open-ended)',
  })
  @IsOptional()
  @Matches(DATE)
  @IsDateString({ strict: true })
  endDate?: string | null;
}

export class EndPairingDto {
  @ApiProperty({ example: '领导岗位调整' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  reason!: string;
}

export class LogVisitDto {
  @ApiProperty({ example: '2027-01-15', description: 'day of the visit (China date), not in the future' })
  @Matches(DATE)
  @IsDateString({ strict: true })
  visitedOn!: string;

  @ApiProperty({ enum: VISIT_FORMS, description: 'home visit (入户), phone (电话) or hospital (医院探望)' })
  @IsIn(VISIT_FORMS as unknown as string[])
  form!: VisitForm;

  @ApiProperty({
    example: '老人术后恢复良好，家中取暖不足',
    description: 'what was found (stored encrypted)',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  findings!: string;

  @ApiPropertyOptional({
    example: '送去电暖器一台',
    nullable: true,
    type: String,
    description: 'help given (stored encrypted)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  helpGiven?: string | null;
}

export class PairingListQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  householdId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  leaderId?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'ended pairings too' })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  includeEnded?: boolean;
}
