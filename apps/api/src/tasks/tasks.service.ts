import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { isWithinScope } from '../../../../libs/domain/org-scope';
import { ReassessmentRepository } from '../../../../libs/reassessment/reassessment.repository';
import { workflowIds } from '../../../../libs/temporal/ids';
import { closeFileSignal } from '../../../../workflows/hardship-file.workflow';
import { DecideResult, decideUpdate, taskActionUpdate } from '../../../../workflows/human-tasks';
import type { AuthUser } from '../auth/auth.decorators';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import type { DecideDto, TaskActionDto } from './dto/decide.dto';
import { FailureHandlers, onFailure, WorkflowFailure } from '../common/temporal-failures';
import { TaskExceptions } from './tasks.exceptions';
import type { TaskViewDto } from './dto/task.response';

export interface TaskFilter {
  status: string;
  type?: string;
  stage?: string;
  overdue?: boolean;
  dueSoon?: boolean;
  orgUnitId?: string;
}

const TASK_SELECT = `
  SELECT t.id, t.type, t.subject_type AS "subjectType", t.subject_id AS "subjectId", t.stage,
         t.candidate_role AS "candidateRole", t.org_unit_id AS "orgUnitId", o.name_zh AS "orgUnitName",
         t.assignee_id AS "assigneeId", t.due_at AS "dueAt", t.status, t.decision, t.comment, t.actor_id AS "actorId",
         t.created_at AS "createdAt", t.completed_at AS "completedAt", t.workflow_id AS "workflowId", t.org_path AS "orgPath",
         COALESCE(c.case_no, ln.loan_no) AS "caseNo", COALESCE(c.amount_fen, ln.amount_fen)::bigint AS "amountFen", t.payload, t.escalated_role AS "escalatedRole",
         (t.status = 'open' AND t.due_at < now()) AS overdue
    FROM tasks t
    JOIN org_units o ON o.id = t.org_unit_id
    LEFT JOIN aid_cases c ON t.subject_type = 'aid_case' AND c.id = t.subject_id
    LEFT JOIN loans ln ON t.subject_type = 'loan' AND ln.id = t.subject_id`;

/**
 * The inbox: open (or done…) tasks whose candidate role or escalated role the caller holds, or that
 * are assigned to the caller, in the caller's org subtree, oldest first, one keyset page. Each of the
 * three ways in is its own branch reading its own partial index in (created_at, id) order
 * (tasks_inbox_role, tasks_inbox_escalated, tasks_inbox_assignee; migration 1765100000001) and
 * stopping after a page — per role of the caller (a LATERAL over the roles: `= ANY(roles)` would
 * make the planner read every entry of those roles and sort them), instead of one OR over the whole table sorted afterwards; only the page's
 * ids are then joined to org units, cases and loans. The cursor carries created_at to the
 * microsecond (a JavaScript Date would drop the last three digits and repeat rows across pages).
 * $1 status, $2 roles, $3 org path, $4/$5 cursor (created_at, id), $6 limit + 1, $7 user id,
 * $8 type, $9 stage, $10 overdue only, $11 due within 24 h only, $12 org unit.
 */
