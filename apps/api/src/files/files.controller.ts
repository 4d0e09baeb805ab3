import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiAcceptedResponse,
} from '@nestjs/swagger';
import { WITHDRAW_ROLES } from '../../../../libs/domain/roles';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { ObjectionDto } from '../common/dto/objection.dto';
import type { TimelineEventView } from '../common/timeline';
import type { Page } from '../common/pagination';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { InvestigationDto, ListFilesQueryDto, MeasureDto, OpenFileDto } from './dto/files.dto';
import { FilesService } from './files.service';
import { WithdrawDto } from './dto/withdraw-file.dto';
import { FileDetailDto, FilePageDto, FileViewDto } from './dto/file.response';
import { CreatedIdDto, AcceptedDto, StatusResultDto } from '../common/dto/common.response';

@ApiTags('files')
@ApiBearerAuth()
@Controller('files')
export class FilesController {
  constructor(private readonly files: FilesService) {}

  @Post()
  @Roles('caseworker')
  @ApiOperation({
    summary:
      'Open a hardship file (建档): starts hardship-file:<fileId> with an investigation task; one open file per household and person (409)',
  })
  @ApiCreatedResponse({ type: FileViewDto })
  open(@Body() dto: OpenFileDto, @CurrentUser() user: AuthUser): Promise<FileViewDto> {
    return this.files.open(dto, user);
  }

  @Get()
  @ApiOperation({ summary: 'Files in the caller’s org subtree (filters: status, category, org unit)' })
  @ApiOkResponse({ type: FilePageDto })
  list(@Query() q: ListFilesQueryDto, @CurrentUser() user: AuthUser): Promise<Page<FileViewDto>> {
    return this.files.list(user, q);
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'One file: five clears, visit, category with the policy version and figures it used, measures, timeline',
  })
  @ApiOkResponse({ type: FileDetailDto })
  async get(
    @Param('id', UuidParamPipe) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<FileViewDto & { measures: unknown[]; timeline: TimelineEventView[] }> {
    const f = await this.files.get(id, user);
    return { ...f, measures: await this.files.measures(id), timeline: await this.files.timeline(id) };
  }

  @Put(':id/investigation')
  @Roles('caseworker')
  @ApiOperation({ summary: 'Record the five clears (五清) and the home visit (一访)' })
  @ApiOkResponse({ type: FileViewDto })
  investigate(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: InvestigationDto,
    @CurrentUser() user: AuthUser,
  ): Promise<FileViewDto> {
    return this.files.recordInvestigation(id, dto, user);
  }

  @Post(':id/measures')
  @ApiCreatedResponse({ type: CreatedIdDto })
  @Roles('caseworker', 'branch_chair', 'union_chair')
  @ApiOperation({
    summary:
      'Add a help-plan measure (money, medical help, tuition, training, job referral, counselling, legal aid…)',
  })
  measure(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: MeasureDto,
    @CurrentUser() user: AuthUser,
  ): Promise<{ id: string }> {
    return this.files.addMeasure(id, dto, user);
  }

  @Post(':id/objections')
  @ApiAcceptedResponse({ type: AcceptedDto })
  @Roles('caseworker', 'branch_chair', 'union_chair', 'admin')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Record an objection during public notice: the file goes back to review with it attached',
  })
  async object(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: ObjectionDto,
    @CurrentUser() user: AuthUser,
  ): Promise<{ accepted: true }> {
    await this.files.object(id, dto, user);
    return { accepted: true };
  }

  @Post(':id/withdraw')
  @ApiOkResponse({ type: StatusResultDto })
  @Roles(...WITHDRAW_ROLES)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Withdraw a file still in registration: open tasks are cancelled and it ends cleanly',
  })
  withdraw(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: WithdrawDto,
    @CurrentUser() user: AuthUser,
  ): Promise<{ status: string }> {
    return this.files.withdraw(id, dto.reason, user);
  }
}
