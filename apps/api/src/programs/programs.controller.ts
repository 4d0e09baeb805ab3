import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ProgramPolicy } from '../../../../libs/domain/policy-types';
import { PolicyRepository } from '../../../../libs/policy/policy.repository';
import type { Page } from '../common/pagination';
import { ProgramPageDto } from './dto/program.response';

export type ProgramView = Pick<
  ProgramPolicy,
  'code' | 'nameZh' | 'nameEn' | 'minAmountFen' | 'maxAmountFen'
> &
  Partial<ProgramPolicy> & { policyVersion: number };

@ApiTags('programs')
@ApiBearerAuth()
@Controller('programs')
export class ProgramsController {
  constructor(private readonly policy: PolicyRepository) {}

  @Get()
  @ApiOperation({ summary: 'Aid programs of the policy in force, with their amount range in fen' })
  @ApiOkResponse({ type: ProgramPageDto })
  async list(): Promise<Page<ProgramView>> {
    const { version, data } = await this.policy.current();
    return { items: data.programs.map((p) => ({ ...p, policyVersion: version })), nextCursor: null };
  }
}
