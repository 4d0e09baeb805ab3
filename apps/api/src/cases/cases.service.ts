import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client, WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../../../libs/config/config.module';
import type { AppConfig } from '../../../../libs/config/env';
import { checkApplicationAmount } from '../../../../libs/domain/aid-case';
import { isWithinScope } from '../../../../libs/domain/org-scope';
import { workflowIds } from '../../../../libs/temporal/ids';
import { CaseStatusKey, OrgUnitKey, ProgramKey } from '../../../../libs/temporal/search-attributes';
import { aidCaseWorkflow, caseRecordedUpdate } from '../../../../workflows/aid-case.workflow';
import type { AuthUser } from '../auth/auth.decorators';
import { AppException, ErrorCode } from '../common/errors';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import type { CreateCaseDto } from './dto/create-case.dto';

export interface CaseView {
  id: string;
  caseNo: string;
  workflowId: string;
  workerId: string;
  workerName: string;
  orgUnitId: string;
  orgUnitName: string;
  program: string;
  programName: string;
  amountFen: number;
  reason: string;
  status: string;
  createdAt: string;
  updatedAt: string;
}

export interface CaseEventView {
  type: string;
  actorId: string | null;
  actorName: string | null;
  data: Record<string, unknown>;
  at: string;
}

const CASE_SELECT = `
  SELECT c.id, c.case_no AS "caseNo", c.workflow_id AS "workflowId", c.worker_id AS "workerId", w.name AS "workerName",
         c.org_unit_id AS "orgUnitId", o.name_zh AS "orgUnitName", c.program_code AS program, p.name_zh AS "programName",
         c.amount_fen::bigint AS "amountFen", c.reason, c.status, c.created_at AS "createdAt", c.updated_at AS "updatedAt",
         o.path AS "orgPath"
    FROM aid_cases c
    JOIN workers w ON w.id = c.worker_id
    JOIN org_units o ON o.id = c.org_unit_id
    JOIN programs p ON p.code = c.program_code`;

type CaseRow = Omit<CaseView, 'amountFen' | 'createdAt' | 'updatedAt'> & {
  amountFen: string;
  createdAt: Date;
  updatedAt: Date;
  orgPath: string;
};

function toView(r: CaseRow): CaseView {
  const { orgPath: _omit, ...rest } = r;
  return {
    ...rest,
    amountFen: Number(r.amountFen),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Checks the application, then starts `aid-case:<caseId>` (reject duplicates) and waits until
   * the workflow's activity has written the case row, so the answer carries the case number.
   */
  async create(dto: CreateCaseDto, user: AuthUser, idempotencyKey?: string): Promise<CaseView> {
    const [worker] = (await this.ds.query(
      `SELECT w.id, w.org_unit_id, o.path FROM workers w JOIN org_units o ON o.id = w.org_unit_id WHERE w.id = $1`,
      [dto.workerId],
    )) as Array<{ id: string; org_unit_id: string; path: string }>;
    if (!worker) throw AppException.businessRule('workerId', 'exists', `no worker with id ${dto.workerId}`);
    if (!isWithinScope(user.orgPath, worker.path)) {
      throw AppException.forbidden('The worker belongs to an org unit outside your scope', 'org_scope');
    }
    const [program] = (await this.ds.query(
      `SELECT code, min_amount_fen::bigint AS min, max_amount_fen::bigint AS max FROM programs WHERE code = $1 AND active`,
      [dto.program],
    )) as Array<{ code: string; min: string; max: string }>;
    if (!program)
      throw AppException.businessRule('program', 'exists', `no active program with code ${dto.program}`);
    const refusal = checkApplicationAmount(
      { code: program.code, minAmountFen: Number(program.min), maxAmountFen: Number(program.max) },
      dto.amountFen,
    );
    if (refusal) throw AppException.businessRule('amountFen', refusal.rule, refusal.message);

    const caseId = idempotencyKey ? uuidFromKey(`${user.userId}:${idempotencyKey}`) : randomUUID();
    const workflowId = workflowIds.aidCase(caseId);
    const start = new WithStartWorkflowOperation(aidCaseWorkflow, {
      workflowId,
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      workflowIdConflictPolicy: 'FAIL',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [
        {
          caseId,
          workerId: dto.workerId,
          programCode: program.code,
          amountFen: dto.amountFen,
          reason: dto.reason,
          createdBy: user.userId,
        },
      ],
      typedSearchAttributes: [
        { key: CaseStatusKey, value: 'submitted' },
        { key: ProgramKey, value: program.code },
        { key: OrgUnitKey, value: worker.org_unit_id },
      ],
    });
    try {
      await this.temporal.workflow.executeUpdateWithStart(caseRecordedUpdate, {
        startWorkflowOperation: start,
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError || isAlreadyStarted(err)) {
        throw AppException.conflict(
          `This application was already submitted as case ${caseId}`,
          [{ field: 'Idempotency-Key', rule: 'unique', message: `case ${caseId} exists for this key` }],
          ErrorCode.Conflict,
        );
      }
      throw err;
    }
    return this.get(caseId, user);
  }

  async get(id: string, user: AuthUser): Promise<CaseView> {
    const [row] = (await this.ds.query(`${CASE_SELECT} WHERE c.id = $1`, [id])) as CaseRow[];
    if (!row || !isWithinScope(user.orgPath, row.orgPath)) throw AppException.notFound('case', 'id', id);
    return toView(row);
  }

  async history(id: string): Promise<CaseEventView[]> {
    const rows = (await this.ds.query(
      `SELECT type, actor_id AS "actorId", actor_name AS "actorName", data, created_at AS at
         FROM case_events WHERE case_id = $1 ORDER BY id`,
      [id],
    )) as Array<Omit<CaseEventView, 'at'> & { at: Date }>;
    return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
  }

  async list(
    user: AuthUser,
    limit: number,
    cursor: string | undefined,
    status?: string,
  ): Promise<Page<CaseView>> {
    const after = decodeCursor(cursor, 2);
    const rows = (await this.ds.query(
      `${CASE_SELECT}
        WHERE (o.path = $1 OR o.path LIKE $1 || '.%')
          AND ($2::text IS NULL OR c.status = $2)
          AND ($3::timestamptz IS NULL OR (c.created_at, c.id) < ($3::timestamptz, $4::uuid))
        ORDER BY c.created_at DESC, c.id DESC LIMIT $5`,
      [user.orgPath, status ?? null, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    )) as CaseRow[];
    return toPage(rows.map(toView), limit, (r) => [r.createdAt, r.id]);
  }
}

function isAlreadyStarted(err: unknown): boolean {
  let e: unknown = err;
  for (let i = 0; i < 5 && e; i++) {
    if (e instanceof WorkflowExecutionAlreadyStartedError) return true;
    if (e instanceof Error && /already started|AlreadyStarted/i.test(`${e.name} ${e.message}`)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** A stable UUID (v5-shaped) from an idempotency key: the same key always names the same case. */
function uuidFromKey(key: string): string {
  const h = createHash('sha256').update(`bangfu:aid-case:${key}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
