import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Program } from '../../../../libs/database/entities';
import type { Page } from '../common/pagination';

export interface ProgramView {
  code: string;
  nameZh: string;
  nameEn: string;
  minAmountFen: number;
  maxAmountFen: number;
}

@ApiTags('programs')
@ApiBearerAuth()
@Controller('programs')
export class ProgramsController {
  constructor(@InjectRepository(Program) private readonly programs: Repository<Program>) {}

  @Get()
  @ApiOperation({ summary: 'Active aid programs with their amount range in fen' })
  async list(): Promise<Page<ProgramView>> {
    const rows = await this.programs.find({
      where: { active: true },
      order: { sortOrder: 'ASC', code: 'ASC' },
    });
    return {
      items: rows.map((p) => ({
        code: p.code,
        nameZh: p.nameZh,
        nameEn: p.nameEn,
        minAmountFen: p.minAmountFen,
        maxAmountFen: p.maxAmountFen,
      })),
      nextCursor: null,
    };
  }
}
