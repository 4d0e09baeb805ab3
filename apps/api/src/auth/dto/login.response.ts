import { ApiProperty } from '@nestjs/swagger';

/** The user a token belongs to (`GET /api/auth/me`). */
export class AuthUserDto {
  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({ example: 'caseworker' })
  username!: string;

  @ApiProperty({ example: '李干事' })
  displayName!: string;

  @ApiProperty({ type: [String], example: ['caseworker'] })
  roles!: string[];

  @ApiProperty({ format: 'uuid' })
  orgUnitId!: string;

  @ApiProperty({ description: 'materialized path of the org unit (scope of what the user sees)' })
  orgPath!: string;
}

export class SessionUserDto extends AuthUserDto {
  @ApiProperty({ example: '第一分工会' })
  orgUnitName!: string;

  @ApiProperty({ type: [String], example: ['帮扶干事'], description: 'Chinese names of `roles`, same order' })
  roleLabels!: string[];
}

export class LoginResponseDto {
  @ApiProperty({ description: 'bearer token (JWT)' })
  accessToken!: string;

  @ApiProperty({ type: SessionUserDto })
  user!: SessionUserDto;
}
