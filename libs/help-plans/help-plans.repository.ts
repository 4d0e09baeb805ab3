import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ErrorRule } from '../domain/error-rules';
import { DomainError, FailureType } from '../domain/errors';
import { measureOutcomes, measureOverdueSql } from '../domain/help-plan';
import { isRole, type Role } from '../domain/roles';
import { AuditRepository } from '../audit/audit.repository';
import { TasksRepository } from '../tasks/tasks.repository';

export interface PlanFile {
  id: string;
  fileNo: string;
  workflowId: string;
  status: string;
  causes: string[];
  orgUnitId: string;
  orgPath: string;
  caseworkerId: string;
  workerName: string;
}

export interface MeasureRow {
  id: string;
  fileId: string;
  planId: string | null;
  cause: string | null;
  kind: string;
  description: string;
  target: string | null;
  ownerId: string | null;
  ownerName: string | null;
  dueOn: string | null;
  status: string;
  outcome: string | null;
  outcomeNoteEnc: Buffer | null;
  completedAt: Date | null;
  taskId: string | null;
  taskStatus: string | null;
  overdue: boolean;
}

export interface NewMeasure {
  cause: string | null;
  type: string;
  ownerId: string;
  dueOn: string;
  target: string;
}

export interface OverdueMeasureRow {
  fileId: string;
  fileNo: string;
  workerName: string;
  orgUnitName: string;
  measureId: string;
  kind: string;
  target: string | null;
  ownerName: string | null;
  dueOn: string;
  daysOverdue: number;
}

export interface Actor {
  userId: string;
  displayName: string;
}

const MEASURE_SELECT = `
  SELECT m.id, m.file_id AS "fileId", m.plan_id AS "planId", m.cause, m.kind, m.description, m.target,
         m.owner_id AS "ownerId", u.display_name AS "ownerName", to_char(m.due_on, 'YYYY-MM-DD') AS "dueOn",
         m.status, m.outcome, m.outcome_note_enc AS "outcomeNoteEnc", m.completed_at AS "completedAt",
         m.task_id AS "taskId", t.status AS "taskStatus",
         ${measureOverdueSql('m', `(now() AT TIME ZONE 'Asia/Shanghai')::date`)} AS overdue
    FROM help_measures m
    LEFT JOIN users u ON u.id = m.owner_id
    LEFT JOIN tasks t ON t.id = m.task_id`;

/**
 * Help plans (帮扶计划) and their measures (SQL only). Each measure with an owner and a due date has
 * one inbox task for its owner: a direct task (no workflow behind it, `payload.direct`), reminded
 * and escalated by the daily sweep (TasksRepository.sweepDirectDeadlines) and completed by
 * recording the measure's outcome.
 */
