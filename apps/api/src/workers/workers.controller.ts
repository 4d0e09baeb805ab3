import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { ListQueryDto, Page } from '../common/pagination';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { PII_REVEAL_ROLES, WorkersService } from './workers.service';
import { DuplicateAttemptListDto, NationalIdDto, WorkerPageDto, WorkerViewDto } from './dto/worker.response';
import { RegisterWorkerDto, TransferWorkerDto, UpdateWorkerDto, WorkerStatusDto } from './dto/workers.dto';

@ApiTags('workers')
@ApiBearerAuth()
@Controller('workers')
export class WorkersController {
  constructor(private readonly workers: WorkersService) {}

  @Get()
  @ApiOperation({ summary: 'Workers in the caller’s org subtree, by employee number (ID numbers masked)' })
  @ApiOkResponse({ type: WorkerPageDto })
  list(@Query() q: ListQueryDto, @CurrentUser() user: AuthUser): Promise<Page<WorkerViewDto>> {
    return this.workers.list(q, user);
  }

  @Post()
  @Roles('caseworker', 'union_chair', 'admin')
  @ApiOperation({
    summary:
      'Register a member: ID number validated (GB 11643), encrypted, unique across the federation (409; another unit’s registration is not named)',
  })
  @ApiOkResponse({ type: WorkerViewDto })
  register(@Body() dto: RegisterWorkerDto, @CurrentUser() user: AuthUser): Promise<WorkerViewDto> {
    return this.workers.register(dto, user);
  }

  @Get('duplicate-attempts')
  @Roles('admin', 'auditor')
  @ApiOperation({
    summary: 'Refused duplicate registrations and where the person is registered (federation)',
  })
  @ApiOkResponse({ type: DuplicateAttemptListDto })
  duplicateAttempts(@CurrentUser() user: AuthUser): Promise<DuplicateAttemptListDto> {
    return this.workers.duplicateAttempts(user);
  }

  @Patch(':id')
  @Roles('caseworker', 'union_chair', 'admin')
  @ApiOperation({ summary: 'Edit a member’s name, employee number or gender (audited)' })
  @ApiOkResponse({ type: WorkerViewDto })
  update(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateWorkerDto,
    @CurrentUser() user: AuthUser,
  ): Promise<WorkerViewDto> {
    return this.workers.update(id, dto, user);
  }

  @Post(':id/transfer')
  @HttpCode(200)
  @Roles('caseworker', 'union_chair', 'admin')
  @ApiOperation({
    summary: 'Transfer a member to another unit in the caller’s subtree (the household follows)',
  })
  @ApiOkResponse({ type: WorkerViewDto })
  transfer(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: TransferWorkerDto,
    @CurrentUser() user: AuthUser,
  ): Promise<WorkerViewDto> {
    return this.workers.transfer(id, dto, user);
  }

  @Post(':id/status')
  @HttpCode(200)
  @Roles('caseworker', 'union_chair', 'admin')
  @ApiOperation({
    summary:
      'Mark a member left or retired (or active again): open work stays, new applications are refused (422 worker_active)',
  })
  @ApiOkResponse({ type: WorkerViewDto })
  setStatus(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: WorkerStatusDto,
    @CurrentUser() user: AuthUser,
  ): Promise<WorkerViewDto> {
    return this.workers.setStatus(id, dto, user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One worker (ID number masked)' })
  @ApiOkResponse({ type: WorkerViewDto })
  get(@Param('id', UuidParamPipe) id: string, @CurrentUser() user: AuthUser): Promise<WorkerViewDto> {
    return this.workers.get(id, user);
  }

  @Get(':id/national-id')
  @Roles(...PII_REVEAL_ROLES)
  @ApiOperation({
    summary: 'Reveal the national ID number (union chair, admin); every read is written to the audit log',
  })
  @ApiOkResponse({ type: NationalIdDto })
  reveal(
    @Param('id', UuidParamPipe) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<{ workerId: string; nationalId: string | null }> {
    return this.workers.reveal(id, user);
  }
}
