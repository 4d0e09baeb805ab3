import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { isWithinScope } from '../../../../libs/domain/org-scope';
import { ReassessmentRepository } from '../../../../libs/reassessment/reassessment.repository';
import { HelpPlansRepository } from '../../../../libs/help-plans/help-plans.repository';
import { workflowIds } from '../../../../libs/temporal/ids';
import { closeFileSignal } from '../../../../workflows/hardship-file.workflow';
import { DecideResult, decideUpdate, taskActionUpdate } from '../../../../workflows/human-tasks';
import type { AuthUser } from '../auth/auth.decorators';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import type { DecideDto, TaskActionDto } from './dto/decide.dto';
import { FailureHandlers, onFailure, WorkflowFailure } from '../common/temporal-failures';
import { TaskExceptions } from './tasks.exceptions';
import type { FourEyesWarningDto, TaskContextDto, TaskViewDto } from './dto/task.response';
import { fourEyesExclusions } from '../../../../libs/domain/four-eyes';
import { DomainError, FailureType } from '../../../../libs/domain/errors';
import { pairingLeadersOf } from '../../../../libs/pairing/pairing.sql';

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
         COALESCE(c.case_no, ln.loan_no, hf.file_no, ew.event_no) AS "subjectNo", sw.name AS "subjectName",
         sw.id AS "subjectWorkerId", COALESCE(c.program_code, CASE WHEN ln.id IS NOT NULL THEN 'loan' END) AS program,
         (t.status = 'open' AND t.due_at < now()) AS overdue
    FROM tasks t
    JOIN org_units o ON o.id = t.org_unit_id
    LEFT JOIN aid_cases c ON t.subject_type = 'aid_case' AND c.id = t.subject_id
    LEFT JOIN loans ln ON t.subject_type = 'loan' AND ln.id = t.subject_id
    LEFT JOIN hardship_files hf ON t.subject_type = 'hardship_file' AND hf.id = t.subject_id
    LEFT JOIN early_warning_events ew ON t.subject_type = 'early_warning' AND ew.id = t.subject_id
    LEFT JOIN workers sw ON sw.id = COALESCE(c.worker_id, ln.worker_id, hf.worker_id, ew.worker_id)`;

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
    private readonly helpPlans: HelpPlansRepository,
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
    if (isDirect(task)) return this.decideDirect(id, task, dto, user);
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
  private async decideDirect(
    id: string,
    task: TaskRow,
    dto: DecideDto,
    user: AuthUser,
  ): Promise<DecideResult> {
    if (task.type === 'help_measure') return this.decideMeasure(task, dto, user);
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

  /**
   * A help-measure task (帮扶计划): decision `done` with `outcome.outcome` records the measure's
   * outcome and completes the task (HelpPlansRepository.recordOutcome checks it), as the file's
   * help-plan section does.
   */
  private async decideMeasure(task: TaskRow, dto: DecideDto, user: AuthUser): Promise<DecideResult> {
    const measureId = await this.helpPlans.measureOfTask(task.id);
    if (!measureId) throw TaskExceptions.stale(task.id, `task ${task.id} is not a measure task`);
    if (dto.decision !== 'done')
      throw new DomainError(FailureType.InvalidDecision, 'decision must be one of done');
    const outcome = (dto.outcome as { outcome?: unknown } | undefined)?.outcome;
    await this.helpPlans.recordOutcome({
      measureId,
      outcome: typeof outcome === 'string' ? outcome : '',
      noteEnc: null,
      comment: dto.comment ?? null,
      actor: { userId: user.userId, displayName: user.displayName },
    });
    return { taskId: task.id, decision: 'done', status: 'done' };
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

  /**
   * What the approver sees beside the task: the household's aid of the last 3 years and its open
   * loans, the four-eyes reasons that apply to the caller (the same rule the workflow refuses with,
   * plus a warning when the caller is named as a home visitor), and the subject's other open tasks
   * with who holds them (after a decision: the next stage).
   */
  async context(id: string, user: AuthUser): Promise<TaskContextDto> {
    const task = await this.load(id, user);
    const [subject] = (await this.ds.query(
      `SELECT w.id AS worker_id, w.household_id, w.caseworker_id, ${pairingLeadersOf('w.household_id')} AS pairing_leader_ids,
              COALESCE(c.created_by, ln.created_by, hf.caseworker_id) AS created_by,
              COALESCE(c.status, ln.status, hf.status, ew.status) AS status,
              f.investigator_id, f.visit
         FROM tasks t
         LEFT JOIN aid_cases c ON t.subject_type = 'aid_case' AND c.id = t.subject_id
         LEFT JOIN loans ln ON t.subject_type = 'loan' AND ln.id = t.subject_id
         LEFT JOIN hardship_files hf ON t.subject_type = 'hardship_file' AND hf.id = t.subject_id
         LEFT JOIN early_warning_events ew ON t.subject_type = 'early_warning' AND ew.id = t.subject_id
         LEFT JOIN workers w ON w.id = COALESCE(c.worker_id, ln.worker_id, hf.worker_id, ew.worker_id)
         LEFT JOIN households hh ON hh.id = w.household_id
         LEFT JOIN LATERAL (SELECT h2.investigator_id, h2.visit FROM hardship_files h2
                              WHERE h2.household_id = w.household_id OR h2.worker_id = w.id
                              ORDER BY (h2.id = hf.id) DESC NULLS LAST, h2.opened_at DESC LIMIT 1) f ON true
        WHERE t.id = $1`,
      [id],
    )) as Array<{
      worker_id: string | null;
      household_id: string | null;
      caseworker_id: string | null;
      pairing_leader_ids: string[] | null;
      created_by: string | null;
      status: string | null;
      investigator_id: string | null;
      visit: { visitors?: unknown } | null;
    }>;
    const s = subject!;
    const aid = (await this.ds.query(
      `SELECT c.id, c.case_no AS "caseNo", c.program_code AS program, c.amount_fen::bigint AS "amountFen", c.status,
              c.created_at AS "submittedAt", c.paid_at AS "paidAt", w.name AS "workerName"
         FROM aid_cases c JOIN workers w ON w.id = c.worker_id
        WHERE (c.household_id = $1 OR c.worker_id = $2) AND c.id <> $3 AND c.created_at > now() - interval '3 years'
        ORDER BY c.created_at DESC LIMIT 50`,
      [s.household_id, s.worker_id, task.subjectId],
    )) as Array<{ amountFen: string; submittedAt: Date; paidAt: Date | null } & Record<string, string>>;
    const loans = (await this.ds.query(
      `SELECT l.id, l.loan_no AS "loanNo", l.amount_fen::bigint AS "amountFen",
              (l.amount_fen - l.repaid_fen - l.written_off_fen)::bigint AS "outstandingFen", l.status, w.name AS "workerName"
         FROM loans l JOIN workers w ON w.id = l.worker_id
        WHERE (l.household_id = $1 OR l.worker_id = $2) AND l.id <> $3
          AND l.status IN ('pending_approval', 'awaiting_funds', 'awaiting_disbursement', 'active', 'overdue', 'defaulted')
        ORDER BY l.created_at DESC`,
      [s.household_id, s.worker_id, task.subjectId],
    )) as Array<{ amountFen: string; outstandingFen: string } & Record<string, string>>;
    const approvers = (await this.ds.query(
      `SELECT DISTINCT actor_id FROM tasks WHERE workflow_id = $1 AND id <> $2 AND status = 'completed'
          AND decision = 'approve' AND actor_id IS NOT NULL`,
      [task.workflowId, id],
    )) as Array<{ actor_id: string }>;
    const excluded = fourEyesExclusions({
      investigatorId: task.subjectType === 'hardship_file' ? null : s.investigator_id,
      caseworkerId: [s.created_by, s.caseworker_id],
      pairingLeaderIds: s.pairing_leader_ids ?? [],
      earlierApprovers: approvers.map((a) => a.actor_id),
    });
    const fourEyes: FourEyesWarningDto[] = excluded
      .filter((e) => e.userId === user.userId)
      .map((e) => ({ reason: e.reason, refused: true }));
    const visitors = Array.isArray(s.visit?.visitors) ? (s.visit.visitors as unknown[]).map(String) : [];
    if (s.investigator_id === user.userId && !fourEyes.some((f) => f.reason === 'investigator'))
      fourEyes.push({ reason: 'investigator', refused: false });
    if (visitors.some((v) => v.trim() && v.trim() === user.displayName?.trim()))
      fourEyes.push({ reason: 'home_visitor', refused: false });
    const next = (await this.ds.query(
      `SELECT t.id, t.type, t.stage, t.payload->>'stageNameZh' AS "stageNameZh", t.payload->>'stageNameEn' AS "stageNameEn",
              t.candidate_role AS "candidateRole", a.display_name AS "assigneeName", t.due_at AS "dueAt",
              COALESCE((SELECT array_agg(u.display_name ORDER BY u.display_name) FROM users u
                         JOIN org_units uo ON uo.id = u.org_unit_id
                        WHERE t.candidate_role = ANY(u.roles)
                          AND (t.org_path = uo.path OR t.org_path LIKE uo.path || '.%')), '{}') AS holders
         FROM tasks t LEFT JOIN users a ON a.id = t.assignee_id
        WHERE t.workflow_id = $1 AND t.id <> $2 AND t.status = 'open'
        ORDER BY t.created_at`,
      [task.workflowId, id],
    )) as Array<{ dueAt: Date | null } & Record<string, unknown>>;
    return {
      aid: aid.map((a) => ({
        ...(a as unknown as TaskContextDto['aid'][number]),
        amountFen: Number(a.amountFen),
        submittedAt: a.submittedAt.toISOString(),
        paidAt: a.paidAt?.toISOString() ?? null,
      })),
      openLoans: loans.map((l) => ({
        ...(l as unknown as TaskContextDto['openLoans'][number]),
        amountFen: Number(l.amountFen),
        outstandingFen: Number(l.outstandingFen),
      })),
      fourEyes,
      next: next.map((n) => ({
        ...(n as unknown as TaskContextDto['next'][number]),
        dueAt: n.dueAt?.toISOString() ?? null,
      })),
      subjectStatus: s.status,
    };
  }

  private async load(id: string, user: AuthUser): Promise<TaskRow> {
    const [row] = (await this.ds.query(`${TASK_SELECT} WHERE t.id = $1`, [id])) as TaskRow[];
    if (!row || !isWithinScope(user.orgPath, row.orgPath)) throw TaskExceptions.notFound(id);
    return row;
  }
}
