import { Injectable } from '@nestjs/common';
import { PolicyRepository } from '../../../../libs/policy/policy.repository';
import type { Page } from '../common/pagination';
import type { ProgramViewDto } from './dto/program.response';

@Injectable()
export class ProgramsService {
  constructor(private readonly policy: PolicyRepository) {}

  async list(): Promise<Page<ProgramViewDto>> {
    const { version, data } = await this.policy.current();
    const applicationRoute = (code: string) =>
      code === data.tuition.programCode ? ('tuition' as const) : null;
    return {
      items: data.programs.map((p) => ({
        ...p,
        applicationRoute: applicationRoute(p.code),
        policyVersion: version,
      })),
      nextCursor: null,
    };
  }
}
