import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '../../../../../libs/domain/roles';

/** One role in one org unit (and its subtree). */
export class GrantDto {
  @ApiProperty({ enum: ROLES })
  role!: string;

  @ApiProperty({ format: 'uuid' })
  orgUnitId!: string;

  @ApiProperty({ description: 'materialized path of the org unit' })
  orgPath!: string;
}

/** The user a token belongs to (`GET /api/auth/me`). */
export class AuthUserDto {
  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({ example: 'caseworker' })
  username!: string;

  @ApiProperty({ example: '李干事' })
  displayName!: string;

  @ApiProperty({ type: [String], example: ['caseworker'], description: 'roles granted over orgUnitId' })
  roles!: string[];

  @ApiProperty({ format: 'uuid', description: 'primary org unit' })
  orgUnitId!: string;

  @ApiProperty({ description: 'materialized path of the org unit (scope of what the user sees)' })
  orgPath!: string;

  @ApiProperty({ type: [GrantDto], description: 'every role with the org unit it applies to' })
  grants!: GrantDto[];

  @ApiProperty({ format: 'uuid' })
  sessionId!: string;

  @ApiProperty({
    description: 'true: every other call answers 403 PASSWORD_CHANGE_REQUIRED until the password is changed',
  })
  mustChangePassword!: boolean;

  @ApiProperty()
  authVersion!: number;
}

export class SessionUserDto extends AuthUserDto {
  @ApiProperty({ example: '第一分工会' })
  orgUnitName!: string;

  @ApiProperty({ type: [String], example: ['帮扶干事'], description: 'Chinese names of `roles`, same order' })
  roleLabels!: string[];
}

export class LoginResponseDto {
  @ApiProperty({ description: 'bearer token (JWT), short-lived' })
  accessToken!: string;

  @ApiProperty({ description: 'seconds until accessToken expires' })
  expiresIn!: number;

  @ApiProperty({
    description:
      'single-use token for POST /api/auth/refresh (stored hashed; revoked on logout, password change, disable)',
  })
  refreshToken!: string;

  @ApiProperty({ type: SessionUserDto })
  user!: SessionUserDto;
}
