import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class MemberDto {
  @ApiProperty({ example: '周小梅' }) @IsString() @IsNotEmpty() @MaxLength(50) name!: string;

  @ApiProperty({ enum: ['spouse', 'child', 'parent', 'sibling', 'grandparent', 'grandchild', 'other'] })
  @IsIn(['spouse', 'child', 'parent', 'sibling', 'grandparent', 'grandchild', 'other'])
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

  @ApiPropertyOptional({ example: '在读大学' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  schoolStatus?: string;
  @ApiPropertyOptional({ example: '无业' }) @IsOptional() @IsString() @MaxLength(100) workStatus?: string;
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
