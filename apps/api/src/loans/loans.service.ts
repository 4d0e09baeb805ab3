import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../../../libs/config/config.module';
import type { AppConfig } from '../../../../libs/config/env';
import {
  allocatePayments,
  chinaDateOf,
  chronicBorrowerBlock,
  LOAN_STATUS_LABELS,
} from '../../../../libs/domain/loan';
import { formatFen } from '../../../../libs/domain/money';
import { isWithinScope } from '../../../../libs/domain/org-scope';
import { LoansRepository } from '../../../../libs/loans/loans.repository';
import { PolicyRepository } from '../../../../libs/policy/policy.repository';
import { workflowIds } from '../../../../libs/temporal/ids';
import { FailureType } from '../../../../libs/domain/errors';
import {
  loanRecordedUpdate,
  loanRequestUpdate,
  loanWorkflow,
  repaymentSignal,
  type LoanRequestKind,
} from '../../../../workflows/loan.workflow';
import type { AuthUser } from '../auth/auth.decorators';
import { AppException } from '../common/errors';
import { workerStatusRefusal } from '../../../../libs/domain/worker-status';
import { unitActiveRefusal } from '../../../../libs/domain/org-tree';
import { Failure, onFailure, WorkflowFailure, executeUpdateWithStart } from '../common/temporal-failures';
import { LEDGER_KIND_LABELS } from '../common/ledger-labels';
import { timelineOf } from '../common/timeline';
import { LoanExceptions } from './loans.exceptions';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import { loanTimelineLabel } from './loan-timeline';
import type { CreateLoanDto, RepaymentDto } from './dto/loans.dto';
import type { LoanViewDto } from './dto/loan.response';
import { PiiCipher } from '../../../../libs/security/pii';

type LoanRow = Omit<
  LoanViewDto,
  'amountFen' | 'outstandingFen' | 'repaidFen' | 'writtenOffFen' | 'createdAt' | 'statusLabel' | 'purpose'
> & {
  amountFen: string;
  purposeEnc: Buffer;
  outstandingFen: string;
  repaidFen: string;
  writtenOffFen: string;
  createdAt: Date;
  orgPath: string;
};

/** $1 = grace days. The next unpaid instalment of the schedule in force (payments apply oldest first). */
export const LOAN_SELECT = `
  SELECT l.id, l.loan_no AS "loanNo", l.workflow_id AS "workflowId", l.worker_id AS "workerId", w.name AS "workerName",
         w.employee_no AS "employeeNo", l.org_unit_id AS "orgUnitId", o.name_zh AS "orgUnitName",
         l.amount_fen::bigint AS "amountFen", l.term_months AS "termMonths", l.purpose_enc AS "purposeEnc", l.status,
         (CASE WHEN l.disbursed_on IS NULL THEN 0 ELSE l.amount_fen - l.repaid_fen - l.written_off_fen END)::bigint AS "outstandingFen",
         l.repaid_fen::bigint AS "repaidFen", l.written_off_fen::bigint AS "writtenOffFen",
         to_char(n.due_date, 'YYYY-MM-DD') AS "nextDueDate",
         (CASE WHEN n.due_date IS NULL THEN 0
               ELSE GREATEST(0, (now() AT TIME ZONE 'Asia/Shanghai')::date - $1::int - n.due_date) END)::int AS "daysOverdue",
         to_char(l.disbursed_on, 'YYYY-MM-DD') AS "disbursedOn", l.schedule_version AS "scheduleVersion",
         l.fund_source AS "fundSource", l.override_reason AS "overrideReason", l.created_at AS "createdAt", o.path AS "orgPath"
    FROM loans l
    JOIN workers w ON w.id = l.worker_id
    JOIN org_units o ON o.id = l.org_unit_id
    -- the oldest unpaid instalment's due date, kept on the loan row (libs/loans/oldest-unpaid.sql.ts)
    CROSS JOIN LATERAL (
      SELECT CASE WHEN l.status IN ('active', 'overdue', 'defaulted') THEN l.oldest_unpaid_due END AS due_date
    ) n`;

function toView(r: LoanRow, pii: PiiCipher): LoanViewDto {
  const { orgPath: _p, purposeEnc, ...rest } = r;
  return {
    ...rest,
    purpose: pii.decrypt(purposeEnc),
    amountFen: Number(r.amountFen),
    outstandingFen: Number(r.outstandingFen),
    repaidFen: Number(r.repaidFen),
    writtenOffFen: Number(r.writtenOffFen),
    statusLabel: LOAN_STATUS_LABELS[r.status],
    createdAt: r.createdAt.toISOString(),
  };
}

