import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { WORKER_STATUSES } from '../../../../../libs/domain/worker-status';

export class RegisterWorkerDto {
  @ApiProperty({ example: 'E3001', description: 'employee number, unique in the federation' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, { message: 'employeeNo: 1–40 letters, digits, - or _' })
  employeeNo!: string;

  @ApiProperty({ example: '王建华' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  name!: string;

  @ApiProperty({ format: 'uuid', description: 'the member’s unit (in the caller’s subtree, active)' })
  @IsUUID()
  orgUnitId!: string;

  @ApiProperty({
    example: '370102198001010011',
    description:
      'resident ID number (GB 11643: birth date and check digit), encrypted at rest, unique in the federation',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(30)
  nationalId!: string;

  @ApiPropertyOptional({ enum: ['male', 'female'] })
  @IsOptional()
  @IsIn(['male', 'female'])
  gender?: 'male' | 'female';
}

export class UpdateWorkerDto {
  @ApiPropertyOptional({
    description: 'a corrected resident ID number: validated, encrypted and de-duplicated like a registration',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(30)
  nationalId?: string;

  @ApiPropertyOptional({ example: '王建华' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  name?: string;

  @ApiPropertyOptional({ example: 'E3001' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, { message: 'employeeNo: 1–40 letters, digits, - or _' })
  employeeNo?: string;

  @ApiPropertyOptional({ enum: ['male', 'female'] })
  @IsOptional()
  @IsIn(['male', 'female'])
  gender?: 'male' | 'female';
}

export class TransferWorkerDto {
  @ApiProperty({ format: 'uuid', description: 'the new unit (in the caller’s subtree, active)' })
  @IsUUID()
  orgUnitId!: string;

  @ApiProperty({ example: '调入第二分厂' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

export class WorkerStatusDto {
  @ApiProperty({ enum: WORKER_STATUSES })
  @IsIn(WORKER_STATUSES)
  status!: (typeof WORKER_STATUSES)[number];

  @ApiProperty({ example: '2026-11 办理退休' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}
