import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiCreatedResponse,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import type { TimelineEventView } from '../common/timeline';
import { LifecycleExceptions } from './lifecycle.exceptions';
import type { Page } from '../common/pagination';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { EarlyWarningsService, NOTE_REVEAL_ROLES } from './early-warnings.service';
import { CloseEarlyWarningDto, CreateEarlyWarningDto, ListEarlyWarningsQueryDto } from './dto/lifecycle.dto';
import {
  EarlyWarningDetailDto,
  EarlyWarningPageDto,
  type EarlyWarningViewDto,
  EarlyWarningCreatedDto,
  EarlyWarningNoteDto,
} from './dto/early-warning.response';
import { StatusResultDto } from '../common/dto/common.response';

@ApiTags('early-warnings')
@ApiBearerAuth()
@Controller('early-warnings')
export class EarlyWarningsController {
  constructor(private readonly warnings: EarlyWarningsService) {}

  @Post()
  @ApiCreatedResponse({ type: EarlyWarningCreatedDto })
  @Roles('caseworker', 'branch_chair', 'union_chair', 'admin')
  @ApiOperation({
    summary:
      'Report an early-warning event (住院/工伤/家庭成员去世/下岗/灾害) for a worker, with or without a file: starts early-warning:<id>, which opens an outreach task for the caseworker with a deadline',
  })
  @ApiHeader({
    name: 'idempotency-key',
    required: false,
    description: 'the same key (or else the same worker, kind and date) never records a second event (409)',
  })
  create(
    @Body() dto: CreateEarlyWarningDto,
    @CurrentUser() user: AuthUser,
    @Headers('idempotency-key') key?: string,
  ) {
    if (key !== undefined && (key.length < 8 || key.length > 200))
      throw LifecycleExceptions.idempotencyKeyLength();
    return this.warnings.create(dto, user, key);
  }

  @Get()
  @ApiOperation({ summary: 'Early warnings in the caller’s org subtree, newest first (notes never shown)' })
  @ApiOkResponse({ type: EarlyWarningPageDto })
  list(
    @Query() q: ListEarlyWarningsQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<Page<EarlyWarningViewDto>> {
    return this.warnings.list(user, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One early warning with its timeline' })
  @ApiOkResponse({ type: EarlyWarningDetailDto })
  async get(
    @Param('id', UuidParamPipe) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<EarlyWarningViewDto & { timeline: TimelineEventView[] }> {
    const e = await this.warnings.get(id, user);
    return { ...e, timeline: await this.warnings.timeline(id) };
  }

  @Get(':id/note')
  @ApiOkResponse({ type: EarlyWarningNoteDto })
  @Roles(...NOTE_REVEAL_ROLES)
  @ApiOperation({
    summary: 'Reveal the note (may hold health details; union chair, admin); every read is audited',
  })
  note(@Param('id', UuidParamPipe) id: string, @CurrentUser() user: AuthUser) {
    return this.warnings.revealNote(id, user);
  }

  @Post(':id/close')
  @ApiOkResponse({ type: StatusResultDto })
  @HttpCode(200)
  @Roles('caseworker', 'branch_chair', 'union_chair', 'admin')
  @ApiOperation({ summary: 'Close the event with a note (an outreach still open is cancelled)' })
  close(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: CloseEarlyWarningDto,
    @CurrentUser() user: AuthUser,
  ): Promise<{ status: string }> {
    return this.warnings.close(id, dto.note, user);
  }
}
