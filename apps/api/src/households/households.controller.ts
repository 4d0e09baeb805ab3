import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiCreatedResponse } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { ExpenseDto, IncomeDto } from './dto/household-figures.dto';
import { AssetDto, MemberDto } from './dto/households.dto';
import { HouseholdsService } from './households.service';
import { HouseholdViewDto, MemberSensitiveDto } from './dto/household.response';
import { CreatedIdDto, OkDto } from '../common/dto/common.response';

@ApiTags('households')
@ApiBearerAuth()
@Controller('households')
export class HouseholdsController {
  constructor(private readonly households: HouseholdsService) {}

  @Get(':id')
  @ApiOperation({ summary: 'A household with its monthly incomes and yearly expenses (fen)' })
  @ApiOkResponse({ type: HouseholdViewDto })
  get(
    @Param('id', UuidParamPipe) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<Record<string, unknown>> {
    return this.households.get(id, user);
  }

  @Post(':id/members')
  @ApiCreatedResponse({ type: CreatedIdDto })
  @Roles('caseworker')
  @ApiOperation({
    summary:
      'Add a household member; the ID number is checked, encrypted and de-duplicated across households (409)',
  })
  member(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: MemberDto,
    @CurrentUser() user: AuthUser,
  ): Promise<{ id: string }> {
    return this.households.member(id, dto, user);
  }

  @Get(':id/members/:memberId/sensitive')
  @ApiOkResponse({ type: MemberSensitiveDto })
  @Roles('union_chair', 'admin')
  @ApiOperation({
    summary: 'Reveal a member’s ID number and health details (union chair, admin); every read is audited',
  })
  reveal(
    @Param('id', UuidParamPipe) id: string,
    @Param('memberId', UuidParamPipe) memberId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<{ memberId: string; nationalId: string | null; health: string | null }> {
    return this.households.reveal(id, memberId, user);
  }

  @Post(':id/assets')
  @ApiCreatedResponse({ type: OkDto })
  @Roles('caseworker')
  @ApiOperation({ summary: 'Declare an asset (home, second home, shop, vehicle, business, savings…)' })
  asset(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: AssetDto,
    @CurrentUser() user: AuthUser,
  ): Promise<{ ok: true }> {
    return this.households.asset(id, dto, user);
  }

  @Post(':id/incomes')
  @ApiCreatedResponse({ type: OkDto })
  @Roles('caseworker')
  @ApiOperation({ summary: 'Record one month’s income item (the same month and source replaces the figure)' })
  income(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: IncomeDto,
    @CurrentUser() user: AuthUser,
  ): Promise<{ ok: true }> {
    return this.households.income(id, dto, user);
  }

  @Post(':id/expenses')
  @ApiCreatedResponse({ type: OkDto })
  @Roles('caseworker')
  @ApiOperation({
    summary: 'Record a yearly expense: medical, tuition, elder care (rigid), hardship costs, other',
  })
  expense(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: ExpenseDto,
    @CurrentUser() user: AuthUser,
  ): Promise<{ ok: true }> {
    return this.households.expense(id, dto, user);
  }
}
