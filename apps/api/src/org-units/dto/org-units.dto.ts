import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { ORG_UNIT_KINDS } from '../../../../../libs/domain/org-tree';

export class CreateOrgUnitDto {
  @ApiProperty({ format: 'uuid', description: 'the parent unit' })
  @IsUUID()
  parentId!: string;

  @ApiProperty({ example: 'G-03', description: 'a short unique code (letters, digits, -, _)' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, { message: 'code: 1–40 letters, digits, - or _' })
  code!: string;

  @ApiProperty({ example: '第三分厂工会' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  nameZh!: string;

  @ApiPropertyOptional({ example: 'Plant 3 Union' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  nameEn?: string;

  @ApiProperty({ enum: ORG_UNIT_KINDS })
  @IsIn(ORG_UNIT_KINDS)
  kind!: (typeof ORG_UNIT_KINDS)[number];
}

export class RenameOrgUnitDto {
  @ApiPropertyOptional({ example: '第三分厂工会' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  nameZh?: string;

  @ApiPropertyOptional({ example: 'Plant 3 Union' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  nameEn?: string;
}

export class MoveOrgUnitDto {
  @ApiProperty({ format: 'uuid', description: 'the new parent unit' })
  @IsUUID()
  parentId!: string;
}
