import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength, ValidateIf } from 'class-validator';
import { DECISIONS, Decision } from '../../../../../libs/domain/aid-case';

export class DecideDto {
  @ApiProperty({ enum: DECISIONS })
  @IsIn(DECISIONS)
  decision!: Decision;

  @ApiPropertyOptional({ description: 'required to reject', example: '情况属实，同意' })
  @ValidateIf((o: DecideDto) => o.decision === 'reject' || o.comment !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'comment is required to reject' })
  @MaxLength(2000)
  comment?: string;
}
