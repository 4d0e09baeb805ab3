import { ApiProperty } from '@nestjs/swagger';
import { LabelDto, PageOf } from '../../common/dto/common.response';
import { LOGIN_OUTCOMES } from './audit.dto';

export class AuditEntryDto {
  @ApiProperty({ description: 'row id (increasing)' })
  id!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  actorId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  actorName!: string | null;

  @ApiProperty({ example: 'pii.read' })
  action!: string;

  @ApiProperty({ type: LabelDto })
  actionLabel!: LabelDto;

  @ApiProperty({ description: 'true for reads of personal data' })
  sensitive!: boolean;

  @ApiProperty({ example: 'worker' })
  entityType!: string;

  @ApiProperty()
  entityId!: string;

  @ApiProperty({ type: String, nullable: true })
  workflowId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  orgUnitId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  orgUnitName!: string | null;

  @ApiProperty({ nullable: true, description: 'the subject before (JSON)' })
  before!: unknown;

  @ApiProperty({ nullable: true, description: 'the subject after (JSON)' })
  after!: unknown;

  @ApiProperty({ type: 'object', additionalProperties: true })
  details!: Record<string, unknown>;
}

export class AuditPageDto extends PageOf(AuditEntryDto) {}

export class LoginLogEntryDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;

  @ApiProperty()
  username!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null: no such account' })
  userId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  displayName!: string | null;

  @ApiProperty()
  clientIp!: string;

  @ApiProperty({ enum: LOGIN_OUTCOMES })
  outcome!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'who unlocked (outcome unlock)' })
  actorId!: string | null;
}

export class LoginLogPageDto extends PageOf(LoginLogEntryDto) {}
