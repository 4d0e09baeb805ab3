import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { startOfChinaDay } from '../../../../libs/domain/calendar';
import { maskName, quarterDates } from '../../../../libs/domain/disclosure';
import { isWithinScope } from '../../../../libs/domain/org-scope';
import { DisclosureRepository } from '../../../../libs/disclosure/disclosure.repository';
import { addDays } from '../../../../libs/domain/loan';
import { PolicyRepository } from '../../../../libs/policy/policy.repository';
import type { AuthUser } from '../auth/auth.decorators';
import { AppException } from '../common/errors';
import type { FundUsageDisclosureDto, RecipientsDisclosureDto } from './dto/disclosure.dto';

/** Disclosure (公开): recipients with masked names and fund usage, each citing the policy in force. */
@Injectable()
export class DisclosureService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly disclosure: DisclosureRepository,
    private readonly policy: PolicyRepository,
  ) {}

  /** The policy in force at the end of a China date. */
  private policyAt(date: string) {
    return this.policy.current(startOfChinaDay(addDays(date, 1)));
  }

  async recipients(
    q: { from: string; to: string; orgUnitId?: string },
    user: AuthUser,
  ): Promise<RecipientsDisclosureDto> {
    if (q.to < q.from)
      throw AppException.validation([
        { field: 'to', rule: 'after_from', message: 'to must not be before from', params: { from: q.from } },
      ]);
    const [unit] = (await this.ds.query(`SELECT path, name_zh FROM org_units WHERE id = $1`, [
      q.orgUnitId ?? user.orgUnitId,
    ])) as Array<{
      path: string;
      name_zh: string;
    }>;
    if (!unit) throw AppException.notFound('org unit', 'orgUnitId', q.orgUnitId ?? '');
    if (!isWithinScope(user.orgPath, unit.path))
      throw AppException.forbidden('the unit lies outside your org subtree', 'org_scope');
    const [rows, policy] = await Promise.all([
      this.disclosure.recipients({ from: q.from, to: q.to, orgPath: unit.path }),
      this.policyAt(q.to),
    ]);
    return {
      from: q.from,
      to: q.to,
      orgUnitName: unit.name_zh,
      policyVersion: policy.version,
      policyEffectiveFrom: policy.effectiveFrom,
      totalFen: rows.reduce((s, r) => s + r.amountFen, 0),
      rows: rows.map((r) => ({ ...r, name: maskName(r.name) })),
    };
  }

  async fundUsage(q: { year: number; quarter: 1 | 2 | 3 | 4 }): Promise<FundUsageDisclosureDto> {
    const { from, to } = quarterDates(q.year, q.quarter);
    const [rows, policy] = await Promise.all([
      this.disclosure.fundUsage({ year: q.year, from, to }),
      this.policyAt(to),
    ]);
    return {
      year: q.year,
      quarter: q.quarter,
      from,
      to,
      policyVersion: policy.version,
      policyEffectiveFrom: policy.effectiveFrom,
      rows,
    };
  }
}
