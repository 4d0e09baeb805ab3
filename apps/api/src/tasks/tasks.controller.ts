import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { DecideResult } from '../../../../workflows/aid-case.workflow';
import { AuthUser, CurrentUser } from '../auth/auth.decorators';
import { ListQueryDto, Page } from '../common/pagination';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { DecideDto } from './dto/decide.dto';
import { TasksService, TaskView } from './tasks.service';

const TASK_STATUSES = ['open', 'completed', 'cancelled'] as const;

export class ListTasksQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: TASK_STATUSES, default: 'open' })
  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: (typeof TASK_STATUSES)[number];
}

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @ApiOperation({ summary: 'My tasks: candidate role I hold, within my org subtree' })
  list(@Query() q: ListTasksQueryDto, @CurrentUser() user: AuthUser): Promise<Page<TaskView>> {
    return this.tasks.list(user, q.status ?? 'open', q.limit ?? 50, q.cursor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One task' })
  get(@Param('id', UuidParamPipe) id: string, @CurrentUser() user: AuthUser): Promise<TaskView> {
    return this.tasks.get(id, user);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve or reject (comment required to reject): a Workflow Update' })
  decide(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: DecideDto,
    @CurrentUser() user: AuthUser,
  ): Promise<DecideResult> {
    return this.tasks.decide(id, dto, user);
  }
}
