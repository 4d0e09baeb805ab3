import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { AssignPairingDto, EndPairingDto, LogVisitDto, PairingListQueryDto } from './dto/pairing.dto';
import {
  PairingCoverageDto,
  PairingListDto,
  PairingOptionsDto,
  PairingVisitListDto,
  PairingVisitResultDto,
} from './dto/pairing.response';
import { PAIRING_ASSIGN_ROLES, PairingService } from './pairing.service';

@ApiTags('pairing')
@ApiBearerAuth()
@Controller('pairings')
export class PairingController {
  constructor(private readonly pairing: PairingService) {}

  @Post()
  @Roles(...PAIRING_ASSIGN_ROLES)
  @ApiOperation({
    summary:
      'Pair a leader (any user account) with a household of your subtree from a start date to an optional end date (结对帮扶); starts pairing:<id> (visit reminders, escalation of missed visits)',
  })
  @ApiCreatedResponse({ type: PairingListDto, description: 'the household’s live pairings' })
  assign(@Body() dto: AssignPairingDto, @CurrentUser() user: AuthUser): Promise<PairingListDto> {
    return this.pairing.assign(dto, user);
  }

  @Get()
  @ApiOperation({
    summary:
      'Pairings of your subtree, by household or leader (your own as a leader wherever the household is), with each next visit due date',
  })
  @ApiOkResponse({ type: PairingListDto })
  list(@Query() q: PairingListQueryDto, @CurrentUser() user: AuthUser): Promise<PairingListDto> {
    return this.pairing.list(q, user);
  }

  @Get('mine')
  @ApiOperation({ summary: 'My pairings as a leader (我的结对), most urgent visit first' })
  @ApiOkResponse({ type: PairingListDto })
  mine(@CurrentUser() user: AuthUser): Promise<PairingListDto> {
    return this.pairing.mine(user);
  }

  @Get('coverage')
  @ApiOperation({
    summary:
      'Coverage per org unit of your subtree: households paired, visited on time, overdue, escalated (one set-based statement)',
  })
  @ApiOkResponse({ type: PairingCoverageDto })
  coverage(@CurrentUser() user: AuthUser): Promise<PairingCoverageDto> {
    return this.pairing.coverage(user);
  }

  @Get('options')
  @Roles(...PAIRING_ASSIGN_ROLES)
  @ApiOperation({ summary: 'Households (with an active file) and leaders the assign form offers' })
  @ApiOkResponse({ type: PairingOptionsDto })
  options(@CurrentUser() user: AuthUser): Promise<PairingOptionsDto> {
    return this.pairing.options(user);
  }

  @Post(':id/end')
  @HttpCode(200)
  @Roles(...PAIRING_ASSIGN_ROLES)
  @ApiOperation({ summary: 'End a pairing early, with the reason (its workflow finishes)' })
  @ApiOkResponse({ type: PairingListDto })
  end(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: EndPairingDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PairingListDto> {
    return this.pairing.end(id, dto.reason, user);
  }

  @Post(':id/visits')
  @ApiOperation({
    summary:
      'The paired leader logs a visit (date, form, what was found, help given; free text encrypted at rest): the next due date counts from it',
  })
  @ApiCreatedResponse({ type: PairingVisitResultDto })
  logVisit(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: LogVisitDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PairingVisitResultDto> {
    return this.pairing.logVisit(id, dto, user);
  }

  @Get(':id/visits')
  @ApiOperation({ summary: 'A pairing’s visit logs, newest first (a sensitive read, audited)' })
  @ApiOkResponse({ type: PairingVisitListDto })
  visits(
    @Param('id', UuidParamPipe) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<PairingVisitListDto> {
    return this.pairing.visits(id, user);
  }
}