@Injectable()
export class LoansService {
  private readonly logger = new Logger(LoansService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly policy: PolicyRepository,
    private readonly records: LoansRepository,
  ) {
    this.pii = PiiCipher.fromBase64(config.PII_ENCRYPTION_KEY, config.PII_HASH_KEY);
  }

  /** Decrypts the purpose (encrypted at rest: it may hold health details). */
  private readonly pii: PiiCipher;

  private async grace(): Promise<number> {
    return (await this.policy.current()).data.loan.graceDays;
  }

  /**
   * Checks amount, term and the chronic-borrower gate, then starts `loan:<loanId>` and waits until
   * the loan row exists and its first approval task is open.
   */
  async create(dto: CreateLoanDto, user: AuthUser, idempotencyKey?: string): Promise<LoanViewDto> {
    const [worker] = (await this.ds.query(
      `SELECT w.id, w.org_unit_id, w.employment_status, o.path, o.active FROM workers w JOIN org_units o ON o.id = w.org_unit_id WHERE w.id = $1`,
      [dto.workerId],
    )) as Array<{
      id: string;
      org_unit_id: string;
      employment_status: string;
      path: string;
      active: boolean;
    }>;
    if (!worker) throw LoanExceptions.unknownWorker(dto.workerId);
    if (!isWithinScope(user.orgPath, worker.path)) throw LoanExceptions.workerOutOfScope();
    const inactive = workerStatusRefusal(worker.employment_status) ?? unitActiveRefusal(worker.active);
    if (inactive) throw AppException.businessRule(inactive.field, inactive.rule, inactive.message);
    const loanId = idempotencyKey ? uuidFromKey(`${user.userId}:${idempotencyKey}`) : randomUUID();
    const [dup] = (await this.ds.query(`SELECT loan_no FROM loans WHERE id = $1`, [loanId])) as Array<{
      loan_no: string;
    }>;
    if (dup) throw LoanExceptions.alreadySubmitted(loanId, dup.loan_no);
    const policy = await this.policy.current();
    const lp = policy.data.loan;
    if (dto.amountFen < lp.minAmountFen || dto.amountFen > lp.maxAmountFen)
      throw AppException.businessRule(
        'amountFen',
        'loan_amount_range',
        `a loan must be from ${formatFen(lp.minAmountFen)} to ${formatFen(lp.maxAmountFen)} yuan (policy version ${policy.version})`,
      );
    if (dto.termMonths < lp.minTermMonths || dto.termMonths > lp.maxTermMonths)
      throw AppException.businessRule(
        'termMonths',
        'loan_term_range',
        `the term must be from ${lp.minTermMonths} to ${lp.maxTermMonths} months (policy version ${policy.version})`,
      );
    if (dto.amountFen < dto.termMonths)
      throw AppException.businessRule(
        'amountFen',
        'splittable',
        'the amount must be at least one fen per instalment',
      );

    const block = await this.chronicBlock(dto.workerId, lp.graceDays, lp.chronicWindowMonths);
    let override: { reason: string; by: string; blockingLoanId: string } | null = null;
    if (block) {
      if (!dto.override) {
        const message = `Chronic-borrower gate: ${block.message}. A new loan needs the ${lp.chronicOverrideRole} to override with a reason.`;
        throw LoanExceptions.chronicBorrower(message, block);
      }
      if (!user.roles.includes(lp.chronicOverrideRole))
        throw LoanExceptions.chronicOverrideForbidden(lp.chronicOverrideRole);
      override = { reason: dto.override.reason, by: user.userId, blockingLoanId: block.loanId };
    }

    const workflowId = workflowIds.loan(loanId);
    const start = new WithStartWorkflowOperation(loanWorkflow, {
      workflowId,
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      workflowIdConflictPolicy: 'FAIL',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [
        {
          loanId,
          workerId: dto.workerId,
          amountFen: dto.amountFen,
          termMonths: dto.termMonths,
          purpose: dto.purpose,
          createdBy: user.userId,
          override,
        },
      ],
    });
    await executeUpdateWithStart(this.temporal, loanRecordedUpdate, start);
    return this.get(loanId, user);
  }

