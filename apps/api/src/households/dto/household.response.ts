import { ApiProperty } from '@nestjs/swagger';

/** Entries are never edited: a correction adds a reversal (negative, with `reversesId` and a reason). */
export class HouseholdIncomeDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the entry this one reverses' })
  reversesId!: string | null;

  @ApiProperty({ description: 'a reversal exists for this entry' })
  reversed!: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'why it was reversed (on a reversal)' })
  reason!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ example: '2026-03' })
  month!: string;

  @ApiProperty({ example: 'wage' })
  source!: string;

  @ApiProperty({ type: 'integer' })
  amountFen!: number;
}

export class HouseholdExpenseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the entry this one reverses' })
  reversesId!: string | null;

  @ApiProperty({ description: 'a reversal exists for this entry' })
  reversed!: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'why it was reversed (on a reversal)' })
  reason!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: 'integer', example: 2026 })
  year!: number;

  @ApiProperty({ example: 'medical' })
  kind!: string;

  @ApiProperty({ type: 'integer' })
  amountFen!: number;

  @ApiProperty({ type: String, nullable: true })
  note!: string | null;
}

export class HouseholdAssetDto {
  @ApiProperty()
  kind!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: 'integer' })
  valueFen!: number;
}

/** A household member, sensitive fields masked (the ID number partly, health only whether recorded). */
export class HouseholdMemberDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: '张*' })
  nameMasked!: string;

  @ApiProperty({ example: 'spouse' })
  relation!: string;

  @ApiProperty({ type: 'integer', nullable: true })
  birthYear!: number | null;

  @ApiProperty({ type: String, nullable: true })
  nationalIdMasked!: string | null;

  @ApiProperty()
  healthRecorded!: boolean;

  @ApiProperty()
  disabilityRecorded!: boolean;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'the member is this registered worker',
  })
  workerId!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'removed from the household',
  })
  removedAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  removalReason!: string | null;

  @ApiProperty({ type: String, nullable: true })
  workStatus!: string | null;

  @ApiProperty({ type: String, nullable: true })
  schoolStatus!: string | null;
}

export class HouseholdViewDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  code!: string;

  @ApiProperty({ type: 'integer', description: 'household size, derived: its workers + members not removed' })
  memberCount!: number;

  @ApiProperty({ type: [String], format: 'uuid', description: 'the registered workers of this household' })
  workerIds!: string[];

  @ApiProperty({ example: '310101' })
  localityCode!: string;

  @ApiProperty({ type: String, nullable: true })
  address!: string | null;

  @ApiProperty({ type: [HouseholdIncomeDto] })
  incomes!: HouseholdIncomeDto[];

  @ApiProperty({ type: [HouseholdExpenseDto] })
  expenses!: HouseholdExpenseDto[];

  @ApiProperty({ type: [HouseholdAssetDto] })
  assets!: HouseholdAssetDto[];

  @ApiProperty({ type: [HouseholdMemberDto] })
  members!: HouseholdMemberDto[];
}

export class HouseholdCreatedDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'H-000123' })
  code!: string;

  @ApiProperty({ type: 'integer' })
  memberCount!: number;
}

export class MemberSavedDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: 'integer', description: 'household size after the change' })
  memberCount!: number;
}

export class EntryRecordedDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
}

export class EntryReversedDto {
  @ApiProperty({ format: 'uuid', description: 'the reversing entry' })
  reversalId!: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'the corrected entry, when a figure was given',
  })
  correctedId!: string | null;
}

export class MemberSensitiveDto {
  @ApiProperty({ format: 'uuid' })
  memberId!: string;

  @ApiProperty({ type: String, nullable: true })
  nationalId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  health!: string | null;

  @ApiProperty({ type: String, nullable: true })
  disability!: string | null;
}

/** The category the household's data gives today, before a file is submitted (建档前测算). */
export class CategoryPreviewDto {
  @ApiProperty({ example: '2025-12', description: 'first month of the income window' })
  windowFrom!: string;

  @ApiProperty({
    example: '2026-11',
    description: 'last month of the income window (the month before today)',
  })
  windowTo!: string;

  @ApiProperty({ type: 'integer', example: 2026, description: 'the year whose expenses count' })
  expenseYear!: number;

  @ApiProperty({ type: 'integer', description: 'household size (derived)' })
  members!: number;

  @ApiProperty({ type: 'integer', description: 'net income over the window, fen' })
  annualIncomeFen!: number;

  @ApiProperty({ type: 'integer' })
  annualRigidExpensesFen!: number;

  @ApiProperty({ type: 'integer' })
  annualHardshipCostsFen!: number;

  @ApiProperty({ type: 'integer', description: '(income − rigid expenses) ÷ 12 ÷ members, fen (floor)' })
  perCapitaMonthlyFen!: number;

  @ApiProperty({ type: 'integer', description: 'the 低保 used, fen per person per month' })
  dibaoFen!: number;

  @ApiProperty({ example: '370000' })
  localityCode!: string;

  @ApiProperty({ type: String, nullable: true, enum: ['deep', 'relative', 'accident'] })
  category!: string | null;

  @ApiProperty({ example: '深度困难' })
  categoryLabel!: string;

  @ApiProperty({ description: 'the rule applied, with the figures' })
  reason!: string;

  @ApiProperty({ type: 'integer' })
  policyVersion!: number;

  @ApiProperty({ type: 'integer' })
  incomeEntriesInWindow!: number;

  @ApiProperty({ type: 'integer', description: 'members on record besides the worker(s)' })
  otherMembers!: number;

  @ApiProperty({
    type: [String],
    enum: ['householdMembers', 'incomeInWindow'],
    description: 'evidence missing: submission needs it or an evidence note',
  })
  evidenceGaps!: string[];
}
