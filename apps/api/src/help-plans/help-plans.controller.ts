import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import {
  CreatePlanDto,
  MeasureOutcomeDto,
  NewMeasureDto,
  OverdueMeasuresParamDto,
  UpdateMeasureDto,
} from './dto/help-plans.dto';
import {
  HelpPlanViewDto,
  MeasureCreatedDto,
  PlanMeasureDto,
  OverdueMeasuresDto,
} from './dto/help-plans.response';
import { HelpPlansService } from './help-plans.service';

const WRITERS = ['caseworker', 'branch_chair', 'union_chair', 'admin'] as const;

@ApiTags('help-plans')
@ApiBearerAuth()
@Controller()
export class HelpPlansController {
  constructor(private readonly plans: HelpPlansService) {}

  @Get('files/:id/help-plan')
  @ApiOperation({
    summary:
      'A file’s help plan (帮扶计划): its measures (owner, due date, target, status, outcome) and the measures policy suggests for its causes',
  })
  @ApiOkResponse({ type: HelpPlanViewDto })
  get(@Param('id', UuidParamPipe) id: string, @CurrentUser() user: AuthUser): Promise<HelpPlanViewDto> {
    return this.plans.get(id, user);
  }

  @Post('files/:id/help-plan')
  @Roles(...WRITERS)
  @ApiOperation({
    summary:
      'Create an active file’s help plan from (edited) suggestions: each measure opens a task in its owner’s inbox, due on its due date; 409 when the file has one',
  })
  @ApiCreatedResponse({ type: HelpPlanViewDto })
  create(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: CreatePlanDto,
    @CurrentUser() user: AuthUser,
  ): Promise<HelpPlanViewDto> {
    return this.plans.create(id, dto, user);
  }

  @Post('files/:id/help-plan/measures')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Add a measure to the file’s help plan (a task for its owner)' })
  @ApiCreatedResponse({ type: MeasureCreatedDto })
  add(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: NewMeasureDto,
    @CurrentUser() user: AuthUser,
  ): Promise<MeasureCreatedDto> {
    return this.plans.addMeasure(id, dto, user);
  }

  @Patch('help-measures/:id')
  @Roles(...WRITERS)
  @ApiOperation({
    summary: 'Edit an open measure: owner, due date, target, in progress or dropped (its task follows)',
  })
  @ApiOkResponse({ type: PlanMeasureDto })
  update(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateMeasureDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PlanMeasureDto> {
    return this.plans.updateMeasure(id, dto, user);
  }

  @Post('help-measures/:id/outcome')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOperation({
    summary:
      'Record a measure’s outcome (done): employment job_found | no_job, schooling kept_in_school | left_school, others achieved | not_achieved; completes the owner’s task',
  })
  @ApiOkResponse({ type: PlanMeasureDto })
  outcome(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: MeasureOutcomeDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PlanMeasureDto> {
    return this.plans.recordOutcome(id, dto, user);
  }

  @Get('reassessments/:quarter/overdue-measures')
  @ApiOperation({
    summary:
      'The quarterly re-check’s review of help plans: measures overdue at the re-assessment’s as-of date, files of your subtree',
  })
  @ApiOkResponse({ type: OverdueMeasuresDto })
  overdue(@Param() p: OverdueMeasuresParamDto, @CurrentUser() user: AuthUser): Promise<OverdueMeasuresDto> {
    return this.plans.overdueAtReassessment(p.quarter, user);
  }
}