  /** The loan that blocks a new one for this worker, if any. */
  async chronicBlock(workerId: string, graceDays: number, windowMonths: number) {
    const today = chinaDateOf(Date.now());
    const overdue = (await this.ds.query(
      `SELECT l.id AS "loanId", l.loan_no AS "loanNo" FROM loans l
        WHERE l.worker_id = $1 AND l.status IN ('active','overdue','defaulted')
          AND l.oldest_unpaid_due + $2::int < $3::date
        ORDER BY l.created_at`,
      [workerId, graceDays, today],
    )) as Array<{ loanId: string; loanNo: string }>;
    const bad = (await this.ds.query(
      `SELECT id AS "loanId", loan_no AS "loanNo", status,
              to_char(CASE WHEN status = 'written_off' THEN written_off_on ELSE defaulted_on END, 'YYYY-MM-DD') AS on
         FROM loans WHERE worker_id = $1 AND status IN ('defaulted','written_off') ORDER BY created_at DESC`,
      [workerId],
    )) as Array<{ loanId: string; loanNo: string; status: 'defaulted' | 'written_off'; on: string }>;
    return chronicBorrowerBlock({ overdueLoans: overdue, badLoans: bad }, today, windowMonths);
  }

  async get(id: string, user: AuthUser): Promise<LoanViewDto> {
    const [row] = (await this.ds.query(`${LOAN_SELECT} WHERE l.id = $2`, [
      await this.grace(),
      id,
    ])) as LoanRow[];
    if (!row || !isWithinScope(user.orgPath, row.orgPath)) throw LoanExceptions.notFound(id);
    return toView(row, this.pii);
  }

  async detail(id: string, user: AuthUser) {
    const loan = await this.get(id, user);
    const grace = await this.grace();
    const today = chinaDateOf(Date.now());
    const versions = (await this.ds.query(
      `SELECT version, reason, term_months AS "termMonths", principal_fen::bigint AS "principalFen",
              to_char(start_date, 'YYYY-MM-DD') AS "startDate", repaid_before_fen::bigint AS "repaidBeforeFen", created_at AS "createdAt"
         FROM loan_schedule_versions WHERE loan_id = $1 ORDER BY version`,
      [id],
    )) as Array<{ version: number; principalFen: string; repaidBeforeFen: string; createdAt: Date }>;
    const inst = (await this.ds.query(
      `SELECT version, seq, to_char(due_date, 'YYYY-MM-DD') AS "dueDate", amount_fen::bigint AS "amountFen"
         FROM loan_instalments WHERE loan_id = $1 ORDER BY version, seq`,
      [id],
    )) as Array<{ version: number; seq: number; dueDate: string; amountFen: string }>;
    const repayments = (await this.ds.query(
      `SELECT id, kind, amount_fen::bigint AS "amountFen", to_char(paid_on, 'YYYY-MM-DD') AS "paidOn", reference, created_at AS "recordedAt"
         FROM ledger_entries WHERE loan_id = $1 AND kind IN ('loan_disbursement','loan_repayment','loan_write_off') ORDER BY id`,
      [id],
    )) as Array<{
      id: string;
      kind: string;
      amountFen: string;
      paidOn: string | null;
      reference: string | null;
      recordedAt: Date;
    }>;
    const repaidFen = repayments
      .filter((r) => r.kind === 'loan_repayment')
      .reduce((n, r) => n + Number(r.amountFen), 0);
    const current = versions.find((v) => v.version === loan.scheduleVersion);
    const schedule = current
      ? allocatePayments(
          inst
            .filter((i) => i.version === current.version)
            .map((i) => ({ seq: i.seq, dueDate: i.dueDate, amountFen: Number(i.amountFen) })),
          repaidFen - Number(current.repaidBeforeFen),
          today,
          grace,
        ).map((s) => ({
          ...s,
          status: loan.status === 'written_off' && s.status !== 'paid' ? 'written_off' : s.status,
        }))
      : [];
    const pauses = (await this.ds.query(
      `SELECT reason, source_id AS "sourceId", started_at AS "startedAt", ended_at AS "endedAt"
         FROM loan_collection_pauses WHERE loan_id = $1 ORDER BY started_at`,
      [id],
    )) as unknown[];
    const timeline = (await timelineOf(this.ds, 'loan', id)).map((e) => ({
      ...e,
      label: loanTimelineLabel(e.type, e.data) ?? e.label,
    }));
    return {
      ...loan,
      schedule,
      scheduleHistory: versions.map((v) => ({
        ...v,
        principalFen: Number(v.principalFen),
        repaidBeforeFen: Number(v.repaidBeforeFen),
        instalments: inst
          .filter((i) => i.version === v.version)
          .map((i) => ({ seq: i.seq, dueDate: i.dueDate, amountFen: Number(i.amountFen) })),
      })),
      repayments: repayments.map((r) => ({
        ...r,
        id: String(r.id),
        amountFen: Number(r.amountFen),
        kindLabel: LEDGER_KIND_LABELS[r.kind],
      })),
      pauses,
      timeline,
    };
  }

