import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../../../libs/config/config.module';
import type { AppConfig } from '../../../../libs/config/env';
import { CasesRepository } from '../../../../libs/cases/cases.repository';
import { checkEligibility, chinaYear } from '../../../../libs/domain/eligibility';
import { unitActiveRefusal } from '../../../../libs/domain/org-tree';
import { PolicyRepository } from '../../../../libs/policy/policy.repository';
import { isWithinScope } from '../../../../libs/domain/org-scope';
import { workflowIds } from '../../../../libs/temporal/ids';
import { CaseStatusKey, OrgUnitKey, ProgramKey } from '../../../../libs/temporal/search-attributes';
import {
  aidCaseWorkflow,
  caseRecordedUpdate,
  objectionSignal,
  withdrawUpdate,
} from '../../../../workflows/aid-case.workflow';
import type { AuthUser } from '../auth/auth.decorators';
import { AppException } from '../common/errors';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { onFailure, WorkflowFailure, executeUpdateWithStart } from '../common/temporal-failures';
import { timelineOf, type TimelineEventView } from '../common/timeline';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import { CaseExceptions } from './cases.exceptions';
import type { CreateCaseDto } from './dto/create-case.dto';
import { FailureType } from '../../../../libs/domain/errors';
import type { CaseViewDto } from './dto/case.response';
import { PiiCipher } from '../../../../libs/security/pii';

export type CaseEventView = TimelineEventView;

const CASE_SELECT = `
  SELECT c.id, c.case_no AS "caseNo", c.workflow_id AS "workflowId", c.worker_id AS "workerId", w.name AS "workerName",
         c.org_unit_id AS "orgUnitId", o.name_zh AS "orgUnitName", c.program_code AS program, p.name_zh AS "programName",
         c.amount_fen::bigint AS "amountFen", c.reason_enc AS "reasonEnc", c.status, c.created_at AS "createdAt", c.updated_at AS "updatedAt",
         o.path AS "orgPath"
    FROM aid_cases c
    JOIN workers w ON w.id = c.worker_id
    JOIN org_units o ON o.id = c.org_unit_id
    JOIN programs p ON p.code = c.program_code`;

type CaseRow = Omit<CaseViewDto, 'amountFen' | 'createdAt' | 'updatedAt' | 'reason'> & {
  amountFen: string;
  reasonEnc: Buffer;
  createdAt: Date;
  updatedAt: Date;
  orgPath: string;
};

