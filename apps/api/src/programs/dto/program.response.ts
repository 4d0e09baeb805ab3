import { ApiProperty } from '@nestjs/swagger';
import type { HardshipCategory } from '../../../../../libs/domain/policy-types';
import { CodeNames, PageOf } from '../../common/dto/common.response';

export const HARDSHIP_CATEGORIES: HardshipCategory[] = ['deep', 'relative', 'accident'];

/** An aid program of the policy in force. */
export class ProgramViewDto extends CodeNames('medical') {
  @ApiProperty({ type: 'integer' })
  minAmountFen!: number;

  @ApiProperty({ type: 'integer' })
  maxAmountFen!: number;

  @ApiProperty({ description: 'at most one case of this program per household per calendar year' })
  oncePerYear!: boolean;

  @ApiProperty({
    enum: HARDSHIP_CATEGORIES,
    enumName: 'HardshipCategory',
    isArray: true,
    description: 'empty = any active file',
  })
  eligibleCategories!: HardshipCategory[];

  @ApiProperty()
  requiresActiveFile!: boolean;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'public notice from this amount; null = never',
  })
  noticeFromFen!: number | null;

  @ApiProperty({
    type: String,
    enum: ['tuition'],
    nullable: true,
    description:
      'the page/endpoint this program is applied for through instead of POST /api/cases (tuition: POST /api/tuition/applications); null = the generic case form',
  })
  applicationRoute!: 'tuition' | null;

  @ApiProperty({ type: 'integer' })
  policyVersion!: number;
}

export class ProgramPageDto extends PageOf(ProgramViewDto) {}
