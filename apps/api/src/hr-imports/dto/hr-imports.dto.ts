import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { ListQueryDto } from '../../common/pagination';

export const HR_IMPORT_KINDS = ['roster', 'payroll'] as const;
export const ROW_OUTCOMES = ['new', 'updated', 'unchanged', 'refused'] as const;

export class HrImportKindQueryDto {
  @ApiProperty({ enum: HR_IMPORT_KINDS })
  @IsIn(HR_IMPORT_KINDS)
  kind!: (typeof HR_IMPORT_KINDS)[number];
}

export class ListHrImportsQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: HR_IMPORT_KINDS })
  @IsOptional()
  @IsIn(HR_IMPORT_KINDS)
  kind?: (typeof HR_IMPORT_KINDS)[number];
}

export class UploadHrImportDto {
  @ApiProperty({ enum: HR_IMPORT_KINDS })
  @IsIn(HR_IMPORT_KINDS)
  kind!: (typeof HR_IMPORT_KINDS)[number];

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'the enterprise (org unit) whose roster or payroll this is; default: your own unit',
  })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;
}

export class ListHrImportRowsQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: ROW_OUTCOMES, description: 'only rows with this outcome (preview or final)' })
  @IsOptional()
  @IsIn(ROW_OUTCOMES)
  outcome?: (typeof ROW_OUTCOMES)[number];
}

export class HrImportDecisionDto {
  @ApiProperty({ enum: ['commit', 'cancel'] })
  @IsIn(['commit', 'cancel'])
  decision!: 'commit' | 'cancel';
}
