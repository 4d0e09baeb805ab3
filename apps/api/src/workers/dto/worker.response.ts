import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../common/dto/common.response';

export class WorkerViewDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'E1001' })
  employeeNo!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ format: 'uuid' })
  orgUnitId!: string;

  @ApiProperty()
  orgUnitName!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  householdId!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'always masked; GET /api/workers/{id}/national-id reveals it (audited)',
  })
  nationalIdMasked!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the open hardship file' })
  fileId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  fileStatus!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'deep' })
  category!: string | null;

  @ApiProperty({ enum: ['active', 'left', 'retired'], description: 'left / retired: no new applications' })
  employmentStatus!: string;

  @ApiProperty({ type: String, nullable: true, enum: ['male', 'female'] })
  gender!: string | null;
}

export class WorkerPageDto extends PageOf(WorkerViewDto) {}

export class NationalIdDto {
  @ApiProperty({ format: 'uuid' })
  workerId!: string;

  @ApiProperty({ type: String, nullable: true })
  nationalId!: string | null;
}

/** Where a duplicate registration was refused (for the federation: admin, auditor). */
export class DuplicateAttemptDto {
  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ type: String, nullable: true })
  actorName!: string | null;

  @ApiProperty({ format: 'uuid', description: 'the worker already registered' })
  workerId!: string;

  @ApiProperty()
  registeredEmployeeNo!: string;

  @ApiProperty({ description: 'the unit the person is registered in' })
  registeredOrgUnitName!: string;

  @ApiProperty({ description: 'the unit that tried to register the person again' })
  attemptedOrgUnitName!: string;

  @ApiProperty({ enum: ['worker', 'household_member'] })
  attemptedAs!: string;
}

export class DuplicateAttemptListDto {
  @ApiProperty({ type: [DuplicateAttemptDto] })
  items!: DuplicateAttemptDto[];
}
