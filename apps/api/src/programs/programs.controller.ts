import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Page } from '../common/pagination';
import { ProgramsService } from './programs.service';
import { ProgramPageDto, type ProgramViewDto } from './dto/program.response';

@ApiTags('programs')
@ApiBearerAuth()
@Controller('programs')
export class ProgramsController {
  constructor(private readonly programs: ProgramsService) {}

  @Get()
  @ApiOperation({ summary: 'Aid programs of the policy in force, with their amount range in fen' })
  @ApiOkResponse({ type: ProgramPageDto })
  list(): Promise<Page<ProgramViewDto>> {
    return this.programs.list();
  }
}
