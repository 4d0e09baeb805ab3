import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ROLES, type Role } from '../../../../../libs/domain/roles';
import { ListQueryDto } from '../../common/pagination';

export class GrantInputDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiProperty({ format: 'uuid', description: 'the role applies to this unit and its subtree' })
  @IsUUID()
  orgUnitId!: string;
}

export class CreateUserDto {
  @ApiProperty({ example: 'li.gangan', description: '3–50 characters: lower-case letters, digits, . _ -' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{2,49}$/, { message: 'username: 3–50 lower-case letters, digits, . _ -' })
  username!: string;

  @ApiProperty({ example: '李干事' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName!: string;

  @ApiProperty({
    description: 'initial password (the user must change it at first login); length from the account policy',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password!: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true, description: 'roles at orgUnitId (or give grants)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ format: 'uuid', description: 'primary org unit (default: the first grant’s unit)' })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;

  @ApiPropertyOptional({ type: [GrantInputDto], description: 'roles each with its own org unit' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => GrantInputDto)
  grants?: GrantInputDto[];
}

export class UpdateUserDto {
  @ApiPropertyOptional({ example: '李干事' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName?: string;

  @ApiPropertyOptional({
    enum: ROLES,
    isArray: true,
    description: 'replaces every grant with these roles at orgUnitId',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;

  @ApiPropertyOptional({ type: [GrantInputDto], description: 'replaces every grant' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => GrantInputDto)
  grants?: GrantInputDto[];
}

export class DisableUserDto {
  @ApiProperty({ example: '调离本单位' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

export class ResetPasswordDto {
  @ApiProperty({ description: 'a temporary password; the user must change it at next login' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password!: string;
}

export class UserListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'part of the username or display name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;
}
