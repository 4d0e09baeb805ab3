import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { syncProgramCatalogue } from '../../../../libs/database/seed';
import { validatePolicy } from '../../../../libs/domain/policy/schema';
import type { PolicyVersion } from '../../../../libs/domain/policy-types';
import { AuditRepository } from '../../../../libs/audit/audit.repository';
import { PolicyRepository } from '../../../../libs/policy/policy.repository';
import type { AuthUser } from '../auth/auth.decorators';
import { PolicyExceptions } from './policy.exceptions';
import { ReassessmentsService } from '../reassessments/reassessments.service';
import { CalendarDayDto, PublishPolicyDto } from './dto/policy.dto';

@Injectable()
export class PolicyService {
  constructor(
    private readonly policy: PolicyRepository,
    private readonly audit: AuditRepository,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly reassessments: ReassessmentsService,
  ) {}

  current(): Promise<PolicyVersion> {
    return this.policy.current();
  }

  async versions(): Promise<{
    items: Array<{ version: number; effectiveFrom: string; note: string; publishedAt: string }>;
    nextCursor: null;
  }> {
    const rows = (await this.ds.query(
      `SELECT version, effective_from, note, published_at FROM policy_versions ORDER BY version DESC`,
    )) as Array<{ version: number; effective_from: Date; note: string; published_at: Date }>;
    return {
      items: rows.map((r) => ({
        version: r.version,
        effectiveFrom: r.effective_from.toISOString(),
        note: r.note,
        publishedAt: r.published_at.toISOString(),
      })),
      nextCursor: null,
    };
  }

  async version(version: number): Promise<PolicyVersion> {
    const found = await this.policy.byVersion(version);
    if (!found) throw PolicyExceptions.versionNotFound(version);
    return found;
  }

  async publish(dto: PublishPolicyDto, user: AuthUser): Promise<PolicyVersion & { reassessmentId?: string }> {
    const checked = validatePolicy(dto.data);
    if (!checked.ok) throw PolicyExceptions.invalidPolicy(checked.errors);
    const previous = await this.policy.current().catch(() => null);
    const version = await this.ds.transaction(async (em) => {
      await em.query(`LOCK TABLE policy_versions IN EXCLUSIVE MODE`);
      const [{ next }] = (await em.query(
        `SELECT COALESCE(max(version), 0) + 1 AS next FROM policy_versions`,
      )) as Array<{ next: number }>;
      await em.query(
        `INSERT INTO policy_versions (version, effective_from, data, note, published_by) VALUES ($1, COALESCE($2::timestamptz, now()), $3, $4, $5)`,
        [next, dto.effectiveFrom ?? null, JSON.stringify(checked.data), dto.note, user.userId],
      );
      await syncProgramCatalogue(em, checked.data);
      await this.audit.append(
        {
          actorId: user.userId,
          actorName: user.displayName,
          action: 'policy.published',
          entityType: 'policy',
          entityId: String(next),
          after: { note: dto.note, effectiveFrom: dto.effectiveFrom ?? null },
        },
        em,
      );
      return next;
    });
    // a changed 低保 re-evaluates every active file of that locality (reassessment:policy-v<version>)
    const campaignId = await this.reassessments.onPolicyPublished(
      previous?.data ?? null,
      version,
      checked.data,
      dto.effectiveFrom ?? null,
      user.userId,
    );
    return {
      ...(await this.policy.byVersion(version))!,
      ...(campaignId ? { reassessmentId: campaignId } : {}),
    };
  }

  async calendar(): Promise<{
    items: Array<{ date: string; isWorkday: boolean; name: string; source: string }>;
    nextCursor: null;
  }> {
    const rows = (await this.ds.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS date, is_workday AS "isWorkday", name, source FROM calendar_days
        WHERE day >= date_trunc('year', now()) - interval '1 year' ORDER BY day`,
    )) as Array<{ date: string; isWorkday: boolean; name: string; source: string }>;
    return { items: rows, nextCursor: null };
  }

  async setDay(
    date: string,
    dto: CalendarDayDto,
    user: AuthUser,
  ): Promise<{ date: string; isWorkday: boolean }> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
      throw PolicyExceptions.invalidDate();
    }
    await this.ds.transaction(async (em) => {
      await em.query(
        `INSERT INTO calendar_days (day, is_workday, name, source, updated_by) VALUES ($1, $2, $3, 'admin', $4)
         ON CONFLICT (day) DO UPDATE SET is_workday = $2, name = $3, source = 'admin', updated_by = $4, updated_at = now()`,
        [date, dto.isWorkday, dto.name ?? '', user.userId],
      );
      await this.audit.append(
        { actorId: user.userId, action: 'calendar.set', entityType: 'calendar', entityId: date, after: dto },
        em,
      );
    });
    return { date, isWorkday: dto.isWorkday };
  }
}