@Injectable()
export class HelpPlansRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly tasks: TasksRepository,
    private readonly audit: AuditRepository,
  ) {}

  async file(fileId: string): Promise<PlanFile | undefined> {
    const [f] = (await this.ds.query(
      `SELECT f.id, f.file_no AS "fileNo", f.workflow_id AS "workflowId", f.status, f.causes, f.org_unit_id AS "orgUnitId",
              o.path AS "orgPath", f.caseworker_id AS "caseworkerId", w.name AS "workerName"
         FROM hardship_files f JOIN org_units o ON o.id = f.org_unit_id JOIN workers w ON w.id = f.worker_id
        WHERE f.id = $1`,
      [fileId],
    )) as PlanFile[];
    return f;
  }

  async plan(
    fileId: string,
  ): Promise<{ id: string; policyVersion: number; createdAt: Date; measures: MeasureRow[] } | undefined> {
    const [p] = (await this.ds.query(
      `SELECT id, policy_version AS "policyVersion", created_at AS "createdAt" FROM help_plans WHERE file_id = $1`,
      [fileId],
    )) as Array<{ id: string; policyVersion: number; createdAt: Date }>;
    if (!p) return undefined;
    const measures = (await this.ds.query(
      `${MEASURE_SELECT} WHERE m.plan_id = $1 ORDER BY m.due_on NULLS LAST, m.created_at, m.id`,
      [p.id],
    )) as MeasureRow[];
    return { ...p, measures };
  }

  async measure(id: string): Promise<MeasureRow | undefined> {
    const [m] = (await this.ds.query(`${MEASURE_SELECT} WHERE m.id = $1`, [id])) as MeasureRow[];
    return m;
  }

  /** An owner: an active user whose subtree holds the file (so the task shows in their inbox). */
  async owner(
    userId: string,
  ): Promise<{ id: string; roles: string[]; orgPath: string; active: boolean } | undefined> {
    const [u] = (await this.ds.query(
      `SELECT u.id, u.roles, o.path AS "orgPath", u.active FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.id = $1`,
      [userId],
    )) as Array<{ id: string; roles: string[]; orgPath: string; active: boolean }>;
    return u;
  }

  /** Who may own a measure of a file: active users whose unit is the file's unit or above it. */
  async owners(fileOrgPath: string): Promise<Array<{ id: string; displayName: string; roles: string[] }>> {
    return (await this.ds.query(
      `SELECT u.id, u.display_name AS "displayName", u.roles
         FROM users u JOIN org_units o ON o.id = u.org_unit_id
        WHERE u.active AND ($1 = o.path OR $1 LIKE o.path || '.%')
          AND u.roles && ARRAY['caseworker','branch_chair','union_chair','leader']::text[]
        ORDER BY length(o.path) DESC, u.display_name
        LIMIT 200`,
      [fileOrgPath],
    )) as Array<{ id: string; displayName: string; roles: string[] }>;
  }

  /** Creates the file's plan with its measures and their owners' tasks, in one transaction. */
  async createPlan(c: {
    file: PlanFile;
    policyVersion: number;
    escalateTo: string;
    measures: Array<NewMeasure & { ownerRole: Role }>;
    actor: Actor;
  }): Promise<string> {
    return this.ds.transaction(async (em) => {
      const [p] = (await em.query(
        `INSERT INTO help_plans (file_id, policy_version, created_by) VALUES ($1, $2, $3)
         ON CONFLICT (file_id) DO NOTHING RETURNING id`,
        [c.file.id, c.policyVersion, c.actor.userId],
      )) as Array<{ id: string }>;
      if (!p)
        throw new DomainError(
          FailureType.DuplicateOpenCase,
          `file ${c.file.fileNo} already has a help plan`,
          {
            field: 'fileId',
            rule: ErrorRule.Unique,
            params: { entity: 'help_plan' },
          },
        );
      for (const m of c.measures) await this.insertMeasure(em, p.id, c.file, m, c.escalateTo, c.actor);
      await this.audit.append(
        {
          actorId: c.actor.userId,
          actorName: c.actor.displayName,
          action: 'file.help_plan',
          entityType: 'hardship_file',
          entityId: c.file.id,
          workflowId: c.file.workflowId,
          after: { planId: p.id, measures: c.measures.map(({ ownerRole: _r, ...m }) => m) },
        },
        em,
      );
      return p.id;
    });
  }

  async addMeasure(c: {
    planId: string;
    file: PlanFile;
    escalateTo: string;
    measure: NewMeasure & { ownerRole: Role };
    actor: Actor;
  }): Promise<string> {
    return this.ds.transaction(async (em) => {
      const id = await this.insertMeasure(em, c.planId, c.file, c.measure, c.escalateTo, c.actor);
      await this.audit.append(
        {
          actorId: c.actor.userId,
          actorName: c.actor.displayName,
          action: 'file.measure',
          entityType: 'hardship_file',
          entityId: c.file.id,
          workflowId: c.file.workflowId,
          after: { measureId: id, ...c.measure, ownerRole: undefined },
        },
        em,
      );
      return id;
    });
  }

  private async insertMeasure(
    em: EntityManager,
    planId: string,
    file: PlanFile,
    m: NewMeasure & { ownerRole: Role },
    escalateTo: string,
    actor: Actor,
  ): Promise<string> {
    const [row] = (await em.query(
      `INSERT INTO help_measures (file_id, plan_id, cause, kind, description, target, owner_id, due_on, created_by)
       VALUES ($1, $2, $3, $4, $5, $5, $6, $7::date, $8) RETURNING id`,
      [file.id, planId, m.cause, m.type, m.target, m.ownerId, m.dueOn, actor.userId],
    )) as Array<{ id: string }>;
    const taskId = await this.tasks.openDueOn(em, {
      key: `help-measure:${row!.id}`,
      type: 'help_measure',
      subjectType: 'hardship_file',
      subjectId: file.id,
      workflowId: file.workflowId,
      stage: 'measure',
      candidateRole: m.ownerRole,
      orgUnitId: file.orgUnitId,
      orgPath: file.orgPath,
      assigneeId: m.ownerId,
      dueOn: m.dueOn,
      payload: { direct: true, measureId: row!.id, measureType: m.type, escalateTo, dueOn: m.dueOn },
    });
    await em.query(`UPDATE help_measures SET task_id = $2 WHERE id = $1`, [row!.id, taskId]);
    await em.query(
      `INSERT INTO audit_log (action, entity_type, entity_id, workflow_id, actor_id, after)
       VALUES ('task.opened', 'hardship_file', $1, $2, $3, $4)`,
      [
        file.id,
        file.workflowId,
        actor.userId,
        JSON.stringify({
          taskId,
          kind: 'help_measure',
          measureId: row!.id,
          assigneeId: m.ownerId,
          dueOn: m.dueOn,
          direct: true,
        }),
      ],
    );
    return row!.id;
  }

  /**
   * Edits an open measure (owner, due date, target, in progress or dropped); its task follows
   * (assignee and candidate role, due date; a dropped measure's task is cancelled).
   */
  async updateMeasure(c: {
    measure: MeasureRow;
    file: PlanFile;
    ownerId: string;
    ownerRole: Role;
    dueOn: string;
    target: string;
    status: 'planned' | 'in_progress' | 'dropped';
    actor: Actor;
  }): Promise<void> {
    await this.ds.transaction(async (em) => {
      const [rows] = (await em.query(
        `UPDATE help_measures SET owner_id = $2, due_on = $3::date, target = $4, description = $4, status = $5, updated_at = now()
          WHERE id = $1 AND status IN ('planned','in_progress') RETURNING id`,
        [c.measure.id, c.ownerId, c.dueOn, c.target, c.status],
      )) as [unknown[], number];
      if (rows.length === 0) throw measureClosed(c.measure);
      if (c.measure.taskId) {
        if (c.status === 'dropped')
          await em.query(
            `UPDATE tasks SET status = 'cancelled', completed_at = now() WHERE id = $1 AND status = 'open'`,
            [c.measure.taskId],
          );
        else
          await em.query(
            `UPDATE tasks SET assignee_id = $2, candidate_role = $3,
                    due_at = ($4::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai',
                    reminded_at = CASE WHEN due_at IS DISTINCT FROM ($4::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai' THEN NULL ELSE reminded_at END,
                    payload = payload || jsonb_build_object('dueOn', $4::text)
              WHERE id = $1 AND status = 'open'`,
            [c.measure.taskId, c.ownerId, c.ownerRole, c.dueOn],
          );
      }
      await this.audit.append(
        {
          actorId: c.actor.userId,
          actorName: c.actor.displayName,
          action: 'file.measure_changed',
          entityType: 'hardship_file',
          entityId: c.file.id,
          workflowId: c.file.workflowId,
          before: {
            measureId: c.measure.id,
            ownerId: c.measure.ownerId,
            dueOn: c.measure.dueOn,
            target: c.measure.target,
            status: c.measure.status,
          },
          after: {
            measureId: c.measure.id,
            ownerId: c.ownerId,
            dueOn: c.dueOn,
            target: c.target,
            status: c.status,
          },
        },
        em,
      );
    });
  }

  /**
   * Records a measure's outcome (done): the outcome must be one its type takes; the owner's task is
   * completed in the same transaction. A measure already done or dropped is refused (StaleTask).
   */
  async recordOutcome(c: {
    measureId: string;
    outcome: string;
    noteEnc: Buffer | null;
    comment: string | null;
    actor: Actor;
  }): Promise<{ fileId: string; taskId: string | null }> {
    return this.ds.transaction(async (em) => {
      const [m] = (await em.query(
        `SELECT m.id, m.file_id AS "fileId", m.kind, m.status, m.task_id AS "taskId", m.plan_id AS "planId", f.workflow_id AS "workflowId"
           FROM help_measures m JOIN hardship_files f ON f.id = m.file_id WHERE m.id = $1 FOR UPDATE OF m`,
        [c.measureId],
      )) as Array<{
        id: string;
        fileId: string;
        kind: string;
        status: string;
        taskId: string | null;
        planId: string | null;
        workflowId: string;
      }>;
      if (!m)
        throw new DomainError(FailureType.NotFound, `measure ${c.measureId} not found`, {
          field: 'measureId',
          rule: ErrorRule.Exists,
          params: { entity: 'help_measure', id: c.measureId },
        });
      if (m.status !== 'planned' && m.status !== 'in_progress')
        throw measureClosed({ id: m.id, status: m.status });
      const allowed = measureOutcomes(m.kind);
      if (!allowed.includes(c.outcome))
        throw new DomainError(FailureType.InvalidDecision, `outcome must be one of ${allowed.join(', ')}`, {
          field: 'outcome',
          rule: ErrorRule.OneOf,
          params: { allowed: allowed.join(', ') },
        });
      await em.query(
        `UPDATE help_measures SET status = 'done', outcome = $2, outcome_note_enc = $3, completed_at = now(), completed_by = $4, updated_at = now()
          WHERE id = $1`,
        [m.id, c.outcome, c.noteEnc, c.actor.userId],
      );
      if (m.taskId)
        await this.tasks.complete(
          {
            taskId: m.taskId,
            subjectType: 'hardship_file',
            subjectId: m.fileId,
            workflowId: m.workflowId,
            stage: 'measure',
            decision: 'done',
            comment: c.comment,
            outcome: { measureId: m.id, outcome: c.outcome },
            actor: c.actor,
          },
          em,
        );
      else
        await this.audit.append(
          {
            actorId: c.actor.userId,
            actorName: c.actor.displayName,
            action: 'file.measure_outcome',
            entityType: 'hardship_file',
            entityId: m.fileId,
            workflowId: m.workflowId,
            after: { measureId: m.id, outcome: c.outcome },
          },
          em,
        );
      return { fileId: m.fileId, taskId: m.taskId };
    });
  }

  /** The measure a direct task stands for (payload.measureId), if it is a measure task. */
  async measureOfTask(taskId: string): Promise<string | undefined> {
    const [t] = (await this.ds.query(
      `SELECT payload ->> 'measureId' AS "measureId" FROM tasks WHERE id = $1 AND type = 'help_measure'`,
      [taskId],
    )) as Array<{ measureId: string | null }>;
    return t?.measureId ?? undefined;
  }

  /**
   * Measures overdue on `asOf` (China date) of active files in a subtree, one set-based query: the
   * list the quarterly re-check reviews. Oldest due first.
   */
  async overdue(q: { asOf: string; orgPath: string; limit: number }): Promise<OverdueMeasureRow[]> {
    const rows = (await this.ds.query(
      `SELECT f.id AS "fileId", f.file_no AS "fileNo", w.name AS "workerName", o.name_zh AS "orgUnitName",
              m.id AS "measureId", m.kind, m.target, u.display_name AS "ownerName",
              to_char(m.due_on, 'YYYY-MM-DD') AS "dueOn", ($1::date - m.due_on)::int AS "daysOverdue"
         FROM help_measures m
         JOIN hardship_files f ON f.id = m.file_id AND f.status = 'active'
         JOIN org_units o ON o.id = f.org_unit_id
         JOIN workers w ON w.id = f.worker_id
         LEFT JOIN users u ON u.id = m.owner_id
        WHERE m.plan_id IS NOT NULL AND ${measureOverdueSql('m', '$1::date')}
          AND (o.path = $2 OR o.path LIKE $2 || '.%')
        ORDER BY m.due_on, f.file_no, m.id
        LIMIT $3`,
      [q.asOf, q.orgPath, q.limit],
    )) as OverdueMeasureRow[];
    return rows;
  }
}

function measureClosed(m: { id: string; status: string }): DomainError {
  return new DomainError(FailureType.StaleTask, `measure ${m.id} is already ${m.status}`, {
    field: 'measureId',
    rule: ErrorRule.Open,
    params: { status: m.status },
  });
}

/** The role a measure's task is offered under: the owner's first role. */
export function ownerRole(roles: string[]): Role | undefined {
  return roles.find((r): r is Role => isRole(r));
}
