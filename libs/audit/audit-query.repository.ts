import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SENSITIVE_READ_ACTIONS, sensitiveReadSql } from '../domain/sensitive-reads';

export interface AuditRow {
  id: string;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string;
  workflowId: string | null;
  orgPath: string | null;
  orgUnitId: string | null;
  orgUnitName: string | null;
  before: unknown;
  after: unknown;
  details: Record<string, unknown>;
}

export interface LoginRow {
  id: string;
  at: Date;
  username: string;
  userId: string | null;
  displayName: string | null;
  clientIp: string;
  outcome: string;
  actorId: string | null;
  orgPath: string | null;
}

/**
 * Where an auditor may look: org subtrees (`paths`), and whether rows with no unit
 * (federation-wide: policy, calendar, logins of unknown names) are in scope. null = everything.
 */
export interface AuditScope {
  paths: string[];
  unscoped: boolean;
}

export interface AuditFilter {
  actorId?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  orgPath?: string;
  from?: Date;
  to?: Date;
  sensitiveOnly?: boolean;
  /** keyset: rows with id below this */
  beforeId?: string;
  limit: number;
}

/** Reads of the append-only audit log and the login log (newest first, keyset pages by id). */
@Injectable()
export class AuditQueryRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async search(scope: AuditScope | null, f: AuditFilter): Promise<AuditRow[]> {
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where: string[] = [];
    if (scope) where.push(scopeSql('a.org_path', scope, p));
    if (f.actorId) where.push(`a.actor_id = ${p(f.actorId)}`);
    if (f.action)
      where.push(
        f.action.endsWith('.*')
          ? `a.action LIKE ${p(`${f.action.slice(0, -1)}%`)}`
          : `a.action = ${p(f.action)}`,
      );
    if (f.entityType) where.push(`a.entity_type = ${p(f.entityType)}`);
    if (f.entityId) where.push(`a.entity_id = ${p(f.entityId)}`);
    if (f.orgPath) where.push(`(a.org_path = ${p(f.orgPath)} OR a.org_path LIKE ${p(`${f.orgPath}.%`)})`);
    if (f.from) where.push(`a.at >= ${p(f.from)}`);
    if (f.to) where.push(`a.at < ${p(f.to)}`);
    if (f.sensitiveOnly) where.push(sensitiveReadSql('a.action', p([...SENSITIVE_READ_ACTIONS])));
    if (f.beforeId) where.push(`a.id < ${p(f.beforeId)}::bigint`);
    return (await this.ds.query(
      `SELECT a.id::text AS id, a.at, a.actor_id AS "actorId", a.actor_name AS "actorName", a.action,
              a.entity_type AS "entityType", a.entity_id AS "entityId", a.workflow_id AS "workflowId",
              a.org_path AS "orgPath", o.id AS "orgUnitId", o.name_zh AS "orgUnitName",
              a.before, a.after, a.details
         FROM audit_log a
         LEFT JOIN org_units o ON o.path = a.org_path
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY a.id DESC LIMIT ${p(f.limit)}`,
      params,
    )) as AuditRow[];
  }

  async logins(
    scope: AuditScope | null,
    f: { username?: string; outcome?: string; from?: Date; to?: Date; beforeId?: string; limit: number },
  ): Promise<LoginRow[]> {
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where: string[] = [];
    if (scope) where.push(scopeSql('o.path', scope, p));
    if (f.username) where.push(`l.username = ${p(f.username)}`);
    if (f.outcome) where.push(`l.outcome = ${p(f.outcome)}`);
    if (f.from) where.push(`l.at >= ${p(f.from)}`);
    if (f.to) where.push(`l.at < ${p(f.to)}`);
    if (f.beforeId) where.push(`l.id < ${p(f.beforeId)}::bigint`);
    return (await this.ds.query(
      `SELECT l.id::text AS id, l.at, l.username, l.user_id AS "userId", u.display_name AS "displayName",
              l.client_ip AS "clientIp", l.outcome, l.actor_id AS "actorId", o.path AS "orgPath"
         FROM login_attempts l
         LEFT JOIN users u ON u.id = l.user_id
         LEFT JOIN org_units o ON o.id = u.org_unit_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY l.id DESC LIMIT ${p(f.limit)}`,
      params,
    )) as LoginRow[];
  }

  async unitPath(orgUnitId: string): Promise<string | null> {
    const [row] = (await this.ds.query(`SELECT path FROM org_units WHERE id = $1`, [orgUnitId])) as Array<{
      path: string;
    }>;
    return row?.path ?? null;
  }
}

function scopeSql(column: string, scope: AuditScope, p: (v: unknown) => string): string {
  const parts = scope.paths.map((s) => `(${column} = ${p(s)} OR ${column} LIKE ${p(`${s}.%`)})`);
  if (scope.unscoped) parts.push(`${column} IS NULL`);
  return parts.length ? `(${parts.join(' OR ')})` : 'false';
}
