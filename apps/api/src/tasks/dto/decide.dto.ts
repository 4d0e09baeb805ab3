import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { TASK_DECISIONS, TaskDecisionCode } from '../../../../../libs/domain/tasks';

export class DecideDto {
  @ApiProperty({
    enum: TASK_DECISIONS,
    description:
      'approve / reject / return on approval tasks; done on work tasks (payment, follow-up, rework)',
  })
  @IsIn(TASK_DECISIONS)
  decision!: TaskDecisionCode;

  @ApiPropertyOptional({ description: 'required to reject or return', example: '情况属实，同意' })
  @ValidateIf((o: DecideDto) => o.decision === 'reject' || o.decision === 'return' || o.comment !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'comment is required to reject or return' })
  @MaxLength(2000)
  comment?: string;

  @ApiPropertyOptional({
    description: 'outcome of a work task, e.g. {"reference": "BANK-20261123-001"} for a payment',
  })
  @IsOptional()
  @IsObject()
  outcome?: Record<string, unknown>;
}

export class TaskActionDto {
  @ApiProperty({ enum: ['claim', 'release', 'reassign'] })
  @IsIn(['claim', 'release', 'reassign'])
  action!: 'claim' | 'release' | 'reassign';

  @ApiPropertyOptional({ format: 'uuid', description: 'the user to reassign to (reassign only)' })
  @ValidateIf((o: TaskActionDto) => o.action === 'reassign')
  @IsUUID()
  toUserId?: string;
}
