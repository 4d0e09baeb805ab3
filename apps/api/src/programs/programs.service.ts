import { Injectable } from '@nestjs/common';
import type { ProgramPolicy } from '../../../../libs/domain/policy-types';
import { PolicyRepository } from '../../../../libs/policy/policy.repository';
import type { Page } from '../common/pagination';

export type ProgramView = Pick<
  ProgramPolicy,
  'code' | 'nameZh' | 'nameEn' | 'minAmountFen' | 'maxAmountFen'
> &
  Partial<ProgramPolicy> & { policyVersion: number };

@Injectable()
export class ProgramsService {
  constructor(private readonly policy: PolicyRepository) {}

  async list(): Promise<Page<ProgramView>> {
    const { version, data } = await this.policy.current();
    return { items: data.programs.map((p) => ({ ...p, policyVersion: version })), nextCursor: null };
  }
}
