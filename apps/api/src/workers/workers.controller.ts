import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { ListQueryDto, Page } from '../common/pagination';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { PII_REVEAL_ROLES, WorkersService } from './workers.service';
import { NationalIdDto, WorkerPageDto, WorkerViewDto } from './dto/worker.response';

@ApiTags('workers')
@ApiBearerAuth()
@Controller('workers')
export class WorkersController {
  constructor(private readonly workers: WorkersService) {}

  @Get()
  @ApiOperation({ summary: 'Workers in the caller’s org subtree, by employee number (ID numbers masked)' })
  @ApiOkResponse({ type: WorkerPageDto })
  list(@Query() q: ListQueryDto, @CurrentUser() user: AuthUser): Promise<Page<WorkerViewDto>> {
    return this.workers.list(q, user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One worker (ID number masked)' })
  @ApiOkResponse({ type: WorkerViewDto })
  get(@Param('id', UuidParamPipe) id: string, @CurrentUser() user: AuthUser): Promise<WorkerViewDto> {
    return this.workers.get(id, user);
  }

  @Get(':id/national-id')
  @Roles(...PII_REVEAL_ROLES)
  @ApiOperation({
    summary: 'Reveal the national ID number (union chair, admin); every read is written to the audit log',
  })
  @ApiOkResponse({ type: NationalIdDto })
  reveal(
    @Param('id', UuidParamPipe) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<{ workerId: string; nationalId: string | null }> {
    return this.workers.reveal(id, user);
  }
}