  async list(
    user: AuthUser,
    limit: number,
    cursor: string | undefined,
    f: { status?: string; orgUnitId?: string; workerId?: string; q?: string },
  ): Promise<Page<LoanViewDto>> {
    const after = decodeCursor(cursor, 2);
    const rows = (await this.ds.query(
      `${LOAN_SELECT}
        WHERE (o.path = $2 OR o.path LIKE $2 || '.%')
          AND ($3::text IS NULL OR l.status = $3)
          AND ($4::uuid IS NULL OR o.path LIKE (SELECT path FROM org_units WHERE id = $4) || '%')
          AND ($5::uuid IS NULL OR l.worker_id = $5)
          AND ($6::text IS NULL OR l.loan_no ILIKE '%' || $6 || '%' OR w.name LIKE '%' || $6 || '%' OR w.employee_no ILIKE $6 || '%')
          AND ($7::timestamptz IS NULL OR (l.created_at, l.id) < ($7::timestamptz, $8::uuid))
        ORDER BY l.created_at DESC, l.id DESC LIMIT $9`,
      [
        await this.grace(),
        user.orgPath,
        f.status ?? null,
        f.orgUnitId ?? null,
        f.workerId ?? null,
        f.q?.trim() || null,
        after?.[0] ?? null,
        after?.[1] ?? null,
        limit + 1,
      ],
    )) as LoanRow[];
    return toPage(
      rows.map((r) => toView(r, this.pii)),
      limit,
      (r) => [r.createdAt, r.id],
    );
  }

  /** Writes the repayment to the ledger first (idempotent), then tells the loan workflow to re-read it. */
  async repay(id: string, dto: RepaymentDto, user: AuthUser, idempotencyKey?: string) {
    const loan = await this.get(id, user);
    const r = await this.records.postRepayment({
      loanId: id,
      amountFen: dto.amountFen,
      paidOn: dto.paidOn,
      reference: dto.reference.trim(),
      key: idempotencyKey ? `key:${idempotencyKey}` : `ref:${dto.reference.trim()}`,
      actorId: user.userId,
      source: 'api',
    });
    if (r.outcome === 'rejected') throw AppException.businessRule(r.field, r.rule, r.reason);
    if (r.outcome === 'accepted') this.notifyWorkflow(loan.workflowId);
    return {
      loanId: id,
      entryId: r.entryId,
      duplicate: r.outcome === 'duplicate',
      outstandingFen: r.outstandingFen,
    };
  }

  /** Fire-and-forget: the ledger row is already committed; a missed signal is caught by the next due-date check. */
  notifyWorkflow(workflowId: string): void {
    this.temporal.workflow
      .getHandle(workflowId)
      .signal(repaymentSignal)
      .catch((err: unknown) => this.logger.warn(`repayment signal to ${workflowId}: ${String(err)}`));
  }

  async request(
    id: string,
    kind: LoanRequestKind,
    body: { reason?: string; termMonths?: number },
    user: AuthUser,
  ): Promise<{ taskId: string; kind: LoanRequestKind }> {
    const loan = await this.get(id, user);
    if (kind === 'reschedule') {
      const lp = (await this.policy.current()).data.loan;
      if ((body.termMonths ?? 0) > lp.maxTermMonths)
        throw AppException.businessRule(
          'termMonths',
          'loan_term_range',
          `the new term must be at most ${lp.maxTermMonths} months`,
        );
    }
    const notOpen = (f: Failure) =>
      LoanExceptions.notOpenForRequest(loan.loanNo, loan.status, kind, f.message);
    const r = await onFailure(
      this.temporal.workflow.getHandle(loan.workflowId).executeUpdate(loanRequestUpdate, {
        args: [
          {
            kind,
            reason:
              body.reason?.trim() || (kind === 'early_repayment' ? '提前结清 early full repayment' : ''),
            termMonths: body.termMonths,
            actor: { userId: user.userId, displayName: user.displayName, roles: user.roles },
          },
        ],
      }),
      {
        [FailureType.StaleTask]: notOpen,
        [WorkflowFailure.NotRunning]: notOpen,
        [FailureType.DecisionForbidden]: (f) => LoanExceptions.requestForbidden(f.message),
        [FailureType.InvalidDecision]: (f) => LoanExceptions.invalidRequest(f.message),
      },
    );
    return { taskId: r.taskId, kind };
  }
}

/** A stable UUID from an idempotency key: the same key always names the same loan. */
function uuidFromKey(key: string): string {
  const h = createHash('sha256').update(`bangfu:loan:${key}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
