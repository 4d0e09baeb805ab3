import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import {
  CreateTuitionApplicationDto,
  TuitionApplicationViewDto,
  TuitionOptionsDto,
  TuitionReportDto,
  TuitionReportQueryDto,
} from './dto/tuition.dto';
import { TuitionService } from './tuition.service';

@ApiTags('tuition')
@ApiBearerAuth()
@Controller('tuition')
export class TuitionController {
  constructor(private readonly tuition: TuitionService) {}

  @Post('applications')
  @Roles('caseworker')
  @ApiOperation({
    summary:
      '金秋助学: apply for a member’s child (household member) with school level and school, within the policy window (422 with the window’s dates outside it); amount by level from policy; once per child per school year; then the aid-case path (approval chain, payment once)',
  })
  @ApiCreatedResponse({ type: TuitionApplicationViewDto })
  apply(
    @Body() dto: CreateTuitionApplicationDto,
    @CurrentUser() user: AuthUser,
  ): Promise<TuitionApplicationViewDto> {
    return this.tuition.apply(dto, user);
  }

  @Get('options')
  @ApiOperation({
    summary: '金秋助学: this year’s application window and the amount per school level (policy in force)',
  })
  @ApiOkResponse({ type: TuitionOptionsDto })
  options(): Promise<TuitionOptionsDto> {
    return this.tuition.options();
  }

  @Get('report')
  @ApiOperation({ summary: 'The drive report of a school year by org unit and level (paid from the ledger)' })
  @ApiOkResponse({ type: TuitionReportDto })
  report(@Query() q: TuitionReportQueryDto, @CurrentUser() user: AuthUser): Promise<TuitionReportDto> {
    return this.tuition.report(q.schoolYear, user);
  }
}
