import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';

export class CreateTuitionApplicationDto {
  @ApiProperty({ format: 'uuid', description: 'the member (parent) the caseworker applies for' })
  @IsUUID()
  workerId!: string;

  @ApiProperty({ format: 'uuid', description: 'the child: a member of the worker’s household' })
  @IsUUID()
  householdMemberId!: string;

  @ApiProperty({ example: 'undergraduate', description: 'a school level of the policy (tuition.levels)' })
  @IsString()
  level!: string;

  @ApiProperty({ example: '山东大学' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  school!: string;
}

export class TuitionReportQueryDto {
  @ApiProperty({ example: '2027-2028' })
  @Matches(/^\d{4}-\d{4}$/, { message: 'schoolYear must look like 2027-2028' })
  schoolYear!: string;
}

export class TuitionApplicationViewDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() caseNo!: string;
  @ApiProperty() status!: string;
  @ApiProperty() childName!: string;
  @ApiProperty() level!: string;
  @ApiProperty() school!: string;
  @ApiProperty({ example: '2027-2028' }) schoolYear!: string;
  @ApiProperty({ type: 'integer' }) amountFen!: number;
  @ApiProperty({
    description: 'attach the admission letter or student card: POST /api/cases/{caseId}/attachments',
  })
  attachmentUrl!: string;
}

export class TuitionReportRowDto {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() level!: string;
  @ApiProperty({ type: 'integer' }) applications!: number;
  @ApiProperty({ type: 'integer' }) paid!: number;
  @ApiProperty({ type: 'integer', description: 'fen, from the ledger' }) paidFen!: number;
}

export class TuitionReportDto {
  @ApiProperty() schoolYear!: string;
  @ApiProperty({ type: [TuitionReportRowDto] }) rows!: TuitionReportRowDto[];
}

export class TuitionLevelDto {
  @ApiProperty() code!: string;
  @ApiProperty() nameZh!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty({ type: 'integer' }) amountFen!: number;
}

export class TuitionOptionsDto {
  @ApiProperty({ description: 'first day of this year’s window' }) from!: string;
  @ApiProperty({ description: 'last day of this year’s window' }) to!: string;
  @ApiProperty() open!: boolean;
  @ApiProperty({ example: '2027-2028' }) schoolYear!: string;
  @ApiProperty({ type: 'integer' }) policyVersion!: number;
  @ApiProperty({ type: [TuitionLevelDto] }) levels!: TuitionLevelDto[];
}