export const TASK_LIST_SQL = `
  WITH hits AS (
    (SELECT x.created_at, x.id FROM unnest($2::text[]) AS r(role) CROSS JOIN LATERAL (
       SELECT t.created_at, t.id FROM tasks t
        WHERE t.status = $1 AND t.candidate_role = r.role AND ${taskFilters('t')}
        ORDER BY t.created_at, t.id LIMIT $6) x)
    UNION
    (SELECT x.created_at, x.id FROM unnest($2::text[]) AS r(role) CROSS JOIN LATERAL (
       SELECT t.created_at, t.id FROM tasks t
        WHERE t.status = $1 AND t.escalated_role = r.role AND ${taskFilters('t')}
        ORDER BY t.created_at, t.id LIMIT $6) x)
    UNION
    (SELECT t.created_at, t.id FROM tasks t
      WHERE t.status = $1 AND t.assignee_id = $7 AND ${taskFilters('t')}
      ORDER BY t.created_at, t.id LIMIT $6)
  ),
  page AS (SELECT id FROM hits ORDER BY created_at, id LIMIT $6)
  ${TASK_SELECT.replace('SELECT t.id,', `SELECT to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt", t.id,`)}
   WHERE t.id IN (SELECT id FROM page)
   ORDER BY t.created_at, t.id`;

function taskFilters(t: string): string {
  return `(${t}.org_path = $3 OR ${t}.org_path LIKE $3 || '.%')
        AND ($4::timestamptz IS NULL OR (${t}.created_at, ${t}.id) > ($4::timestamptz, $5::uuid))
        AND ($8::text IS NULL OR ${t}.type = $8)
        AND ($9::text IS NULL OR ${t}.stage = $9)
        AND (NOT $10 OR ${t}.due_at < now())
        AND (NOT $11 OR (${t}.due_at >= now() AND ${t}.due_at < now() + interval '24 hours'))
        AND ($12::uuid IS NULL OR ${t}.org_unit_id = $12)`;
}

/** The parameters of TASK_LIST_SQL (also used by bench/inbox.ts for its bare route). */
export function taskListParams(
  user: Pick<AuthUser, 'roles' | 'orgPath' | 'userId'>,
  f: TaskFilter,
  limit: number,
  after: [string | number, string | number] | null,
): unknown[] {
  return [
    f.status,
    user.roles,
    user.orgPath,
    after?.[0] ?? null,
    after?.[1] ?? null,
    limit + 1,
    user.userId,
    f.type ?? null,
    f.stage ?? null,
    f.overdue ?? false,
    f.dueSoon ?? false,
    f.orgUnitId ?? null,
  ];
}

type TaskRow = Omit<TaskViewDto, 'dueAt' | 'createdAt' | 'completedAt' | 'amountFen'> & {
  dueAt: Date | null;
  createdAt: Date;
  completedAt: Date | null;
  amountFen: string | null;
  workflowId: string;
  orgPath: string;
};

/** A task no workflow stands behind (a set-based re-assessment page's re-check visit). */
function isDirect(t: TaskRow): boolean {
  return (t.payload as { direct?: unknown } | null)?.direct === true;
}

function toView(r: TaskRow & { cursorAt?: string }): TaskViewDto {
  const { workflowId: _w, orgPath: _p, cursorAt: _c, ...rest } = r;
  return {
    ...rest,
    amountFen: r.amountFen === null ? null : Number(r.amountFen),
    dueAt: r.dueAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    completedAt: r.completedAt?.toISOString() ?? null,
  };
}

@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly reassessments: ReassessmentRepository,
  ) {}

  /** Tasks whose candidate (or escalated) role the caller holds, in the caller's org subtree; oldest first. */
  async list(user: AuthUser, f: TaskFilter, limit: number, cursor?: string): Promise<Page<TaskViewDto>> {
    const after = decodeCursor(cursor, 2);
    const rows = (await this.ds.query(
      TASK_LIST_SQL,
      taskListParams(user, f, limit, after as [string, string] | null),
    )) as Array<TaskRow & { cursorAt: string }>;
    const page = toPage(rows, limit, (r) => [r.cursorAt, r.id]);
    return { items: page.items.map(toView), nextCursor: page.nextCursor };
  }

  async get(id: string, user: AuthUser): Promise<TaskViewDto> {
    return toView(await this.load(id, user));
  }

  /** Sends the decision as a Workflow Update; the workflow's validator refuses stale, unauthorised or four-eyes ones. */
  async decide(id: string, dto: DecideDto, user: AuthUser): Promise<DecideResult> {
    const task = await this.load(id, user);
    if (task.status !== 'open') throw TaskExceptions.stale(id, `task ${id} is already ${task.status}`);
    if (isDirect(task)) return this.decideDirect(id, dto, user);
    const result = await onFailure(
      this.temporal.workflow.getHandle(task.workflowId).executeUpdate(decideUpdate, {
        args: [
          {
            taskId: id,
            decision: dto.decision,
            comment: dto.comment,
            outcome: dto.outcome,
            actor: { userId: user.userId, displayName: user.displayName, roles: user.roles },
          },
        ],
      }),
      this.workflowGone(id),
    );
    // approved, but parked until finance tops up the budget: a BudgetInsufficient failure (422)
    if (result.status === 'awaiting_funds') throw TaskExceptions.awaitingFunds();
    return result;
  }

  /**
   * A direct re-check task (a set-based re-assessment page wrote it; no workflow behind it): checked
   * and completed in one transaction, the file marked checked; a close reason reported by the visitor
   * closes the file through its registration workflow when that runs, in the records otherwise
   * (what fileRecheckWorkflow does for the re-checks it still runs).
   */
  private async decideDirect(id: string, dto: DecideDto, user: AuthUser): Promise<DecideResult> {
    const r = await this.reassessments.decideDirectRecheck({
      taskId: id,
      decision: dto.decision,
      comment: dto.comment ?? null,
      outcome: dto.outcome ?? null,
      actor: { userId: user.userId, displayName: user.displayName, roles: user.roles },
    });
    let status = 'done';
    if (r.closeReason) {
      try {
        await this.temporal.workflow
          .getHandle(workflowIds.hardshipFile(r.fileId))
          .signal(closeFileSignal, { reason: r.closeReason, by: user.userId });
      } catch {
        await this.reassessments.closeFile({
          fileId: r.fileId,
          workflowId: r.workflowId,
          reason: r.closeReason,
        });
      }
      status = `closed_${r.closeReason}`;
    }
    return { taskId: id, decision: dto.decision, status };
  }

  /** Claim, release or reassign: a Workflow Update too, so the workflow and the inbox agree. */
  async act(
    id: string,
    dto: TaskActionDto,
    user: AuthUser,
  ): Promise<{ taskId: string; assigneeId: string | null }> {
    const task = await this.load(id, user);
    if (task.status !== 'open') throw TaskExceptions.stale(id, `task ${id} is already ${task.status}`);
    if (isDirect(task))
      return this.reassessments.actOnDirectRecheck({
        taskId: id,
        action: dto.action,
        toUserId: dto.toUserId,
        actor: { userId: user.userId, displayName: user.displayName, roles: user.roles },
      });
    return onFailure(
      this.temporal.workflow.getHandle(task.workflowId).executeUpdate(taskActionUpdate, {
        args: [
          {
            taskId: id,
            action: dto.action,
            toUserId: dto.toUserId,
            actor: { userId: user.userId, displayName: user.displayName, roles: user.roles },
          },
        ],
      }),
      this.workflowGone(id),
    );
  }

  /** Refusals (stale, claimed, forbidden, four-eyes, invalid…) go to the global filter's table;
   * only a finished workflow is answered here, naming the task. */
  private workflowGone(id: string): FailureHandlers {
    return {
      [WorkflowFailure.NotRunning]: () =>
        TaskExceptions.stale(id, `the workflow behind task ${id} has finished`),
    };
  }

  private async load(id: string, user: AuthUser): Promise<TaskRow> {
    const [row] = (await this.ds.query(`${TASK_SELECT} WHERE t.id = $1`, [id])) as TaskRow[];
    if (!row || !isWithinScope(user.orgPath, row.orgPath)) throw TaskExceptions.notFound(id);
    return row;
  }
}
