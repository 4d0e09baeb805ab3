import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { isWithinScope } from '../../../../libs/domain/org-scope';
import { DECISION_REFUSAL_TYPES, DecideResult, decideUpdate } from '../../../../workflows/aid-case.workflow';
import type { AuthUser } from '../auth/auth.decorators';
import { AppException, ErrorCode } from '../common/errors';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import type { DecideDto } from './dto/decide.dto';

export interface TaskView {
  id: string;
  type: string;
  subjectType: string;
  subjectId: string;
  stage: string;
  candidateRole: string;
  orgUnitId: string;
  orgUnitName: string;
  assigneeId: string | null;
  dueAt: string | null;
  status: string;
  decision: string | null;
  comment: string | null;
  actorId: string | null;
  createdAt: string;
  completedAt: string | null;
  caseNo: string | null;
  amountFen: number | null;
}

const TASK_SELECT = `
  SELECT t.id, t.type, t.subject_type AS "subjectType", t.subject_id AS "subjectId", t.stage,
         t.candidate_role AS "candidateRole", t.org_unit_id AS "orgUnitId", o.name_zh AS "orgUnitName",
         t.assignee_id AS "assigneeId", t.due_at AS "dueAt", t.status, t.decision, t.comment, t.actor_id AS "actorId",
         t.created_at AS "createdAt", t.completed_at AS "completedAt", t.workflow_id AS "workflowId", t.org_path AS "orgPath",
         c.case_no AS "caseNo", c.amount_fen::bigint AS "amountFen"
    FROM tasks t
    JOIN org_units o ON o.id = t.org_unit_id
    LEFT JOIN aid_cases c ON t.subject_type = 'aid_case' AND c.id = t.subject_id`;

type TaskRow = Omit<TaskView, 'dueAt' | 'createdAt' | 'completedAt' | 'amountFen'> & {
  dueAt: Date | null;
  createdAt: Date;
  completedAt: Date | null;
  amountFen: string | null;
  workflowId: string;
  orgPath: string;
};

function toView(r: TaskRow): TaskView {
  const { workflowId: _w, orgPath: _p, ...rest } = r;
  return {
    ...rest,
    amountFen: r.amountFen === null ? null : Number(r.amountFen),
    dueAt: r.dueAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    completedAt: r.completedAt?.toISOString() ?? null,
  };
}

const REFUSAL_STATUS: Record<string, HttpStatus> = {
  [DECISION_REFUSAL_TYPES.stale]: HttpStatus.CONFLICT,
  [DECISION_REFUSAL_TYPES.forbidden]: HttpStatus.FORBIDDEN,
  [DECISION_REFUSAL_TYPES.invalid]: HttpStatus.BAD_REQUEST,
};

@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  /** Tasks whose candidate role the caller holds, in the caller's org subtree; oldest first. */
  async list(user: AuthUser, status: string, limit: number, cursor?: string): Promise<Page<TaskView>> {
    const after = decodeCursor(cursor, 2);
    const rows = (await this.ds.query(
      `${TASK_SELECT}
        WHERE t.status = $1 AND t.candidate_role = ANY($2::text[])
          AND (t.org_path = $3 OR t.org_path LIKE $3 || '.%')
          AND ($4::timestamptz IS NULL OR (t.created_at, t.id) > ($4::timestamptz, $5::uuid))
        ORDER BY t.created_at, t.id LIMIT $6`,
      [status, user.roles, user.orgPath, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    )) as TaskRow[];
    return toPage(rows.map(toView), limit, (r) => [r.createdAt, r.id]);
  }

  async get(id: string, user: AuthUser): Promise<TaskView> {
    return toView(await this.load(id, user));
  }

  /** Sends the decision as a Workflow Update; the workflow's validator refuses stale or unauthorised ones. */
  async decide(id: string, dto: DecideDto, user: AuthUser): Promise<DecideResult> {
    const task = await this.load(id, user);
    if (task.status !== 'open') throw staleTask(id, `task ${id} is already ${task.status}`);
    try {
      return await this.temporal.workflow.getHandle(task.workflowId).executeUpdate(decideUpdate, {
        args: [
          {
            taskId: id,
            decision: dto.decision,
            comment: dto.comment,
            actor: { userId: user.userId, displayName: user.displayName, roles: user.roles },
          },
        ],
      });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
        const status = REFUSAL_STATUS[err.cause.type ?? ''];
        if (status === HttpStatus.CONFLICT) throw staleTask(id, err.cause.message);
        if (status === HttpStatus.FORBIDDEN)
          throw AppException.forbidden(err.cause.message, 'candidate_role');
        if (status === HttpStatus.BAD_REQUEST) {
          throw AppException.validation(
            [{ field: 'decision', rule: 'decision', message: err.cause.message }],
            err.cause.message,
          );
        }
      }
      if (err instanceof WorkflowNotFoundError)
        throw staleTask(id, `the workflow behind task ${id} has finished`);
      throw err;
    }
  }

  private async load(id: string, user: AuthUser): Promise<TaskRow> {
    const [row] = (await this.ds.query(`${TASK_SELECT} WHERE t.id = $1`, [id])) as TaskRow[];
    if (!row || !isWithinScope(user.orgPath, row.orgPath)) throw AppException.notFound('task', 'id', id);
    return row;
  }
}

function staleTask(id: string, message: string): AppException {
  return AppException.conflict(
    message,
    [{ field: 'taskId', rule: 'task_open', message }],
    ErrorCode.StaleTask,
  );
}
