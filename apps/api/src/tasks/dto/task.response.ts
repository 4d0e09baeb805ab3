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

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'human number of the subject: HF-2026-000004, AC-…, LN-…, EW-…',
  })
  subjectNo!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'name of the worker the subject is about' })
  subjectName!: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'the worker the subject is about',
  })
  subjectWorkerId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'program code of an aid case (loan for a loan)' })
  program!: string | null;

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

/** One aid given to the household (an aid case of the last 3 years). */
export class HouseholdAidDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'AC-2026-000012' })
  caseNo!: string;

  @ApiProperty({ example: 'illness' })
  program!: string;

  @ApiProperty({ type: 'integer' })
  amountFen!: number;

  @ApiProperty({ example: 'paid' })
  status!: string;

  @ApiProperty({ format: 'date-time' })
  submittedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  paidAt!: string | null;

  @ApiProperty({ description: 'the worker the case is for (a household member)' })
  workerName!: string;
}

/** An open loan of the household. */
export class HouseholdLoanDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'LN-2026-000003' })
  loanNo!: string;

  @ApiProperty({ type: 'integer' })
  amountFen!: number;

  @ApiProperty({ type: 'integer' })
  outstandingFen!: number;

  @ApiProperty({ example: 'active' })
  status!: string;

  @ApiProperty()
  workerName!: string;
}

/** Why the caller may not (or should not) approve this subject (四眼原则), before deciding. */
export class FourEyesWarningDto {
  @ApiProperty({
    enum: ['investigator', 'caseworker', 'pairing_leader', 'earlier_approver', 'home_visitor'],
    description: 'home_visitor: named among the visitors of the home visit (a warning; the rest are refused)',
  })
  reason!: 'investigator' | 'caseworker' | 'pairing_leader' | 'earlier_approver' | 'home_visitor';

  @ApiProperty({ description: 'true when the server will refuse an approval for this reason' })
  refused!: boolean;
}

/** An open task of the same subject (the next stage after a decision) and who holds it. */
export class NextTaskDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  type!: string;

  @ApiProperty()
  stage!: string;

  @ApiProperty({ type: String, nullable: true })
  stageNameZh!: string | null;

  @ApiProperty({ type: String, nullable: true })
  stageNameEn!: string | null;

  @ApiProperty({ example: 'union_chair' })
  candidateRole!: string;

  @ApiProperty({ type: [String], description: 'display names of the users who hold the role in scope' })
  holders!: string[];

  @ApiProperty({ type: String, nullable: true })
  assigneeName!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  dueAt!: string | null;
}

/** What an approver needs beside the task: the household's aid and loans, four-eyes, the next stage. */
export class TaskContextDto {
  @ApiProperty({
    type: [HouseholdAidDto],
    description: 'aid cases of the household, last 3 years, newest first',
  })
  aid!: HouseholdAidDto[];

  @ApiProperty({ type: [HouseholdLoanDto], description: 'open loans of the household' })
  openLoans!: HouseholdLoanDto[];

  @ApiProperty({ type: [FourEyesWarningDto], description: 'for the caller' })
  fourEyes!: FourEyesWarningDto[];

  @ApiProperty({ type: [NextTaskDto], description: 'open tasks of the same subject other than this one' })
  next!: NextTaskDto[];

  @ApiProperty({ type: String, nullable: true, description: 'status of the subject (case, loan, file…)' })
  subjectStatus!: string | null;
}
