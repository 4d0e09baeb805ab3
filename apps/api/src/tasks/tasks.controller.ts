import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { DecideResult } from '../../../../workflows/human-tasks';
import { AuthUser, CurrentUser } from '../auth/auth.decorators';
import { ListQueryDto, Page } from '../common/pagination';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { DecideDto, TaskActionDto } from './dto/decide.dto';
import { TasksService, TaskView } from './tasks.service';
import { DecideResultDto, TaskActionResultDto, TaskPageDto, TaskViewDto } from './dto/task.response';

const TASK_STATUSES = ['open', 'completed', 'cancelled'] as const;

export class ListTasksQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: TASK_STATUSES, default: 'open' })
  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: (typeof TASK_STATUSES)[number];

  @ApiPropertyOptional({
    description: 'task type: approval, rework, funds, payment, follow_up, investigation…',
  })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  type?: string;

  @ApiPropertyOptional({ description: 'stage code, e.g. grassroots, union, leader' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  stage?: string;

  @ApiPropertyOptional({ description: 'only tasks past their due time' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'only tasks due within 24 hours' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  dueSoon?: boolean;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;
}

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @ApiOperation({ summary: 'My tasks: candidate role I hold, within my org subtree' })
  @ApiOkResponse({ type: TaskPageDto })
  list(@Query() q: ListTasksQueryDto, @CurrentUser() user: AuthUser): Promise<Page<TaskView>> {
    return this.tasks.list(
      user,
      {
        status: q.status ?? 'open',
        type: q.type,
        stage: q.stage,
        overdue: q.overdue,
        dueSoon: q.dueSoon,
        orgUnitId: q.orgUnitId,
      },
      q.limit ?? 50,
      q.cursor,
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'One task' })
  @ApiOkResponse({ type: TaskViewDto })
  get(@Param('id', UuidParamPipe) id: string, @CurrentUser() user: AuthUser): Promise<TaskView> {
    return this.tasks.get(id, user);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve or reject (comment required to reject): a Workflow Update' })
  @ApiOkResponse({ type: DecideResultDto })
  decide(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: DecideDto,
    @CurrentUser() user: AuthUser,
  ): Promise<DecideResult> {
    return this.tasks.decide(id, dto, user);
  }

  @Post(':id/action')
  @HttpCode(200)
  @ApiOperation({ summary: 'Claim, release or reassign (chair or admin) a task' })
  @ApiOkResponse({ type: TaskActionResultDto })
  act(@Param('id', UuidParamPipe) id: string, @Body() dto: TaskActionDto, @CurrentUser() user: AuthUser) {
    return this.tasks.act(id, dto, user);
  }
}
