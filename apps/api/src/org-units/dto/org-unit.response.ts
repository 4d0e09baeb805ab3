import { ApiProperty } from '@nestjs/swagger';
import { ORG_UNIT_KINDS } from '../../../../../libs/domain/org-tree';

export class OrgUnitViewDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  code!: string;

  @ApiProperty()
  nameZh!: string;

  @ApiProperty()
  nameEn!: string;

  @ApiProperty({ enum: ORG_UNIT_KINDS })
  kind!: string;

  @ApiProperty({ example: '县总工会' })
  kindLabel!: string;

  @ApiProperty({ format: 'uuid', type: String, nullable: true })
  parentId!: string | null;

  @ApiProperty({ type: 'integer', description: '0 for the root' })
  depth!: number;

  @ApiProperty()
  active!: boolean;
}

export class OrgUnitListDto {
  @ApiProperty({ type: [OrgUnitViewDto], description: 'the caller’s subtree, parents before children' })
  items!: OrgUnitViewDto[];
}

export class OrgUnitMovedDto extends OrgUnitViewDto {
  @ApiProperty({ type: 'integer', description: 'units moved (the unit and its sub-units)' })
  unitsMoved!: number;
}

export class OrgUnitDeactivatedDto extends OrgUnitViewDto {
  @ApiProperty({ type: 'integer', description: 'units deactivated (the unit and its sub-units)' })
  unitsDeactivated!: number;
}
