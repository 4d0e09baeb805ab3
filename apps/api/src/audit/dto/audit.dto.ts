import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDate,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { MAX_LIMIT } from '../../common/pagination';

const CURSOR = /^[1-9][0-9]{0,17}$/;

class AuditPageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(CURSOR, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'from this time (inclusive)' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'before this time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}

export class AuditQueryDto extends AuditPageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'who did it' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ example: 'pii.read', description: 'an action, or a prefix ending in .* (auth.*)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  @ApiPropertyOptional({ example: 'worker', description: 'subject type' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  entityType?: string;

  @ApiPropertyOptional({ description: 'subject id' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'rows about this org unit and its subtree' })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;

  @ApiPropertyOptional({
    description: 'sensitive reads only (ID numbers revealed, health notes, attachments)',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  sensitive?: boolean;
}

export class AuditExportQueryDto extends AuditQueryDto {
  @ApiPropertyOptional({ enum: ['xlsx', 'csv'], default: 'xlsx' })
  @IsOptional()
  @IsIn(['xlsx', 'csv'])
  format?: 'xlsx' | 'csv';
}

export const LOGIN_OUTCOMES = ['success', 'failure', 'locked', 'lockout', 'unlock', 'rate_limited'] as const;

export class LoginLogQueryDto extends AuditPageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  username?: string;

  @ApiPropertyOptional({ enum: LOGIN_OUTCOMES })
  @IsOptional()
  @IsIn(LOGIN_OUTCOMES)
  outcome?: (typeof LOGIN_OUTCOMES)[number];
}
