import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface AuditEntry {
  actorId: string | null;
  actorName?: string | null;
  action: string;
  entityType: string;
  entityId: string;
  workflowId?: string | null;
  before?: unknown;
  after?: unknown;
  details?: Record<string, unknown>;
}

/** Append-only audit log (the table refuses UPDATE, DELETE and TRUNCATE by trigger). */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async append(e: AuditEntry, em: EntityManager = this.ds.manager): Promise<void> {
    await em.query(
      `INSERT INTO audit_log (actor_id, actor_name, action, entity_type, entity_id, workflow_id, before, after, details)
       VALUES ($1, COALESCE($2, (SELECT display_name FROM users WHERE id = $1)), $3, $4, $5, $6, $7, $8, $9)`,
      [
        e.actorId,
        e.actorName ?? null,
        e.action,
        e.entityType,
        e.entityId,
        e.workflowId ?? null,
        e.before === undefined ? null : JSON.stringify(e.before),
        e.after === undefined ? null : JSON.stringify(e.after),
        JSON.stringify(e.details ?? {}),
      ],
    );
  }
}
