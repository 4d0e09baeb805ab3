import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, FailureType } from '../domain/errors';
import type { Role } from '../domain/roles';
import { taskDeadlines, type TaskDeadlines } from '../domain/tasks';
import { AuditRepository } from '../audit/audit.repository';
import { PolicyRepository } from '../policy/policy.repository';

export interface OpenTaskInput {
  subjectType: string;
  subjectId: string;
  workflowId: string;
  kind: string;
  stage: string;
  candidateRole: Role;
  assigneeId: string | null;
  payload: Record<string, unknown>;
  round: number;
  withDeadline: boolean;
  /** Due this many working days after opening instead of the policy's stageDueWorkingDays. */
  dueWorkingDays?: number;
}

export interface CompleteTaskInput {
  taskId: string;
  subjectType: string;
  subjectId: string;
  workflowId: string;
  stage: string;
  decision: string;
  comment: string | null;
  outcome: Record<string, unknown> | null;
  actor: { userId: string; displayName: string };
}

/** Org unit of a task's subject (aid case, hardship file or loan). */
const SUBJECT_UNIT: Record<string, string> = {
  aid_case: 'SELECT org_unit_id FROM aid_cases WHERE id = $1',
  hardship_file: 'SELECT org_unit_id FROM hardship_files WHERE id = $1',
  loan: 'SELECT org_unit_id FROM loans WHERE id = $1',
  campaign: 'SELECT org_unit_id FROM campaigns WHERE id = $1',
  early_warning:
    'SELECT w.org_unit_id FROM early_warning_events e JOIN workers w ON w.id = e.worker_id WHERE e.id = $1',
};

/**
 * The task table, written only from activities. Every write is idempotent: a task is opened once
 * per (workflow, kind, stage, round); completing an already completed task changes nothing.
 */
