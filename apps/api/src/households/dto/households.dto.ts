import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

export const MEMBER_RELATIONS = [
  'spouse',
  'child',
  'parent',
  'sibling',
  'grandparent',
  'grandchild',
  'other',
] as const;

export class MemberDto {
  @ApiProperty({ example: '周小梅' }) @IsString() @IsNotEmpty() @MaxLength(50) name!: string;

  @ApiProperty({ enum: MEMBER_RELATIONS })
  @IsIn(MEMBER_RELATIONS)
  relation!: string;

  @ApiPropertyOptional({ example: 2008 }) @IsOptional() @IsInt() @Min(1900) @Max(2100) birthYear?: number;

  @ApiPropertyOptional({
    description: 'national ID number (encrypted at rest; never returned unmasked here)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  nationalId?: string;

  @ApiPropertyOptional({
    description: 'health details (sensitive: encrypted at rest)',
    example: '尿毒症，每周透析三次',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  health?: string;

  @ApiPropertyOptional({
    description: 'disability details (sensitive: encrypted at rest)',
    example: '肢体二级残疾',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  disability?: string;

  @ApiPropertyOptional({ example: '在读大学' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  schoolStatus?: string;
  @ApiPropertyOptional({ example: '无业' }) @IsOptional() @IsString() @MaxLength(100) workStatus?: string;
}

/** Changes to a member: only the fields given change (an empty string clears health or disability). */
export class UpdateMemberDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(50) name?: string;

  @ApiPropertyOptional({ enum: MEMBER_RELATIONS })
  @IsOptional()
  @IsIn(MEMBER_RELATIONS)
  relation?: string;

  @ApiPropertyOptional({ example: 2008 }) @IsOptional() @IsInt() @Min(1900) @Max(2100) birthYear?: number;

  @ApiPropertyOptional({ description: 'health details (encrypted at rest)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  health?: string;

  @ApiPropertyOptional({ description: 'disability details (encrypted at rest)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  disability?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) schoolStatus?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) workStatus?: string;
}

export class RemoveMemberDto {
  @ApiProperty({ example: '子女成家迁出' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

export class CreateHouseholdDto {
  @ApiProperty({ format: 'uuid', description: 'the worker whose household this is (has none yet)' })
  @IsUUID()
  workerId!: string;

  @ApiProperty({
    example: '370000',
    description: 'locality code: its 低保 applies (a locality of the policy)',
  })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'localityCode: 6 digits' })
  localityCode!: string;

  @ApiProperty({ example: '济南市示范区幸福路8号' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  address!: string;
}

/** A correction by reversing entry: the original stays, a reversal with the reason is added (and a new figure). */
export class ReverseEntryDto {
  @ApiProperty({ example: '录入错误：多录了一个0' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;

  @ApiPropertyOptional({
    description:
      'the correct figure in fen, recorded as a new entry with the same month/year and source/kind',
    example: 300000,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  correctedAmountFen?: number;
}

export class AssetDto {
  @ApiProperty({ enum: ['home', 'second_home', 'shop', 'vehicle', 'business', 'savings', 'other'] })
  @IsIn(['home', 'second_home', 'shop', 'vehicle', 'business', 'savings', 'other'])
  kind!: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) description?: string;

  @ApiProperty({ description: 'declared value in fen' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  valueFen!: number;
}

export class UpdateHouseholdDto {
  @ApiPropertyOptional({
    example: '370000',
    description: 'locality code: its 低保 applies (a locality of the policy)',
  })
  @IsOptional()
  @IsString()
  @Matches(/^\d{6}$/, { message: 'localityCode: 6 digits' })
  localityCode?: string;

  @ApiPropertyOptional({ example: '济南市示范区幸福路8号' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  address?: string;
}
