import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiOkResponse, ApiCreatedResponse } from '@nestjs/swagger';
import type { PolicyVersion } from '../../../../libs/domain/policy-types';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { IntParamPipe } from '../common/int-param.pipe';
import { CalendarDayDto, PublishPolicyDto } from './dto/policy.dto';
import { PolicyService } from './policy.service';
import {
  PolicyVersionDto,
  PolicyVersionListDto,
  PublishedPolicyDto,
  CalendarListDto,
  CalendarDaySetDto,
} from './dto/policy.response';

@ApiTags('policy')
@ApiBearerAuth()
@Controller()
export class PolicyController {
  constructor(private readonly policies: PolicyService) {}

  @Get('policy')
  @ApiOkResponse({ type: PolicyVersionDto })
  @ApiOperation({
    summary:
      'The policy in force (低保 per locality, category rules, programs, stages, routing, notice, deadlines)',
  })
  current(): Promise<PolicyVersion> {
    return this.policies.current();
  }

  @Get('policy/versions')
  @ApiOkResponse({ type: PolicyVersionListDto })
  @ApiOperation({ summary: 'Every published policy version, newest first' })
  versions(): Promise<{
    items: Array<{ version: number; effectiveFrom: string; note: string; publishedAt: string }>;
    nextCursor: null;
  }> {
    return this.policies.versions();
  }

  @Get('policy/versions/:version')
  @ApiOkResponse({ type: PolicyVersionDto })
  @ApiOperation({ summary: 'One policy version (decisions record the version they used)' })
  version(@Param('version', new IntParamPipe()) version: number): Promise<PolicyVersion> {
    return this.policies.version(version);
  }

  @Post('policy')
  @ApiCreatedResponse({ type: PublishedPolicyDto })
  @Roles('admin')
  @ApiOperation({
    summary: 'Publish a new policy version (admin); earlier decisions keep the version they used',
  })
  publish(
    @Body() dto: PublishPolicyDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PolicyVersion & { reassessmentId?: string }> {
    return this.policies.publish(dto, user);
  }

  @Get('calendar')
  @ApiOkResponse({ type: CalendarListDto })
  @ApiOperation({
    summary:
      'Exceptions to the Monday–Friday week (holidays on weekdays, make-up workdays), from chinese-days, editable',
  })
  calendar(): Promise<{
    items: Array<{ date: string; isWorkday: boolean; name: string; source: string }>;
    nextCursor: null;
  }> {
    return this.policies.calendar();
  }

  @Put('calendar/:date')
  @ApiOkResponse({ type: CalendarDaySetDto })
  @Roles('admin')
  @ApiOperation({
    summary:
      'Set one day as working or not (admin), e.g. when the State Council publishes next year’s holidays',
  })
  setDay(
    @Param('date') date: string,
    @Body() dto: CalendarDayDto,
    @CurrentUser() user: AuthUser,
  ): Promise<{ date: string; isWorkday: boolean }> {
    return this.policies.setDay(date, dto, user);
  }
}
