import { ApiProperty } from '@nestjs/swagger';
import { VISIT_FORMS, type VisitForm, type VisitState } from '../../../../../libs/domain/pairing';

const STATES = ['on_time', 'due_soon', 'overdue', 'escalated'];

export class PairingViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'pairing:…' }) workflowId!: string;
  @ApiProperty({ format: 'uuid' }) householdId!: string;
  @ApiProperty() householdCode!: string;
  @ApiProperty({ type: [String] }) workerNames!: string[];
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty() orgUnitName!: string;
  @ApiProperty() orgPath!: string;
  @ApiProperty({ format: 'uuid' }) leaderId!: string;
  @ApiProperty() leaderName!: string;
  @ApiProperty({ example: '2027-01-01' }) startDate!: string;
  @ApiProperty({ type: String, nullable: true }) endDate!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) endedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) endReason!: string | null;
  @ApiProperty({ enum: ['live', 'upcoming', 'ended'] }) status!: 'live' | 'upcoming' | 'ended';
  @ApiProperty({ type: [String], description: 'categories of the household’s active files' })
  categories!: string[];
  @ApiProperty({ type: 'integer' }) visits!: number;
  @ApiProperty({ type: String, nullable: true }) lastVisitOn!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'next visit due (null once ended)' })
  nextDueOn!: string | null;
  @ApiProperty({ enum: STATES, nullable: true }) state!: VisitState | null;
}

export class PairingListDto {
  @ApiProperty({ type: [PairingViewDto] }) items!: PairingViewDto[];
}

export class PairingVisitDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) pairingId!: string;
  @ApiProperty({ example: '2027-01-15' }) visitedOn!: string;
  @ApiProperty({ enum: VISIT_FORMS }) form!: VisitForm;
  @ApiProperty() findings!: string;
  @ApiProperty({ type: String, nullable: true }) helpGiven!: string | null;
  @ApiProperty({ format: 'uuid' }) loggedBy!: string;
  @ApiProperty() loggedByName!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class PairingVisitListDto {
  @ApiProperty({ type: [PairingVisitDto] }) items!: PairingVisitDto[];
}

export class PairingVisitResultDto {
  @ApiProperty({ type: PairingVisitDto }) visit!: PairingVisitDto;
  @ApiProperty({ type: PairingViewDto, description: 'the pairing with its next due date' })
  pairing!: PairingViewDto;
}

export class PairingCoverageUnitDto {
  @ApiProperty({ format: 'uuid' }) orgUnitId!: string;
  @ApiProperty() orgUnitName!: string;
  @ApiProperty() orgUnitNameEn!: string;
  @ApiProperty() orgPath!: string;
  @ApiProperty({ type: 'integer', description: 'households with a live pairing' }) households!: number;
  @ApiProperty({ type: 'integer', description: 'of which every pairing is on time' }) onTime!: number;
  @ApiProperty({ type: 'integer', description: 'with a pairing past its due date' }) overdue!: number;
  @ApiProperty({ type: 'integer', description: 'with a pairing past due date + grace days' })
  escalated!: number;
}

export class PairingCoverageDto {
  @ApiProperty({ example: '2027-01-15' }) today!: string;
  @ApiProperty({ type: 'integer' }) escalationGraceDays!: number;
  @ApiProperty({ type: [PairingCoverageUnitDto] }) units!: PairingCoverageUnitDto[];
  @ApiProperty({ type: PairingCoverageUnitDto, description: 'the subtree’s totals' })
  total!: PairingCoverageUnitDto;
}

export class PairingLeaderOptionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() orgUnitName!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
}

export class PairingHouseholdOptionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() orgUnitName!: string;
  @ApiProperty({ type: [String] }) workerNames!: string[];
}

export class PairingOptionsDto {
  @ApiProperty({ type: [PairingLeaderOptionDto] }) leaders!: PairingLeaderOptionDto[];
  @ApiProperty({ type: [PairingHouseholdOptionDto] }) households!: PairingHouseholdOptionDto[];
}
