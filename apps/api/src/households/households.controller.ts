import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OkDto } from '../common/dto/common.response';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { CategoryPreviewQueryDto, ExpenseDto, IncomeDto } from './dto/household-figures.dto';
import {
  AssetDto,
  CreateHouseholdDto,
  MemberDto,
  RemoveMemberDto,
  ReverseEntryDto,
  UpdateHouseholdDto,
  UpdateMemberDto,
} from './dto/households.dto';
import { HouseholdsService } from './households.service';
import {
  CategoryPreviewDto,
  EntryRecordedDto,
  EntryReversedDto,
  HouseholdCreatedDto,
  HouseholdViewDto,
  MemberSavedDto,
  MemberSensitiveDto,
} from './dto/household.response';

@ApiTags('households')
@ApiBearerAuth()
@Controller('households')
export class HouseholdsController {
  constructor(private readonly households: HouseholdsService) {}

  @Post()
  @Roles('caseworker')
  @ApiOperation({ summary: 'Create the household of a worker who has none (locality from the policy)' })
  @ApiOkResponse({ type: HouseholdCreatedDto })
  create(@Body() dto: CreateHouseholdDto, @CurrentUser() user: AuthUser): Promise<HouseholdCreatedDto> {
    return this.households.create(dto, user);
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'A household: members (masked), incomes by month and expenses by year with their reversals (fen)',
  })
  @ApiOkResponse({ type: HouseholdViewDto })
  get(@Param('id', UuidParamPipe) id: string, @CurrentUser() user: AuthUser): Promise<HouseholdViewDto> {
    return this.households.get(id, user);
  }

  @Patch(':id')
  @Roles('caseworker')
  @ApiOperation({
    summary: 'Change the household’s address or locality (whose 低保 the category uses); audited',
  })
  @ApiOkResponse({ type: HouseholdViewDto })
  update(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateHouseholdDto,
    @CurrentUser() user: AuthUser,
  ): Promise<HouseholdViewDto> {
    return this.households.update(id, dto, user);
  }

  @Get(':id/category-preview')
  @ApiOperation({
    summary:
      'The category today’s data gives: income window, per-capita income, the 低保 used, the rule applied, evidence missing',
  })
  @ApiOkResponse({ type: CategoryPreviewDto })
  preview(
    @Param('id', UuidParamPipe) id: string,
    @Query() q: CategoryPreviewQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<CategoryPreviewDto> {
    return this.households.preview(id, q, user);
  }

  @Post(':id/members')
  @Roles('caseworker')
  @ApiOperation({
    summary:
      'Add a household member (the size follows); the ID number is checked, encrypted and de-duplicated (409, another unit is never named)',
  })
  @ApiOkResponse({ type: MemberSavedDto })
  member(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: MemberDto,
    @CurrentUser() user: AuthUser,
  ): Promise<MemberSavedDto> {
    return this.households.member(id, dto, user);
  }

  @Patch(':id/members/:memberId')
  @Roles('caseworker')
  @ApiOperation({
    summary: 'Edit a member (relation, birth year, health, disability, work and school status)',
  })
  @ApiOkResponse({ type: MemberSavedDto })
  updateMember(
    @Param('id', UuidParamPipe) id: string,
    @Param('memberId', UuidParamPipe) memberId: string,
    @Body() dto: UpdateMemberDto,
    @CurrentUser() user: AuthUser,
  ): Promise<MemberSavedDto> {
    return this.households.updateMember(id, memberId, dto, user);
  }

  @Post(':id/members/:memberId/remove')
  @HttpCode(200)
  @Roles('caseworker')
  @ApiOperation({ summary: 'Remove a member with a reason (kept, marked; the size follows)' })
  @ApiOkResponse({ type: MemberSavedDto })
  removeMember(
    @Param('id', UuidParamPipe) id: string,
    @Param('memberId', UuidParamPipe) memberId: string,
    @Body() dto: RemoveMemberDto,
    @CurrentUser() user: AuthUser,
  ): Promise<MemberSavedDto> {
    return this.households.removeMember(id, memberId, dto, user);
  }

  @Get(':id/members/:memberId/sensitive')
  @Roles('union_chair', 'admin')
  @ApiOperation({
    summary:
      'Reveal a member’s ID number, health and disability details (union chair, admin); every read is audited',
  })
  @ApiOkResponse({ type: MemberSensitiveDto })
  reveal(
    @Param('id', UuidParamPipe) id: string,
    @Param('memberId', UuidParamPipe) memberId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<MemberSensitiveDto> {
    return this.households.reveal(id, memberId, user);
  }

  @Post(':id/assets')
  @Roles('caseworker')
  @ApiOperation({ summary: 'Declare an asset (home, second home, shop, vehicle, business, savings…)' })
  @ApiCreatedResponse({ type: OkDto })
  asset(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: AssetDto,
    @CurrentUser() user: AuthUser,
  ): Promise<{ ok: true }> {
    return this.households.asset(id, dto, user);
  }

  @Post(':id/incomes')
  @Roles('caseworker')
  @ApiOperation({ summary: 'Record one month’s income item (append-only: correct it by a reversing entry)' })
  @ApiOkResponse({ type: EntryRecordedDto })
  income(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: IncomeDto,
    @CurrentUser() user: AuthUser,
  ): Promise<{ ok: true; id: string }> {
    return this.households.income(id, dto, user);
  }

  @Post(':id/incomes/:entryId/reversal')
  @Roles('caseworker')
  @ApiOperation({
    summary: 'Correct an income entry: a reversing entry with the reason (and the corrected figure); audited',
  })
  @ApiOkResponse({ type: EntryReversedDto })
  reverseIncome(
    @Param('id', UuidParamPipe) id: string,
    @Param('entryId', UuidParamPipe) entryId: string,
    @Body() dto: ReverseEntryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<EntryReversedDto> {
    return this.households.reverse('household_incomes', id, entryId, dto, user);
  }

  @Post(':id/expenses')
  @Roles('caseworker')
  @ApiOperation({
    summary:
      'Record a yearly expense: medical, tuition, elder care (rigid), hardship costs, other (append-only)',
  })
  @ApiOkResponse({ type: EntryRecordedDto })
  expense(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: ExpenseDto,
    @CurrentUser() user: AuthUser,
  ): Promise<{ ok: true; id: string }> {
    return this.households.expense(id, dto, user);
  }

  @Post(':id/expenses/:entryId/reversal')
  @Roles('caseworker')
  @ApiOperation({
    summary:
      'Correct an expense entry: a reversing entry with the reason (and the corrected figure); audited',
  })
  @ApiOkResponse({ type: EntryReversedDto })
  reverseExpense(
    @Param('id', UuidParamPipe) id: string,
    @Param('entryId', UuidParamPipe) entryId: string,
    @Body() dto: ReverseEntryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<EntryReversedDto> {
    return this.households.reverse('household_expenses', id, entryId, dto, user);
  }
}
