import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource, EntityManager } from 'typeorm';
import type { CaseStatus, Decision } from '../domain/aid-case';
import type { Role } from '../domain/roles';

export interface CaseSubmission {
  caseId: string;
  workflowId: string;
  workerId: string;
  programCode: string;
  amountFen: number;
  reason: string;
  createdBy: string;
}

export interface DecisionRecord {
  caseId: string;
  workflowId: string;
  taskId: string;
  decision: Decision;
  comment: string | null;
  actor: { userId: string; displayName: string };
  status: CaseStatus;
}

/**
 * Writes of the aid-case read model, called only from activities. Every write is idempotent:
 * a retried activity after a commit is a no-op (unique keys on case id and event key).
 */
@Injectable()
export class CaseRecordsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async recordSubmitted(s: CaseSubmission): Promise<{ caseNo: string; orgUnitId: string }> {
    return this.ds.transaction(async (em) => {
      const existing = (await em.query(`SELECT case_no, org_unit_id FROM aid_cases WHERE id = $1`, [
        s.caseId,
      ])) as Array<{
        case_no: string;
        org_unit_id: string;
      }>;
      if (existing[0]) return { caseNo: existing[0].case_no, orgUnitId: existing[0].org_unit_id };
      const workers = (await em.query(`SELECT org_unit_id, household_id FROM workers WHERE id = $1`, [
        s.workerId,
      ])) as Array<{
        org_unit_id: string;
        household_id: string | null;
      }>;
      const worker = workers[0];
      if (!worker)
        throw ApplicationFailure.create({
          type: 'NotFound',
          message: `worker ${s.workerId} not found`,
          nonRetryable: true,
        });
      const [row] = (await em.query(
        `INSERT INTO aid_cases (id, case_no, workflow_id, worker_id, household_id, org_unit_id, program_code, amount_fen, reason, status, created_by)
         VALUES ($1, 'AC-' || to_char(now(), 'YYYY') || '-' || lpad(nextval('aid_case_no_seq')::text, 6, '0'),
                 $2, $3, $4, $5, $6, $7, $8, 'submitted', $9)
         RETURNING case_no`,
        [
          s.caseId,
          s.workflowId,
          s.workerId,
          worker.household_id,
          worker.org_unit_id,
          s.programCode,
          s.amountFen,
          s.reason,
          s.createdBy,
        ],
      )) as Array<{ case_no: string }>;
      await this.appendEvent(em, s.caseId, `${s.workflowId}:submitted`, 'submitted', s.createdBy, {
        programCode: s.programCode,
        amountFen: s.amountFen,
      });
      return { caseNo: row!.case_no, orgUnitId: worker.org_unit_id };
    });
  }

  /** Opens an approval task for a stage (idempotent by workflow + stage) and marks the case pending. */
  async openApprovalTask(a: {
    caseId: string;
    workflowId: string;
    stage: string;
    candidateRole: Role;
  }): Promise<{ taskId: string }> {
    return this.ds.transaction(async (em) => {
      const key = `${a.workflowId}:task:${a.stage}`;
      const inserted = (await em.query(
        `INSERT INTO tasks (idempotency_key, type, subject_type, subject_id, workflow_id, stage, candidate_role, org_unit_id, org_path, status)
         SELECT $1, 'approval', 'aid_case', c.id, $2, $3, $4, o.id, o.path, 'open'
           FROM aid_cases c JOIN org_units o ON o.id = c.org_unit_id WHERE c.id = $5
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING id`,
        [key, a.workflowId, a.stage, a.candidateRole, a.caseId],
      )) as Array<{ id: string }>;
      if (inserted[0]) {
        await em.query(`UPDATE aid_cases SET status = 'pending_approval', updated_at = now() WHERE id = $1`, [
          a.caseId,
        ]);
        await this.appendEvent(em, a.caseId, `${key}:opened`, 'task_opened', null, {
          taskId: inserted[0].id,
          stage: a.stage,
          candidateRole: a.candidateRole,
        });
        return { taskId: inserted[0].id };
      }
      const [found] = (await em.query(`SELECT id FROM tasks WHERE idempotency_key = $1`, [key])) as Array<{
        id: string;
      }>;
      if (!found)
        throw ApplicationFailure.create({
          type: 'NotFound',
          message: `case ${a.caseId} not found`,
          nonRetryable: true,
        });
      return { taskId: found.id };
    });
  }

  async recordDecision(d: DecisionRecord): Promise<void> {
    await this.ds.transaction(async (em) => {
      const key = `${d.workflowId}:decision:${d.taskId}`;
      const fresh = await this.appendEvent(
        em,
        d.caseId,
        key,
        d.decision === 'approve' ? 'approved' : 'rejected',
        d.actor.userId,
        {
          taskId: d.taskId,
          comment: d.comment,
        },
        d.actor.displayName,
      );
      if (!fresh) return; // already recorded by an earlier attempt
      await em.query(
        `UPDATE tasks SET status = 'completed', decision = $2, comment = $3, actor_id = $4, completed_at = now()
          WHERE id = $1 AND status = 'open'`,
        [d.taskId, d.decision, d.comment, d.actor.userId],
      );
      await em.query(
        `UPDATE aid_cases SET status = $2, updated_at = now(), closed_at = now() WHERE id = $1`,
        [d.caseId, d.status],
      );
    });
  }

  /** Appends a history event once per key; returns false when it was already there. */
  private async appendEvent(
    em: EntityManager,
    caseId: string,
    key: string,
    type: string,
    actorId: string | null,
    data: Record<string, unknown>,
    actorName?: string,
  ): Promise<boolean> {
    const rows = (await em.query(
      `INSERT INTO case_events (case_id, type, actor_id, actor_name, data, idempotency_key)
       VALUES ($1, $2, $3, COALESCE($4, (SELECT display_name FROM users WHERE id = $3)), $5, $6)
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
      [caseId, type, actorId, actorName ?? null, JSON.stringify(data), key],
    )) as unknown[];
    return rows.length > 0;
  }
}
