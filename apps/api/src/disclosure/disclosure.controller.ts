import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser, CurrentUser } from '../auth/auth.decorators';
import { exportFile } from '../common/export';
import { DisclosureService } from './disclosure.service';
import {
  FundUsageDisclosureDto,
  FundUsageQueryDto,
  RecipientsDisclosureDto,
  RecipientsDisclosureQueryDto,
  type DisclosedRecipientDto,
  type FundUsageRowDto,
} from './dto/disclosure.dto';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('disclosure')
@ApiBearerAuth()
@Controller('disclosure')
export class DisclosureController {
  constructor(private readonly disclosure: DisclosureService) {}

  @Get('recipients')
  @ApiOperation({
    summary:
      'Recipients of aid for public notice (公示): period and unit, masked names (张*明), program and amount, no ID numbers; cites the policy version in force; ?format=xlsx|csv',
  })
  @ApiOkResponse({ type: RecipientsDisclosureDto })
  @ApiProduces('application/json', XLSX, 'text/csv')
  async recipients(
    @Query() q: RecipientsDisclosureQueryDto,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RecipientsDisclosureDto | StreamableFile> {
    const d = await this.disclosure.recipients(q, user);
    if (!q.format) return d;
    return exportFile<DisclosedRecipientDto>(
      res,
      q.format,
      `disclosure-recipients-${q.from}-${q.to}-policy-v${d.policyVersion}`,
      [
        { zh: '日期', en: 'Date', value: (r) => r.paidOn },
        { zh: '姓名', en: 'Name', value: (r) => r.name },
        { zh: '单位', en: 'Unit', value: (r) => r.unitName },
        { zh: '项目', en: 'Program', value: (r) => r.programName },
        { zh: '金额（元）', en: 'Amount (yuan)', value: (r) => r.amountFen, fen: true },
      ],
      d.rows,
    );
  }

  @Get('fund-usage')
  @ApiOperation({
    summary:
      'Fund usage by program and fund source for a quarter (for the members’ congress): allocated, paid in the quarter, paid to date; cites the policy version in force; ?format=xlsx|csv',
  })
  @ApiOkResponse({ type: FundUsageDisclosureDto })
  @ApiProduces('application/json', XLSX, 'text/csv')
  async fundUsage(
    @Query() q: FundUsageQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FundUsageDisclosureDto | StreamableFile> {
    const d = await this.disclosure.fundUsage(q);
    if (!q.format) return d;
    return exportFile<FundUsageRowDto>(
      res,
      q.format,
      `disclosure-fund-usage-${q.year}Q${q.quarter}-policy-v${d.policyVersion}`,
      [
        { zh: '项目', en: 'Program', value: (r) => r.programName },
        { zh: '资金来源', en: 'Fund source', value: (r) => r.fundSourceName },
        { zh: '年度预算', en: 'Allocated', value: (r) => r.allocatedFen, fen: true },
        { zh: '本季支出', en: 'Paid this quarter', value: (r) => r.paidInPeriodFen, fen: true },
        { zh: '累计支出', en: 'Paid to date', value: (r) => r.paidToDateFen, fen: true },
        { zh: '笔数', en: 'Payments', value: (r) => r.payments },
      ],
      d.rows,
    );
  }
}
