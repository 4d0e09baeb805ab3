import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, FailureType } from '../domain/errors';
import { chinaDate } from '../domain/calendar';
import { nextRecertificationDate } from '../domain/lifecycle';
import { AuditRepository } from '../audit/audit.repository';
import { PolicyRepository } from '../policy/policy.repository';

export interface RecertificationPlan {
  /** False when the file is no longer active: the workflow ends. */
  active: boolean;
  dueOn: string | null;
  caseworkerId: string | null;
  dueWorkingDays: number;
  mode: string;
  policyVersion: number;
}

/** Annual re-certification (年度复核) rounds of each file, written by the re-certification workflow. */
@Injectable()
export class RecertificationsRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly policy: PolicyRepository,
    private readonly audit: AuditRepository,
  ) {}

  /** The next round by the policy in force: after the last recorded round, or after activation. */
  async plan(p: { fileId: string; lastDueOn: string | null }): Promise<RecertificationPlan> {
    const [{ data, version }, rows] = await Promise.all([
      this.policy.current(),
      this.ds.query(
        `SELECT f.status, f.activated_at, f.caseworker_id,
                (SELECT to_char(max(due_on), 'YYYY-MM-DD') FROM recertifications r WHERE r.file_id = f.id) AS last_due
           FROM hardship_files f WHERE f.id = $1`,
        [p.fileId],
      ) as Promise<
        Array<{ status: string; activated_at: Date | null; caseworker_id: string; last_due: string | null }>
      >,
    ]);
    const f = rows[0];
    if (!f) throw new DomainError(FailureType.NotFound, `file ${p.fileId} not found`);
    const base = {
      dueWorkingDays: data.recertification.dueWorkingDays,
      mode: data.recertification.mode,
      policyVersion: version,
    };
    if (f.status !== 'active' || !f.activated_at)
      return { active: false, dueOn: null, caseworkerId: null, ...base };
    const last =
      [p.lastDueOn, f.last_due]
        .filter((x): x is string => !!x)
        .sort()
        .pop() ?? null;
    const dueOn = nextRecertificationDate(data.recertification, chinaDate(f.activated_at), last);
    return { active: true, dueOn, caseworkerId: f.caseworker_id, ...base };
  }

  /** Opens the round (once per file and date); answers whether the file is still active. */
  async open(o: {
    fileId: string;
    workflowId: string;
    dueOn: string;
    mode: string;
    policyVersion: number;
  }): Promise<{ active: boolean }> {
    return this.ds.transaction(async (em) => {
      const [f] = (await em.query(`SELECT status FROM hardship_files WHERE id = $1`, [o.fileId])) as Array<{
        status: string;
      }>;
      if (f?.status !== 'active') return { active: false };
      const rows = (await em.query(
        `INSERT INTO recertifications (file_id, due_on, mode, policy_version, workflow_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (file_id, due_on) DO NOTHING RETURNING id`,
        [o.fileId, o.dueOn, o.mode, o.policyVersion, o.workflowId],
      )) as unknown[];
      if (rows.length) {
        await this.audit.append(
          {
            actorId: null,
            action: 'recertification.opened',
            entityType: 'hardship_file',
            entityId: o.fileId,
            workflowId: o.workflowId,
            after: { dueOn: o.dueOn, mode: o.mode, policyVersion: o.policyVersion },
          },
          em,
        );
      }
      return { active: true };
    });
  }

  async linkTask(l: { fileId: string; dueOn: string; taskId: string }): Promise<void> {
    await this.ds.query(`UPDATE recertifications SET task_id = $3 WHERE file_id = $1 AND due_on = $2`, [
      l.fileId,
      l.dueOn,
      l.taskId,
    ]);
  }

  /** Records the outcome: approve = recertified (续认), reject = not recertified (不予续认). */
  async record(r: {
    fileId: string;
    workflowId: string;
    dueOn: string;
    outcome: 'recertified' | 'not_recertified' | 'cancelled';
    actorId: string | null;
    comment: string | null;
  }): Promise<void> {
    await this.ds.transaction(async (em) => {
      const [rows] = (await em.query(
        `UPDATE recertifications SET status = $3, decided_by = $4, comment = $5, completed_at = now()
          WHERE file_id = $1 AND due_on = $2 AND status = 'open' RETURNING id`,
        [r.fileId, r.dueOn, r.outcome, r.actorId, r.comment],
      )) as [unknown[], number]; // UPDATE … RETURNING: [rows, count]
      if (rows.length) {
        await this.audit.append(
          {
            actorId: r.actorId,
            action: `recertification.${r.outcome}`,
            entityType: 'hardship_file',
            entityId: r.fileId,
            workflowId: r.workflowId,
            after: { dueOn: r.dueOn, outcome: r.outcome, comment: r.comment },
          },
          em,
        );
      }
    });
  }
}
