import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { EVALUATION_GROUPINGS } from '../../../../../libs/domain/evaluation';

export class EvaluationQueryDto {
  @ApiProperty({ example: 2026 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'the unit (default: yours); its whole subtree counts' })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;

  @ApiPropertyOptional({ enum: EVALUATION_GROUPINGS, default: 'unit' })
  @IsOptional()
  @IsIn(EVALUATION_GROUPINGS)
  by?: (typeof EVALUATION_GROUPINGS)[number];
}

export class RunEvaluationDto {
  @ApiPropertyOptional({ example: '2026-12-31', description: 'China date (default today)' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a date YYYY-MM-DD' })
  date?: string;
}

export class EvaluationFiguresDto {
  @ApiProperty({ type: 'integer' }) files!: number;
  @ApiProperty({ type: 'integer' }) households!: number;
  @ApiProperty({ type: 'integer' }) exits!: number;
  @ApiProperty({
    type: 'integer',
    description: 'exited files re-opened (same worker or household) within the relapse months',
  })
  relapses!: number;
  @ApiProperty({ type: 'integer' }) incomeBeforeSumFen!: number;
  @ApiProperty({ type: 'integer' }) incomeAfterSumFen!: number;
  @ApiProperty({ type: 'integer' }) monthsToExitSum!: number;
  @ApiProperty({ type: 'integer' }) measuresTotal!: number;
  @ApiProperty({ type: 'integer' }) measuresDone!: number;
  @ApiProperty({ type: 'integer' }) jobsFound!: number;
  @ApiProperty({ type: 'integer' }) keptInSchool!: number;
  @ApiProperty({ type: 'integer' }) aidFen!: number;
  @ApiProperty({ type: 'integer' }) aidExitedFen!: number;
  @ApiPropertyOptional({
    nullable: true,
    type: 'integer',
    description: 'average per-capita monthly income at activation',
  })
  avgIncomeBeforeFen!: number | null;
  @ApiPropertyOptional({
    nullable: true,
    type: 'integer',
    description: 'average per-capita monthly income at evaluation',
  })
  avgIncomeAfterFen!: number | null;
  @ApiPropertyOptional({ nullable: true, type: 'integer' }) avgIncomeChangeFen!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) avgMonthsToExit!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) relapseRatePercent!: number | null;
  @ApiPropertyOptional({ nullable: true, type: 'integer' }) aidPerHouseholdFen!: number | null;
  @ApiPropertyOptional({ nullable: true, type: 'integer' }) aidPerExitFen!: number | null;
}

export class EvaluationGroupDto extends EvaluationFiguresDto {
  @ApiProperty({ description: 'org unit id, category code or cause code' }) key!: string;
  @ApiProperty() label!: string;
}

export class EvaluatedFileDto {
  @ApiProperty({ format: 'uuid' }) fileId!: string;
  @ApiProperty() fileNo!: string;
  @ApiProperty({ enum: ['exit', 'annual'] }) kind!: string;
  @ApiProperty() evaluatedOn!: string;
  @ApiProperty() orgUnitName!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) category!: string | null;
  @ApiProperty({ type: [String] }) causes!: string[];
  @ApiProperty({ type: 'integer' }) members!: number;
  @ApiProperty({ type: 'integer' }) incomeBeforeFen!: number;
  @ApiProperty({ type: 'integer' }) incomeAfterFen!: number;
  @ApiPropertyOptional({ nullable: true, type: 'integer' }) monthsToExit!: number | null;
  @ApiProperty({ type: 'integer' }) measuresTotal!: number;
  @ApiProperty({ type: 'integer' }) measuresDone!: number;
  @ApiProperty({ type: 'integer' }) jobsFound!: number;
  @ApiProperty({ type: 'integer' }) keptInSchool!: number;
  @ApiProperty({ type: 'integer' }) aidFen!: number;
}

export class EvaluationReportDto {
  @ApiProperty({ type: 'integer' }) year!: number;
  @ApiProperty({ enum: EVALUATION_GROUPINGS }) by!: string;
  @ApiProperty() orgUnitName!: string;
  @ApiProperty({ type: 'integer' }) policyVersion!: number;
  @ApiProperty({ type: 'integer' }) relapseMonths!: number;
  @ApiProperty({ type: EvaluationFiguresDto }) total!: EvaluationFiguresDto;
  @ApiProperty({ type: [EvaluationGroupDto] }) groups!: EvaluationGroupDto[];
  @ApiProperty({ type: [EvaluatedFileDto] }) files!: EvaluatedFileDto[];
}

export class EvaluationRunDto {
  @ApiProperty() date!: string;
  @ApiProperty({ description: 'whether the yearly evaluation of active files was due on that date' })
  annualDue!: boolean;
  @ApiProperty({ type: 'integer' }) exit!: number;
  @ApiProperty({ type: 'integer' }) annual!: number;
}
