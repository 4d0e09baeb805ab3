import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, FailureType } from '../domain/errors';
import { outreachDueWorkingDays, type EarlyWarningKind } from '../domain/lifecycle';
import type { Role } from '../domain/roles';
import { AuditRepository } from '../audit/audit.repository';
import { PolicyRepository } from '../policy/policy.repository';

export interface OutreachPlan {
  kind: EarlyWarningKind;
  status: 'open' | 'closed';
  /** The worker's caseworker; without one (or an inactive one), the unit's grassroots chair. */
  candidateRole: Role;
  assigneeId: string | null;
  escalateTo: Role;
  dueWorkingDays: number;
  policyVersion: number;
}

/** Early-warning events (预警事件): writes of the early-warning workflow's activities. */
@Injectable()
export class EarlyWarningsRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly policy: PolicyRepository,
    private readonly audit: AuditRepository,
  ) {}

  async plan(p: { eventId: string }): Promise<OutreachPlan> {
    const [{ data, version }, rows] = await Promise.all([
      this.policy.current(),
      this.ds.query(
        `SELECT e.kind, e.status, u.id AS caseworker_id
           FROM early_warning_events e JOIN workers w ON w.id = e.worker_id
           LEFT JOIN users u ON u.id = w.caseworker_id AND u.active AND 'caseworker' = ANY(u.roles)
          WHERE e.id = $1`,
        [p.eventId],
      ) as Promise<
        Array<{ kind: EarlyWarningKind; status: 'open' | 'closed'; caseworker_id: string | null }>
      >,
    ]);
    const e = rows[0];
    if (!e) throw new DomainError(FailureType.NotFound, `early warning ${p.eventId} not found`);
    const dueWorkingDays = outreachDueWorkingDays(data.earlyWarning, e.kind);
    return e.caseworker_id
      ? {
          kind: e.kind,
          status: e.status,
          candidateRole: 'caseworker',
          assigneeId: e.caseworker_id,
          escalateTo: 'branch_chair',
          dueWorkingDays,
          policyVersion: version,
        }
      : {
          kind: e.kind,
          status: e.status,
          candidateRole: 'branch_chair',
          assigneeId: null,
          escalateTo: 'union_chair',
          dueWorkingDays,
          policyVersion: version,
        };
  }

  async linkTask(l: { eventId: string; workflowId: string; taskId: string }): Promise<void> {
    await this.ds.query(
      `UPDATE early_warning_events SET outreach_task_id = $2 WHERE id = $1 AND outreach_task_id IS DISTINCT FROM $2`,
      [l.eventId, l.taskId],
    );
  }

  /** The outreach task was completed: who visited, when (the comment and outcome are on the task). */
  async recordOutreach(r: {
    eventId: string;
    workflowId: string;
    actorId: string;
    comment: string | null;
  }): Promise<void> {
    await this.ds.transaction(async (em) => {
      const [rows] = (await em.query(
        `UPDATE early_warning_events SET outreach_done_at = now(), outreach_by = $2 WHERE id = $1 AND outreach_done_at IS NULL RETURNING id`,
        [r.eventId, r.actorId],
      )) as [unknown[], number]; // UPDATE … RETURNING: [rows, count]
      if (rows.length) {
        await this.audit.append(
          {
            actorId: r.actorId,
            action: 'early_warning.outreach',
            entityType: 'early_warning',
            entityId: r.eventId,
            workflowId: r.workflowId,
            after: { comment: r.comment },
          },
          em,
        );
      }
    });
  }

  async close(c: { eventId: string; workflowId: string; actorId: string }): Promise<void> {
    await this.ds.transaction(async (em) => {
      const [rows] = (await em.query(
        `UPDATE early_warning_events SET status = 'closed', closed_at = now(), closed_by = $2
          WHERE id = $1 AND status = 'open' RETURNING id`,
        [c.eventId, c.actorId],
      )) as [unknown[], number]; // UPDATE … RETURNING: [rows, count]
      if (rows.length) {
        await this.audit.append(
          {
            actorId: c.actorId,
            action: 'early_warning.closed',
            entityType: 'early_warning',
            entityId: c.eventId,
            workflowId: c.workflowId,
            after: { status: 'closed' },
          },
          em,
        );
      }
    });
  }
}
