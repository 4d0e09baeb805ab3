import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { ErrorBodyDto } from '../common/dto/error.response';
import { Page } from '../common/pagination';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import {
  CreateUserDto,
  DisableUserDto,
  ResetPasswordDto,
  UpdateUserDto,
  UserListQueryDto,
} from './dto/user.dto';
import { AssignableUnitDto, UserPageDto, UserViewDto } from './dto/user.response';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Accounts in my scope (admin: all; union chair: own subtree; auditor: read)' })
  @ApiOkResponse({ type: UserPageDto })
  list(@Query() q: UserListQueryDto, @CurrentUser() user: AuthUser): Promise<Page<UserViewDto>> {
    return this.users.list(q, user);
  }

  @Get('assignable-units')
  @Roles('admin', 'union_chair')
  @ApiOperation({
    summary: 'Org units I may place accounts in and grant roles at (my subtree; all for admins)',
  })
  @ApiOkResponse({ type: [AssignableUnitDto] })
  assignableUnits(@CurrentUser() user: AuthUser): Promise<AssignableUnitDto[]> {
    return this.users.assignableUnits(user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One account' })
  @ApiOkResponse({ type: UserViewDto })
  get(@Param('id', UuidParamPipe) id: string, @CurrentUser() user: AuthUser): Promise<UserViewDto> {
    return this.users.get(id, user);
  }

  @Post()
  @Roles('admin', 'union_chair')
  @ApiOperation({
    summary:
      'Create an account: roles at one org unit, or grants (each role with its unit); the user changes the password at first login',
  })
  @ApiCreatedResponse({ type: UserViewDto })
  @ApiConflictResponse({ type: ErrorBodyDto })
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  create(@Body() dto: CreateUserDto, @CurrentUser() user: AuthUser): Promise<UserViewDto> {
    return this.users.create(dto, user);
  }

  @Patch(':id')
  @Roles('admin', 'union_chair')
  @ApiOperation({ summary: 'Change the display name, roles, unit or grants (takes effect within seconds)' })
  @ApiOkResponse({ type: UserViewDto })
  update(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateUserDto,
    @CurrentUser() user: AuthUser,
  ): Promise<UserViewDto> {
    return this.users.update(id, dto, user);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @Roles('admin', 'union_chair')
  @ApiOperation({ summary: 'Disable the account: every session ends within seconds' })
  @ApiOkResponse({ type: UserViewDto })
  disable(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: DisableUserDto,
    @CurrentUser() user: AuthUser,
  ): Promise<UserViewDto> {
    return this.users.disable(id, dto.reason, user);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @Roles('admin', 'union_chair')
  @ApiOperation({ summary: 'Enable a disabled account' })
  @ApiOkResponse({ type: UserViewDto })
  enable(@Param('id', UuidParamPipe) id: string, @CurrentUser() user: AuthUser): Promise<UserViewDto> {
    return this.users.enable(id, user);
  }

  @Post(':id/reset-password')
  @HttpCode(200)
  @Roles('admin', 'union_chair')
  @ApiOperation({ summary: 'Set a temporary password: sessions end, the user must change it at next login' })
  @ApiOkResponse({ type: UserViewDto })
  resetPassword(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: ResetPasswordDto,
    @CurrentUser() user: AuthUser,
  ): Promise<UserViewDto> {
    return this.users.resetPassword(id, dto.password, user);
  }

  @Post(':id/unlock')
  @HttpCode(200)
  @Roles('admin', 'union_chair')
  @ApiOperation({ summary: 'End a login lockout now (recorded in the login log and the audit log)' })
  @ApiOkResponse({ type: UserViewDto })
  unlock(
    @Param('id', UuidParamPipe) id: string,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
  ): Promise<UserViewDto> {
    return this.users.unlock(id, user, req.ip ?? 'unknown');
  }
}
