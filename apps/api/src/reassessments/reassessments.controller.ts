import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import type { Page } from '../common/pagination';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import {
  CloseFileDto,
  ListReassessmentsQueryDto,
  ResolvedCausesDto,
  StartReassessmentDto,
} from './dto/reassessments.dto';
import { ReassessmentsService } from './reassessments.service';
import {
  ReassessmentDetailDto,
  ReassessmentPageDto,
  ReassessmentStartedDto,
  type ReassessmentViewDto,
  FileClosedDto,
  ExitProposedDto,
  ResolvedCausesResultDto,
} from './dto/reassessment.response';

@ApiTags('reassessments')
@ApiBearerAuth()
@Controller('reassessments')
export class ReassessmentsController {
  constructor(private readonly reassessments: ReassessmentsService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary:
      'Start a quarter’s re-assessment by hand (admin): reassessment:<YYYY>Q<n>; 409 if that quarter exists (the schedule uses the same id)',
  })
  @ApiCreatedResponse({ type: ReassessmentStartedDto })
  start(@Body() dto: StartReassessmentDto, @CurrentUser() user: AuthUser): Promise<ReassessmentViewDto> {
    return this.reassessments.startQuarter(dto.quarter, user);
  }

  @Get()
  @ApiOperation({ summary: 'Campaigns, newest first (quarterly and policy-change), with processed/total' })
  @ApiOkResponse({ type: ReassessmentPageDto })
  list(@Query() q: ListReassessmentsQueryDto): Promise<Page<ReassessmentViewDto>> {
    return this.reassessments.list(q);
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'One campaign (id reassessment:2026Q4, or just 2026Q4): progress and counts per outcome; when done the report per org unit and category',
  })
  @ApiOkResponse({ type: ReassessmentDetailDto })
  get(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<ReassessmentDetailDto> {
    return this.reassessments.get(id, user);
  }
}

@ApiTags('files')
@ApiBearerAuth()
@Controller('files')
export class FileLifecycleController {
  constructor(private readonly reassessments: ReassessmentsService) {}

  @Post(':id/close')
  @ApiOkResponse({ type: FileClosedDto })
  @HttpCode(200)
  @Roles('union_chair', 'admin')
  @ApiOperation({
    summary: 'Close an active file: retired 退休, moved 迁出, deceased 死亡 or unreachable 失联',
  })
  close(@Param('id', UuidParamPipe) id: string, @Body() dto: CloseFileDto, @CurrentUser() user: AuthUser) {
    return this.reassessments.close(id, dto.reason, dto.note, user);
  }

  @Post(':id/exit')
  @ApiCreatedResponse({ type: ExitProposedDto })
  @Roles('caseworker', 'branch_chair', 'union_chair', 'admin')
  @ApiOperation({
    summary:
      'Propose an exit (解困脱困) by hand: approval (union chair) → closed → follow-ups at +3/+6/+12 months',
  })
  exit(@Param('id', UuidParamPipe) id: string, @CurrentUser() user: AuthUser) {
    return this.reassessments.proposeExit(id, user);
  }

  @Put(':id/resolved-causes')
  @ApiOkResponse({ type: ResolvedCausesResultDto })
  @Roles('caseworker', 'branch_chair', 'union_chair')
  @ApiOperation({
    summary:
      'Mark causes resolved (e.g. the student graduated and works); every cause resolved → exit proposed at the next re-assessment',
  })
  resolved(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: ResolvedCausesDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.reassessments.setResolvedCauses(id, dto.causes, user);
  }
}
