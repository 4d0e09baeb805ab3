import { ApiProperty } from '@nestjs/swagger';

export class HouseholdIncomeDto {
  @ApiProperty({ example: '2026-03' })
  month!: string;

  @ApiProperty({ example: 'wage' })
  source!: string;

  @ApiProperty({ type: 'integer' })
  amountFen!: number;
}

export class HouseholdExpenseDto {
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

  @ApiProperty({ type: 'integer' })
  memberCount!: number;

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

/** A household member's sensitive fields, revealed (every read audited). */
export class MemberSensitiveDto {
  @ApiProperty({ format: 'uuid' })
  memberId!: string;

  @ApiProperty({ type: String, nullable: true })
  nationalId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  health!: string | null;
}
