import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../common/dto/common.response';

export const TASK_STATUSES = ['open', 'completed', 'cancelled'] as const;

export class TaskViewDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({
    example: 'approval',
    description: 'approval, rework, funds, payment, follow_up, investigation…',
  })
  type!: string;

  @ApiProperty({ example: 'aid_case', description: 'aid_case, loan, hardship_file, early_warning…' })
  subjectType!: string;

  @ApiProperty({ format: 'uuid' })
  subjectId!: string;

  @ApiProperty({ example: 'grassroots' })
  stage!: string;

  @ApiProperty({ example: 'branch_chair' })
  candidateRole!: string;

  @ApiProperty({ format: 'uuid' })
  orgUnitId!: string;

  @ApiProperty()
  orgUnitName!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  assigneeId!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  dueAt!: string | null;

  @ApiProperty({ enum: TASK_STATUSES, enumName: 'TaskStatus' })
  status!: (typeof TASK_STATUSES)[number];

  @ApiProperty({ type: String, nullable: true })
  decision!: string | null;

  @ApiProperty({ type: String, nullable: true })
  comment!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  actorId!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'case or loan number of the subject' })
  caseNo!: string | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'amount of the case or loan' })
  amountFen!: number | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'what the workflow attached (stageNameZh, stageNameEn, comment…)',
  })
  payload!: Record<string, unknown>;

  @ApiProperty({ type: String, nullable: true })
  escalatedRole!: string | null;

  @ApiProperty()
  overdue!: boolean;
}

export class TaskPageDto extends PageOf(TaskViewDto) {}

export class DecideResultDto {
  @ApiProperty({ format: 'uuid' })
  taskId!: string;

  @ApiProperty({ example: 'approve' })
  decision!: string;

  @ApiProperty({ example: 'completed' })
  status!: string;
}

export class TaskActionResultDto {
  @ApiProperty({ format: 'uuid' })
  taskId!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  assigneeId!: string | null;
}
