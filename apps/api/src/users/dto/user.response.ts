import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../common/dto/common.response';
import { GrantDto } from '../../auth/dto/login.response';

export class UserGrantViewDto extends GrantDto {
  @ApiProperty({ example: '第一分厂工会' })
  orgUnitName!: string;
}

export class UserViewDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  username!: string;

  @ApiProperty()
  displayName!: string;

  @ApiProperty({ type: [String], description: 'roles granted over the primary unit' })
  roles!: string[];

  @ApiProperty({ format: 'uuid' })
  orgUnitId!: string;

  @ApiProperty()
  orgUnitName!: string;

  @ApiProperty({ type: [GrantDto] })
  grants!: GrantDto[];

  @ApiProperty()
  active!: boolean;

  @ApiProperty({ description: 'the user must change the password at next login' })
  mustChangePassword!: boolean;

  @ApiProperty({ description: 'locked after repeated failed logins (until lockedUntil or an unlock)' })
  locked!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lockedUntil!: string | null;

  @ApiProperty({ description: 'demo account (refused in production)' })
  isDemo!: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  disabledAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  disabledReason!: string | null;
}

export class UserPageDto extends PageOf(UserViewDto) {}

/** An org unit an account may be placed in or granted a role at (the user form's picker). */
export class AssignableUnitDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'G-01' })
  code!: string;

  @ApiProperty({ example: '第一分厂工会' })
  nameZh!: string;

  @ApiProperty({ example: 'Plant No. 1 Union' })
  nameEn!: string;

  @ApiProperty({ description: 'levels below the top of the tree (0 = top)' })
  depth!: number;
}
