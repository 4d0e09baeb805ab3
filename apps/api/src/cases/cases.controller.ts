import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { WITHDRAW_ROLES } from '../../../../libs/domain/roles';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { CaseExceptions } from './cases.exceptions';
import { Page } from '../common/pagination';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { CasesService, CaseEventView } from './cases.service';
import { CreateCaseDto } from './dto/create-case.dto';
import { ObjectionDto } from '../common/dto/objection.dto';
import { ListCasesQueryDto, WithdrawCaseDto } from './dto/cases.dto';
import { CaseDetailDto, CasePageDto, CaseViewDto, CaseWithdrawnDto } from './dto/case.response';
import { AcceptedDto } from '../common/dto/common.response';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @Roles('caseworker')
  @ApiOperation({ summary: 'File an aid application for a worker: starts workflow aid-case:<caseId>' })
  @ApiHeader({
    name: 'idempotency-key',
    required: false,
    description: 'the same key never creates a second case (409)',
  })
  @ApiCreatedResponse({ type: CaseViewDto })
  create(
    @Body() dto: CreateCaseDto,
    @CurrentUser() user: AuthUser,
    @Headers('idempotency-key') key?: string,
  ): Promise<CaseViewDto> {
    if (key !== undefined && (key.length < 8 || key.length > 200))
      throw CaseExceptions.idempotencyKeyLength();
    return this.cases.create(dto, user, key);
  }

  @Get()
  @ApiOperation({ summary: 'Cases in the caller’s org subtree, newest first' })
  @ApiOkResponse({ type: CasePageDto })
  list(@Query() q: ListCasesQueryDto, @CurrentUser() user: AuthUser): Promise<Page<CaseViewDto>> {
    return this.cases.list(user, q.limit ?? 50, q.cursor, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One case with its history (who did what, when)' })
  @ApiOkResponse({ type: CaseDetailDto })
  async get(
    @Param('id', UuidParamPipe) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<CaseViewDto & { history: CaseEventView[] }> {
    const c = await this.cases.get(id, user);
    return { ...c, history: await this.cases.history(id) };
  }

  @Post(':id/objections')
  @Roles('caseworker', 'branch_chair', 'union_chair', 'admin')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Record an objection raised during the public notice (公示): the case goes back to review',
  })
  @ApiAcceptedResponse({ type: AcceptedDto })
  async object(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: ObjectionDto,
    @CurrentUser() user: AuthUser,
  ): Promise<{ accepted: true }> {
    await this.cases.object(id, dto, user);
    return { accepted: true };
  }

  @Post(':id/withdraw')
  @Roles(...WITHDRAW_ROLES)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Withdraw a case not yet paid: open tasks are cancelled and any reservation is released',
  })
  @ApiOkResponse({ type: CaseWithdrawnDto })
  withdraw(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: WithdrawCaseDto,
    @CurrentUser() user: AuthUser,
  ): Promise<{ status: string }> {
    return this.cases.withdraw(id, dto.reason, user);
  }
}
