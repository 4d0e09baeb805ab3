import { Injectable } from '@nestjs/common';
import { AuditQueryRepository, AuditRow, AuditScope } from '../../../../libs/audit/audit-query.repository';
import { isSensitiveRead } from '../../../../libs/domain/sensitive-reads';
import type { AuthUser } from '../auth/auth.decorators';
import { AppException } from '../common/errors';
import type { Page } from '../common/pagination';
import { timelineLabel } from '../common/timeline-labels';
import type { AuditQueryDto, LoginLogQueryDto } from './dto/audit.dto';
import type { AuditEntryDto, LoginLogEntryDto } from './dto/audit.response';

export const AUDIT_READER_ROLES = ['auditor', 'admin'] as const;
/** At most this many rows in one export (narrow the filters for more). */
export const AUDIT_EXPORT_MAX = 50_000;

/** The auditor's views: the audit log and the login log, within the reader's org scope. */
@Injectable()
export class AuditService {
  constructor(private readonly rows: AuditQueryRepository) {}

  /** Admins read everything; an auditor reads the subtrees of their auditor grants (and federation-wide rows from the root). */
  scopeOf(user: AuthUser): AuditScope | null {
    if (user.grants.some((g) => g.role === 'admin')) return null;
    const grants = user.grants.filter((g) => g.role === 'auditor');
    return { paths: grants.map((g) => g.orgPath), unscoped: grants.some((g) => !g.orgPath.includes('.')) };
  }

  async search(q: AuditQueryDto, user: AuthUser, limit = q.limit ?? 50): Promise<Page<AuditEntryDto>> {
    const orgPath = q.orgUnitId ? await this.rows.unitPath(q.orgUnitId) : undefined;
    if (q.orgUnitId && !orgPath)
      throw AppException.validation([
        { field: 'orgUnitId', rule: 'org_unit_exists', message: `no org unit ${q.orgUnitId}` },
      ]);
    const rows = await this.rows.search(this.scopeOf(user), {
      actorId: q.actorId,
      action: q.action,
      entityType: q.entityType,
      entityId: q.entityId,
      orgPath: orgPath ?? undefined,
      from: q.from,
      to: q.to,
      sensitiveOnly: q.sensitive === true,
      beforeId: q.cursor,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    return { items: page.map(view), nextCursor: rows.length > limit ? page[page.length - 1]!.id : null };
  }

  async exportRows(q: AuditQueryDto, user: AuthUser): Promise<AuditEntryDto[]> {
    return (await this.search({ ...q, cursor: undefined }, user, AUDIT_EXPORT_MAX)).items;
  }

  async logins(q: LoginLogQueryDto, user: AuthUser): Promise<Page<LoginLogEntryDto>> {
    const limit = q.limit ?? 50;
    const rows = await this.rows.logins(this.scopeOf(user), {
      username: q.username,
      outcome: q.outcome,
      from: q.from,
      to: q.to,
      beforeId: q.cursor,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    return {
      items: page.map(({ orgPath: _p, ...r }) => ({ ...r, at: new Date(r.at).toISOString() })),
      nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
    };
  }
}

function view(r: AuditRow): AuditEntryDto {
  const { orgPath: _p, ...rest } = r;
  return {
    ...rest,
    at: new Date(r.at).toISOString(),
    actionLabel: timelineLabel(r.action, (r.after ?? {}) as Record<string, unknown>),
    sensitive: isSensitiveRead(r.action),
  };
}
