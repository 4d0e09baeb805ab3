import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiOkResponse } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../auth/auth.decorators';
import { Page } from '../common/pagination';
import { ListRecertificationsQueryDto, ListSubsidiesQueryDto } from './dto/lifecycle.dto';
import { SubsidiesService, SubsidyView } from './subsidies.service';
import { SubsidyPageDto, RecertificationPageDto } from './dto/subsidy.response';

@ApiTags('subsidies')
@ApiBearerAuth()
@Controller()
export class SubsidiesController {
  constructor(private readonly subsidies: SubsidiesService) {}

  @Get('subsidies')
  @ApiOkResponse({ type: SubsidyPageDto })
  @ApiOperation({
    summary:
      'Regular quarterly subsidy (定期补助) per file and quarter: paid, suspended (re-check overdue or no budget) or skipped; newest quarter first',
  })
  list(@Query() q: ListSubsidiesQueryDto, @CurrentUser() user: AuthUser): Promise<Page<SubsidyView>> {
    return this.subsidies.list(q, user);
  }

  @Get('recertifications')
  @ApiOkResponse({ type: RecertificationPageDto })
  @ApiOperation({
    summary: 'Annual re-certification rounds (年度复核) per file and their outcome, newest first',
  })
  recertifications(@Query() q: ListRecertificationsQueryDto, @CurrentUser() user: AuthUser) {
    return this.subsidies.recertifications(q, user);
  }
}