@Injectable()
export class TasksRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly policy: PolicyRepository,
    private readonly audit: AuditRepository,
  ) {}

  async open(t: OpenTaskInput): Promise<{ taskId: string; dueInMs: number | null; graceMs: number | null }> {
    const key = `${t.workflowId}:task:${t.kind}:${t.stage}:${t.round}`;
    let deadlines: TaskDeadlines | null = null;
    const now = new Date();
    if (t.withDeadline) {
      const [{ data }, cal] = await Promise.all([this.policy.current(now), this.policy.calendar()]);
      deadlines = taskDeadlines(data, now, cal, t.dueWorkingDays);
    }
    const dueAt = deadlines?.dueAt ?? null;
    const taskId = await this.ds.transaction(async (em) => {
      const sql = SUBJECT_UNIT[t.subjectType];
      if (!sql) throw new DomainError(FailureType.NotFound, `unknown subject type ${t.subjectType}`);
      const inserted = (await em.query(
        `INSERT INTO tasks (idempotency_key, type, subject_type, subject_id, workflow_id, stage, candidate_role,
                            org_unit_id, org_path, assignee_id, due_at, status, payload)
         SELECT $1, $2, $3, $4, $5, $6, $7, o.id, o.path, $8, $9, 'open', $10
           FROM org_units o WHERE o.id = (${sql.replace('$1', '$4')})
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
        [
          key,
          t.kind,
          t.subjectType,
          t.subjectId,
          t.workflowId,
          t.stage,
          t.candidateRole,
          t.assigneeId,
          dueAt,
          JSON.stringify(t.payload),
        ],
      )) as Array<{ id: string }>;
      if (inserted[0]) {
        await this.audit.append(
          {
            actorId: null,
            action: 'task.opened',
            entityType: t.subjectType,
            entityId: t.subjectId,
            workflowId: t.workflowId,
            after: {
              taskId: inserted[0].id,
              kind: t.kind,
              stage: t.stage,
              candidateRole: t.candidateRole,
              dueAt,
            },
          },
          em,
        );
        return inserted[0].id;
      }
      const [found] = (await em.query(`SELECT id FROM tasks WHERE idempotency_key = $1`, [key])) as Array<{
        id: string;
      }>;
      if (!found) throw new DomainError(FailureType.NotFound, `${t.subjectType} ${t.subjectId} not found`);
      return found.id;
    });
    return {
      taskId,
      dueInMs: deadlines?.dueInMs ?? null,
      graceMs: deadlines?.graceMs ?? null,
    };
  }

  /** Opens a task due this many calendar days ahead (re-check visits), idempotently; escalated after as many days again. */
  async openDueInDays(
    t: OpenTaskInput & { dueDays: number },
  ): Promise<{ taskId: string; dueInMs: number | null; graceMs: number | null }> {
    const { dueDays, ...input } = t;
    const opened = await this.open({ ...input, withDeadline: false });
    const [row] = (await this.ds.query(
      `WITH u AS (UPDATE tasks SET due_at = COALESCE(due_at, created_at + make_interval(days => $2)) WHERE id = $1 RETURNING due_at)
       SELECT due_at FROM u`,
      [opened.taskId, dueDays],
    )) as Array<{ due_at: Date }>;
    const dueInMs = Math.max(row!.due_at.getTime() - Date.now(), 1);
    return { taskId: opened.taskId, dueInMs, graceMs: dueDays * 24 * 3600 * 1000 };
  }

  async complete(c: CompleteTaskInput, em?: EntityManager): Promise<boolean> {
    const run = async (m: EntityManager) => {
      // TypeORM answers an UPDATE … RETURNING as [rows, affected count]
      const [rows] = (await m.query(
        `UPDATE tasks SET status = 'completed', decision = $2, comment = $3, actor_id = $4, outcome = $5, completed_at = now()
          WHERE id = $1 AND status = 'open' RETURNING id`,
        [
          c.taskId,
          c.decision,
          c.comment,
          c.actor.userId,
          c.outcome === null ? null : JSON.stringify(c.outcome),
        ],
      )) as [unknown[], number];
      if (rows.length === 0) return false; // already completed by an earlier attempt
      await this.audit.append(
        {
          actorId: c.actor.userId,
          actorName: c.actor.displayName,
          action: `task.${c.decision}`,
          entityType: c.subjectType,
          entityId: c.subjectId,
          workflowId: c.workflowId,
          after: {
            taskId: c.taskId,
            stage: c.stage,
            decision: c.decision,
            comment: c.comment,
            outcome: c.outcome,
          },
        },
        m,
      );
      return true;
    };
    return em ? run(em) : this.ds.transaction(run);
  }

  async assign(a: {
    taskId: string;
    workflowId: string;
    action: string;
    assigneeId: string | null;
    candidateRoles: string[];
    actor: { userId: string; displayName: string };
  }): Promise<void> {
    await this.ds.transaction(async (em) => {
      if (a.action === 'reassign' && a.assigneeId) {
        const [ok] = (await em.query(
          `SELECT 1 FROM users u JOIN org_units o ON o.id = u.org_unit_id, tasks t
            WHERE u.id = $1 AND t.id = $2 AND u.active AND u.roles && $3::text[]
              AND (t.org_path = o.path OR t.org_path LIKE o.path || '.%')`,
          [a.assigneeId, a.taskId, a.candidateRoles],
        )) as unknown[];
        if (!ok) {
          throw new DomainError(
            FailureType.InvalidAssignee,
            `user ${a.assigneeId} cannot take this task: needs role ${a.candidateRoles.join(' or ')} within the task's org scope`,
          );
        }
      }
      const [before] = (await em.query(
        `SELECT assignee_id, subject_type, subject_id FROM tasks WHERE id = $1`,
        [a.taskId],
      )) as Array<{
        assignee_id: string | null;
        subject_type: string;
        subject_id: string;
      }>;
      await em.query(
        `UPDATE tasks SET assignee_id = $2, claimed_at = CASE WHEN $2::uuid IS NULL THEN NULL ELSE now() END WHERE id = $1`,
        [a.taskId, a.assigneeId],
      );
      await this.audit.append(
        {
          actorId: a.actor.userId,
          actorName: a.actor.displayName,
          action: `task.${a.action}`,
          entityType: before!.subject_type,
          entityId: before!.subject_id,
          workflowId: a.workflowId,
          before: { assigneeId: before!.assignee_id },
          after: { taskId: a.taskId, assigneeId: a.assigneeId },
        },
        em,
      );
    });
  }

  async remind(r: { taskId: string; workflowId: string }): Promise<void> {
    await this.ds.transaction(async (em) => {
      const [rows] = (await em.query(
        `UPDATE tasks SET reminded_at = now() WHERE id = $1 AND reminded_at IS NULL RETURNING subject_type, subject_id, candidate_role`,
        [r.taskId],
      )) as [Array<{ subject_type: string; subject_id: string; candidate_role: string }>, number];
      if (rows[0]) {
        await this.audit.append(
          {
            actorId: null,
            action: 'task.reminded',
            entityType: rows[0].subject_type,
            entityId: rows[0].subject_id,
            workflowId: r.workflowId,
            details: { taskId: r.taskId, candidateRole: rows[0].candidate_role },
          },
          em,
        );
      }
    });
  }

  async escalate(e: { taskId: string; workflowId: string; toRole: string }): Promise<void> {
    await this.ds.transaction(async (em) => {
      const [rows] = (await em.query(
        `UPDATE tasks SET escalated_at = now(), escalation_level = escalation_level + 1, escalated_role = $2
          WHERE id = $1 AND escalated_at IS NULL RETURNING subject_type, subject_id`,
        [e.taskId, e.toRole],
      )) as [Array<{ subject_type: string; subject_id: string }>, number];
      if (rows[0]) {
        await this.audit.append(
          {
            actorId: null,
            action: 'task.escalated',
            entityType: rows[0].subject_type,
            entityId: rows[0].subject_id,
            workflowId: e.workflowId,
            details: { taskId: e.taskId, escalatedTo: e.toRole },
          },
          em,
        );
      }
    });
  }

  /**
   * Deadlines of direct tasks (no workflow behind them: a set-based re-assessment page's re-check
   * visits and escalations), set-based, run by the daily lifecycle sweep: reminded once due, escalated
   * to the role in `payload.escalateTo` at `payload.escalateAt` when the task carries it (escalations:
   * the board's grace working days), else once past due by as long again as they had — as a
   * workflow's task board would, to the day instead of to the minute. Each change has its audit row; a second run changes
   * nothing.
   */
  async sweepDirectDeadlines(): Promise<{ reminded: number; escalated: number }> {
    return this.ds.transaction(async (em) => {
      const [r] = (await em.query(
        `WITH r AS (
           UPDATE tasks SET reminded_at = now()
            WHERE status = 'open' AND payload ->> 'direct' = 'true' AND reminded_at IS NULL AND due_at <= now()
           RETURNING id, subject_type, subject_id, workflow_id, candidate_role),
         a AS (
           INSERT INTO audit_log (action, entity_type, entity_id, workflow_id, details)
           SELECT 'task.reminded', subject_type, subject_id::text, workflow_id,
                  jsonb_build_object('taskId', id, 'candidateRole', candidate_role)
             FROM r RETURNING 1)
         SELECT (SELECT count(*) FROM r)::int AS n, (SELECT count(*) FROM a)::int AS audited`,
      )) as Array<{ n: number }>;
      const [e] = (await em.query(
        `WITH e AS (
           UPDATE tasks SET escalated_at = now(), escalation_level = escalation_level + 1, escalated_role = payload ->> 'escalateTo'
            WHERE status = 'open' AND payload ->> 'direct' = 'true' AND escalated_at IS NULL
              AND payload ? 'escalateTo'
              AND COALESCE((payload ->> 'escalateAt')::timestamptz, due_at + (due_at - created_at)) <= now()
           RETURNING id, subject_type, subject_id, workflow_id, escalated_role),
         a AS (
           INSERT INTO audit_log (action, entity_type, entity_id, workflow_id, details)
           SELECT 'task.escalated', subject_type, subject_id::text, workflow_id,
                  jsonb_build_object('taskId', id, 'escalatedTo', escalated_role)
             FROM e RETURNING 1)
         SELECT (SELECT count(*) FROM e)::int AS n, (SELECT count(*) FROM a)::int AS audited`,
      )) as Array<{ n: number }>;
      return { reminded: r!.n, escalated: e!.n };
    });
  }

  /**
   * Opens an inbox item due at the end of `dueOn` (China time), once by `key`, in the caller's
   * transaction (loan reminders, queued with their notification). Answers the task id.
   */
  async openDueOn(
    em: EntityManager,
    t: {
      key: string;
      type: string;
      subjectType: string;
      subjectId: string;
      workflowId: string;
      stage: string;
      candidateRole: Role;
      orgUnitId: string;
      orgPath: string;
      assigneeId: string | null;
      dueOn: string;
      payload: Record<string, unknown>;
    },
  ): Promise<string> {
    const [row] = (await em.query(
      `INSERT INTO tasks (idempotency_key, type, subject_type, subject_id, workflow_id, stage, candidate_role, org_unit_id, org_path,
                          assignee_id, due_at, status, payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, ($11::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai', 'open', $12)
       ON CONFLICT (idempotency_key) DO UPDATE SET idempotency_key = EXCLUDED.idempotency_key RETURNING id`,
      [
        t.key,
        t.type,
        t.subjectType,
        t.subjectId,
        t.workflowId,
        t.stage,
        t.candidateRole,
        t.orgUnitId,
        t.orgPath,
        t.assigneeId,
        t.dueOn,
        JSON.stringify(t.payload),
      ],
    )) as Array<{ id: string }>;
    return row!.id;
  }

  /** Cancels these open tasks of a workflow (inbox items that lapsed). */
  async cancelTasks(c: { workflowId: string; taskIds: string[] }): Promise<void> {
    if (c.taskIds.length === 0) return;
    await this.ds.query(
      `UPDATE tasks SET status = 'cancelled', completed_at = now() WHERE workflow_id = $1 AND id = ANY($2::uuid[]) AND status = 'open'`,
      [c.workflowId, c.taskIds],
    );
  }

  /** Cancels every open task of a workflow (withdrawal, expiry). */
  async cancelOpen(c: { workflowId: string }): Promise<void> {
    await this.ds.query(
      `UPDATE tasks SET status = 'cancelled', completed_at = now() WHERE workflow_id = $1 AND status = 'open'`,
      [c.workflowId],
    );
  }
}
