import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { CampaignsService } from './campaigns.service';
import {
  HolidayCampaignDetailDto,
  HolidayCampaignListDto,
  HolidayCampaignRecipientListDto,
  HolidayCampaignReportDto,
  CampaignDeliveryResultDto,
  CampaignUndeliveredResultDto,
} from './dto/campaign.response';
import {
  CreateCampaignDto,
  DeliveryDto,
  NominationDto,
  RecipientsQueryDto,
  ReportQueryDto,
  UndeliveredDto,
} from './dto/campaigns.dto';

const UNIT_ROLES = ['caseworker', 'branch_chair', 'union_chair', 'admin'] as const;

@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post()
  @Roles('admin', 'union_chair')
  @ApiOperation({
    summary:
      'Define a holiday campaign (送温暖) for your subtree: occasion, period, delivery deadline, categories, standards per household, fund source, budget, quotas, named members; starts campaign:<code> (plan approval)',
  })
  @ApiCreatedResponse({ type: HolidayCampaignDetailDto })
  create(@Body() dto: CreateCampaignDto, @CurrentUser() user: AuthUser): Promise<HolidayCampaignDetailDto> {
    return this.campaigns.create(dto, user);
  }

  @Get()
  @ApiOperation({ summary: 'Campaigns of your subtree and above, newest first' })
  @ApiOkResponse({ type: HolidayCampaignListDto })
  list(@CurrentUser() user: AuthUser): Promise<HolidayCampaignListDto> {
    return this.campaigns.list(user);
  }

  @Get(':code')
  @ApiOperation({ summary: 'One campaign with its progress per grassroots unit' })
  @ApiOkResponse({ type: HolidayCampaignDetailDto })
  get(@Param('code') code: string, @CurrentUser() user: AuthUser): Promise<HolidayCampaignDetailDto> {
    return this.campaigns.get(code, user);
  }

  @Post(':code/nominations')
  @HttpCode(200)
  @Roles(...UNIT_ROLES)
  @ApiOperation({
    summary: 'Name a member for the campaign (hospitalised, front-line…) while its plan awaits approval',
  })
  @ApiOkResponse({ type: HolidayCampaignDetailDto })
  nominate(
    @Param('code') code: string,
    @Body() dto: NominationDto,
    @CurrentUser() user: AuthUser,
  ): Promise<HolidayCampaignDetailDto> {
    return this.campaigns.nominate(code, dto, user);
  }

  @Get(':code/recipients')
  @ApiOperation({ summary: 'The distribution list (households of your subtree), with each delivery' })
  @ApiOkResponse({ type: HolidayCampaignRecipientListDto })
  recipients(
    @Param('code') code: string,
    @Query() q: RecipientsQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<HolidayCampaignRecipientListDto> {
    return this.campaigns.recipients(code, q, user);
  }

  @Post(':code/recipients/:id/delivery')
  @HttpCode(200)
  @Roles(...UNIT_ROLES)
  @ApiOperation({
    summary:
      'Confirm a household’s delivery (date, cash and/or goods, who visited, photo or signed receipt): once per household; the same request again answers the first delivery, a different one is a 409',
  })
  @ApiOkResponse({ type: CampaignDeliveryResultDto })
  deliver(
    @Param('code') code: string,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: DeliveryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<CampaignDeliveryResultDto> {
    return this.campaigns.deliver(code, id, dto, user);
  }

  @Post(':code/recipients/:id/undelivered')
  @HttpCode(200)
  @Roles(...UNIT_ROLES)
  @ApiOperation({ summary: 'Report a household that cannot be reached, with the reason' })
  @ApiOkResponse({ type: CampaignUndeliveredResultDto })
  undelivered(
    @Param('code') code: string,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UndeliveredDto,
    @CurrentUser() user: AuthUser,
  ): Promise<CampaignUndeliveredResultDto> {
    return this.campaigns.undelivered(code, id, dto.reason, user);
  }

  @Get(':code/report')
  @ApiOperation({
    summary:
      'The closing report (delivered, undelivered with reasons, spent vs budget by program and unit; spent read from the ledger); ?format=xlsx downloads it',
  })
  @ApiOkResponse({ type: HolidayCampaignReportDto })
  @ApiProduces('application/json', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async report(
    @Param('code') code: string,
    @Query() q: ReportQueryDto,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<HolidayCampaignReportDto | StreamableFile> {
    if (q.format !== 'xlsx') return this.campaigns.report(code, user);
    const body = await this.campaigns.reportXlsx(code, user);
    res.setHeader('content-disposition', `attachment; filename="campaign-${code}.xlsx"`);
    return new StreamableFile(body, {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
  }
}
