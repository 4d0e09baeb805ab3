import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DecideResult } from '../../../../workflows/human-tasks';
import { AuthUser, CurrentUser } from '../auth/auth.decorators';
import { Page } from '../common/pagination';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { DecideDto, TaskActionDto } from './dto/decide.dto';
import { TasksService } from './tasks.service';
import { ListTasksQueryDto } from './dto/tasks.dto';
import {
  DecideResultDto,
  TaskActionResultDto,
  TaskContextDto,
  TaskPageDto,
  TaskViewDto,
} from './dto/task.response';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @ApiOperation({ summary: 'My tasks: candidate role I hold, within my org subtree' })
  @ApiOkResponse({ type: TaskPageDto })
  list(@Query() q: ListTasksQueryDto, @CurrentUser() user: AuthUser): Promise<Page<TaskViewDto>> {
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

  @Get(':id/context')
  @ApiOperation({
    summary:
      "The household's aid of the last 3 years and open loans, four-eyes for the caller, the next stage",
  })
  @ApiOkResponse({ type: TaskContextDto })
  context(@Param('id', UuidParamPipe) id: string, @CurrentUser() user: AuthUser): Promise<TaskContextDto> {
    return this.tasks.context(id, user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One task' })
  @ApiOkResponse({ type: TaskViewDto })
  get(@Param('id', UuidParamPipe) id: string, @CurrentUser() user: AuthUser): Promise<TaskViewDto> {
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