function toView(r: CaseRow, pii: PiiCipher): CaseViewDto {
  const { orgPath: _omit, reasonEnc, ...rest } = r;
  return {
    ...rest,
    reason: pii.decrypt(reasonEnc),
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
    private readonly policy: PolicyRepository,
    private readonly cases: CasesRepository,
  ) {
    this.pii = PiiCipher.fromBase64(config.PII_ENCRYPTION_KEY, config.PII_HASH_KEY);
  }

  /** Decrypts the reason (encrypted at rest: it may hold health details). */
  private readonly pii: PiiCipher;

  /**
   * Checks the application, then starts `aid-case:<caseId>` (reject duplicates) and waits until
   * the workflow's activity has written the case row, so the answer carries the case number.
   */
  async create(
    dto: CreateCaseDto,
    user: AuthUser,
    idempotencyKey?: string,
    route: 'cases' | 'tuition' = 'cases',
  ): Promise<CaseViewDto> {
    const [worker] = (await this.ds.query(
      `SELECT w.id, w.org_unit_id, w.household_id, o.path, o.active FROM workers w JOIN org_units o ON o.id = w.org_unit_id WHERE w.id = $1`,
      [dto.workerId],
    )) as Array<{
      id: string;
      org_unit_id: string;
      household_id: string | null;
      path: string;
      active: boolean;
    }>;
    if (!worker) throw CaseExceptions.unknownWorker(dto.workerId);
    if (!isWithinScope(user.orgPath, worker.path)) throw CaseExceptions.workerOutOfScope();
    const unitRefusal = unitActiveRefusal(worker.active);
    if (unitRefusal)
      throw AppException.businessRule(unitRefusal.field, unitRefusal.rule, unitRefusal.message);
    const caseId = idempotencyKey ? uuidFromKey(`${user.userId}:${idempotencyKey}`) : randomUUID();
    const [dup] = (await this.ds.query(`SELECT case_no FROM aid_cases WHERE id = $1`, [caseId])) as Array<{
      case_no: string;
    }>;
    if (dup) throw CaseExceptions.alreadySubmitted(caseId, dup.case_no);
    const policy = await this.policy.current();
    if (route !== 'tuition' && dto.program === policy.data.tuition.programCode)
      throw CaseExceptions.applyThroughTuition(dto.program);
    const facts = await this.cases.eligibilityFacts({
      workerId: worker.id,
      householdId: worker.household_id,
      programCode: dto.program,
      year: chinaYear(new Date()),
    });
    const refusal = checkEligibility({
      policy: policy.data,
      programCode: dto.program,
      amountFen: dto.amountFen,
      ...facts,
    });
    if (refusal)
      throw AppException.businessRule(refusal.field, refusal.rule, refusal.message, refusal.params);

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
          programCode: dto.program,
          amountFen: dto.amountFen,
          reason: dto.reason,
          createdBy: user.userId,
          applicantKind: dto.applicantKind ?? 'worker',
          applicantName: dto.applicantName ?? null,
          eligibility: { policyVersion: policy.version, ...facts },
        },
      ],
      typedSearchAttributes: [
        { key: CaseStatusKey, value: 'submitted' },
        { key: ProgramKey, value: dto.program },
        { key: OrgUnitKey, value: worker.org_unit_id },
      ],
    });
    await onFailure(executeUpdateWithStart(this.temporal, caseRecordedUpdate, start), {
      [WorkflowFailure.AlreadyStarted]: () => CaseExceptions.alreadySubmitted(caseId),
      [FailureType.DuplicateOpenCase]: () => CaseExceptions.openCaseSameProgram(),
    });
    return this.get(caseId, user);
  }

  /** An objection during public notice: a signal to the workflow (which ignores it outside the notice). */
  async object(id: string, dto: { text: string; raisedBy: string }, user: AuthUser): Promise<void> {
    const c = await this.get(id, user);
    if (c.status !== 'in_notice') throw CaseExceptions.notInNotice(c.caseNo, c.status);
    await this.temporal.workflow
      .getHandle(c.workflowId)
      .signal(objectionSignal, { by: dto.raisedBy, text: dto.text });
  }

  /** Withdraws a case still in approval or notice: open tasks are cancelled and any reservation released. */
  async withdraw(id: string, reason: string, user: AuthUser): Promise<{ status: string }> {
    const c = await this.get(id, user);
    const notWithdrawable = () => CaseExceptions.notWithdrawable(c.caseNo, c.status);
    return onFailure(
      this.temporal.workflow.getHandle(c.workflowId).executeUpdate(withdrawUpdate, {
        args: [{ reason, actor: { userId: user.userId, displayName: user.displayName, roles: user.roles } }],
      }),
      {
        [FailureType.StaleTask]: notWithdrawable,
        [WorkflowFailure.NotRunning]: notWithdrawable,
        [FailureType.DecisionForbidden]: () => CaseExceptions.withdrawForbidden(),
      },
    );
  }

  async get(id: string, user: AuthUser): Promise<CaseViewDto> {
    const [row] = (await this.ds.query(`${CASE_SELECT} WHERE c.id = $1`, [id])) as CaseRow[];
    if (!row || !isWithinScope(user.orgPath, row.orgPath)) throw CaseExceptions.notFound(id);
    return toView(row, this.pii);
  }

  /** The case timeline: every state change from the audit log, with zh/en labels. */
  history(id: string): Promise<CaseEventView[]> {
    return timelineOf(this.ds, 'aid_case', id);
  }

  async list(
    user: AuthUser,
    limit: number,
    cursor: string | undefined,
    f: { status?: string; program?: string; orgUnitId?: string; stage?: string; overdue?: boolean },
  ): Promise<Page<CaseViewDto>> {
    const after = decodeCursor(cursor, 2);
    const rows = (await this.ds.query(
      `${CASE_SELECT}
        WHERE (o.path = $1 OR o.path LIKE $1 || '.%')
          AND ($2::text IS NULL OR c.status = $2)
          AND ($3::timestamptz IS NULL OR (c.created_at, c.id) < ($3::timestamptz, $4::uuid))
          AND ($6::text IS NULL OR c.program_code = $6)
          AND ($7::uuid IS NULL OR o.path LIKE (SELECT path FROM org_units WHERE id = $7) || '%')
          AND ($8::text IS NULL OR EXISTS (SELECT 1 FROM tasks t WHERE t.subject_id = c.id AND t.status = 'open' AND t.stage = $8))
          AND (NOT $9 OR EXISTS (SELECT 1 FROM tasks t WHERE t.subject_id = c.id AND t.status = 'open' AND t.due_at < now()))
        ORDER BY c.created_at DESC, c.id DESC LIMIT $5`,
      [
        user.orgPath,
        f.status ?? null,
        after?.[0] ?? null,
        after?.[1] ?? null,
        limit + 1,
        f.program ?? null,
        f.orgUnitId ?? null,
        f.stage ?? null,
        f.overdue ?? false,
      ],
    )) as CaseRow[];
    return toPage(
      rows.map((r) => toView(r, this.pii)),
      limit,
      (r) => [r.createdAt, r.id],
    );
  }
}

/** A stable UUID (v5-shaped) from an idempotency key: the same key always names the same case. */
function uuidFromKey(key: string): string {
  const h = createHash('sha256').update(`bangfu:aid-case:${key}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
