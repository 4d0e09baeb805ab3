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
}

export class WorkerPageDto extends PageOf(WorkerViewDto) {}

export class NationalIdDto {
  @ApiProperty({ format: 'uuid' })
  workerId!: string;

  @ApiProperty({ type: String, nullable: true })
  nationalId!: string | null;
}
