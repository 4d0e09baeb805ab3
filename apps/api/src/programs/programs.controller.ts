import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Page } from '../common/pagination';
import { ProgramsService, ProgramView } from './programs.service';
import { ProgramPageDto } from './dto/program.response';

@ApiTags('programs')
@ApiBearerAuth()
@Controller('programs')
export class ProgramsController {
  constructor(private readonly programs: ProgramsService) {}

  @Get()
  @ApiOperation({ summary: 'Aid programs of the policy in force, with their amount range in fen' })
  @ApiOkResponse({ type: ProgramPageDto })
  list(): Promise<Page<ProgramView>> {
    return this.programs.list();
  }
}
