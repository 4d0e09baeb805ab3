import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { CreateOrgUnitDto, MoveOrgUnitDto, RenameOrgUnitDto } from './dto/org-units.dto';
import {
  OrgUnitDeactivatedDto,
  OrgUnitListDto,
  OrgUnitMovedDto,
  OrgUnitViewDto,
} from './dto/org-unit.response';
import { OrgUnitsService } from './org-units.service';

@ApiTags('org-units')
@ApiBearerAuth()
@Controller('org-units')
export class OrgUnitsController {
  constructor(private readonly units: OrgUnitsService) {}

  @Get()
  @ApiOperation({ summary: 'The org tree from the caller’s unit down (parents before children)' })
  @ApiOkResponse({ type: OrgUnitListDto })
  list(@CurrentUser() user: AuthUser): Promise<OrgUnitListDto> {
    return this.units.list(user);
  }

  @Get(':id')
  @ApiOkResponse({ type: OrgUnitViewDto })
  get(@Param('id', UuidParamPipe) id: string, @CurrentUser() user: AuthUser): Promise<OrgUnitViewDto> {
    return this.units.get(id, user);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: 'Create a unit under a parent (any depth; the kind must fit under the parent’s kind)',
  })
  @ApiOkResponse({ type: OrgUnitViewDto })
  create(@Body() dto: CreateOrgUnitDto, @CurrentUser() user: AuthUser): Promise<OrgUnitViewDto> {
    return this.units.create(dto, user);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Rename a unit' })
  @ApiOkResponse({ type: OrgUnitViewDto })
  rename(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: RenameOrgUnitDto,
    @CurrentUser() user: AuthUser,
  ): Promise<OrgUnitViewDto> {
    return this.units.rename(id, dto, user);
  }

  @Post(':id/move')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Move a unit and its subtree under another parent; org scopes follow (files, cases, tasks)',
  })
  @ApiOkResponse({ type: OrgUnitMovedDto })
  move(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: MoveOrgUnitDto,
    @CurrentUser() user: AuthUser,
  ): Promise<OrgUnitMovedDto> {
    return this.units.move(id, dto, user);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary:
      'Deactivate a unit and its subtree; 422 with the count while open files, cases, loans or tasks remain',
  })
  @ApiOkResponse({ type: OrgUnitDeactivatedDto })
  deactivate(
    @Param('id', UuidParamPipe) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<OrgUnitDeactivatedDto> {
    return this.units.deactivate(id, user);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Reactivate a deactivated unit (its parent must be active)' })
  @ApiOkResponse({ type: OrgUnitViewDto })
  reactivate(@Param('id', UuidParamPipe) id: string, @CurrentUser() user: AuthUser): Promise<OrgUnitViewDto> {
    return this.units.reactivate(id, user);
  }
}
