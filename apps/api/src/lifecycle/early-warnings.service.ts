import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../../../libs/config/config.module';
import type { AppConfig } from '../../../../libs/config/env';
import { chinaDate } from '../../../../libs/domain/calendar';
import { EARLY_WARNING_KIND_LABELS } from '../../../../libs/domain/lifecycle';
import { isWithinScope } from '../../../../libs/domain/org-scope';
import { AuditRepository } from '../../../../libs/audit/audit.repository';
import { PiiCipher } from '../../../../libs/security/pii';
import { workflowIds } from '../../../../libs/temporal/ids';
import {
  closeEarlyWarningUpdate,
  earlyWarningWorkflow,
  outreachOpenedUpdate,
} from '../../../../workflows/early-warning.workflow';
import type { AuthUser } from '../auth/auth.decorators';
import { FailureType } from '../../../../libs/domain/errors';
import { onFailure, WorkflowFailure, executeUpdateWithStart } from '../common/temporal-failures';
import { timelineOf, type TimelineEventView } from '../common/timeline';
import { LifecycleExceptions } from './lifecycle.exceptions';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import { collectionHoldChangedSignal } from '../../../../workflows/loan.workflow';
import type { CreateEarlyWarningDto, ListEarlyWarningsQueryDto } from './dto/lifecycle.dto';
import type { EarlyWarningViewDto } from './dto/early-warning.response';
import { fileIsOpenSql } from '../../../../libs/domain/file-status';

const STATUS_LABELS = {
  open: { zh: '跟进中', en: 'Open' },
  closed: { zh: '已关闭', en: 'Closed' },
};

const CLOSER_ROLES: readonly string[] = ['caseworker', 'branch_chair', 'union_chair', 'admin'];

/** Roles that may read an event's note (health details); each read is audited. */
export const NOTE_REVEAL_ROLES = ['union_chair', 'admin'] as const;

const SELECT = `
  SELECT e.id, e.workflow_id AS "workflowId", e.worker_id AS "workerId", w.name AS "workerName", w.employee_no AS "employeeNo",
         w.org_unit_id AS "orgUnitId", o.name_zh AS "orgUnitName", f.id AS "fileId", e.kind,
         to_char(e.occurred_on, 'YYYY-MM-DD') AS "occurredOn", e.status, e.note_enc IS NOT NULL AS "noteRecorded",
         e.reported_by AS "reportedBy", e.outreach_task_id AS "outreachTaskId", t.due_at AS "outreachDueAt",
         e.outreach_done_at AS "outreachDoneAt", e.created_at AS "createdAt", e.closed_at AS "closedAt",
         e.close_note AS "closeNote", o.path AS "orgPath"
    FROM early_warning_events e
    JOIN workers w ON w.id = e.worker_id
    JOIN org_units o ON o.id = w.org_unit_id
    LEFT JOIN hardship_files f ON f.worker_id = w.id AND ${fileIsOpenSql('f.status')}
    LEFT JOIN tasks t ON t.id = e.outreach_task_id`;

type Row = Omit<
  EarlyWarningViewDto,
  'kindLabel' | 'statusLabel' | 'outreachDueAt' | 'outreachDoneAt' | 'createdAt' | 'closedAt'
> & {
  outreachDueAt: Date | null;
  outreachDoneAt: Date | null;
  createdAt: Date;
  closedAt: Date | null;
  orgPath: string;
};

const iso = (d: Date | null) => d?.toISOString() ?? null;

function toView(r: Row): EarlyWarningViewDto {
  const { orgPath: _p, ...rest } = r;
  return {
    ...rest,
    kindLabel: EARLY_WARNING_KIND_LABELS[r.kind],
    statusLabel: STATUS_LABELS[r.status],
    outreachDueAt: iso(r.outreachDueAt),
    outreachDoneAt: iso(r.outreachDoneAt),
    createdAt: r.createdAt.toISOString(),
    closedAt: iso(r.closedAt),
  };
}

@Injectable()
export class EarlyWarningsService {
  private readonly pii: PiiCipher;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditRepository,
  ) {
    this.pii = PiiCipher.fromBase64(config.PII_ENCRYPTION_KEY, config.PII_HASH_KEY);
  }

  /**
   * Records the event and starts `early-warning:<id>`, answering once the outreach task is open.
   * Idempotent: the Idempotency-Key header (per user) or else the natural key worker + kind + date;
   * a repeat of a finished create is 409 naming the event, a repeat of an interrupted one finishes it.
   */
  async create(
    dto: CreateEarlyWarningDto,
    user: AuthUser,
    idempotencyKey?: string,
  ): Promise<{ id: string; outreachTaskId: string | null; workflowId: string; status: string }> {
    const today = chinaDate(new Date());
    const parsed = new Date(`${dto.occurredOn}T00:00:00Z`);
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== dto.occurredOn) {
      throw LifecycleExceptions.notADate(dto.occurredOn);
    }
    if (dto.occurredOn > today) {
      throw LifecycleExceptions.inFuture(dto.occurredOn, today);
    }
    const [worker] = (await this.ds.query(
      `SELECT w.id, o.path FROM workers w JOIN org_units o ON o.id = w.org_unit_id WHERE w.id = $1`,
      [dto.workerId],
    )) as Array<{ id: string; path: string }>;
    if (!worker) throw LifecycleExceptions.unknownWorker(dto.workerId);
    if (!isWithinScope(user.orgPath, worker.path)) throw LifecycleExceptions.workerOutOfScope();
    const key = idempotencyKey
      ? `header:${user.userId}:${idempotencyKey}`
      : `natural:${dto.workerId}:${dto.kind}:${dto.occurredOn}`;
    const eventId = await this.ds.transaction(async (em) => {
      const [inserted] = (await em.query(
        `INSERT INTO early_warning_events (worker_id, kind, occurred_on, note_enc, reported_by, idempotency_key)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
        [
          dto.workerId,
          dto.kind,
          dto.occurredOn,
          dto.note ? this.pii.encrypt(dto.note) : null,
          user.userId,
          key,
        ],
      )) as Array<{ id: string }>;
      if (!inserted) return null;
      await em.query(`UPDATE early_warning_events SET workflow_id = $2 WHERE id = $1`, [
        inserted.id,
        workflowIds.earlyWarning(inserted.id),
      ]);
      await this.audit.append(
        {
          actorId: user.userId,
          actorName: user.displayName,
          action: 'early_warning.reported',
          entityType: 'early_warning',
          entityId: inserted.id,
          workflowId: workflowIds.earlyWarning(inserted.id),
          // never the note itself (health details): only whether there is one
          after: {
            workerId: dto.workerId,
            kind: dto.kind,
            occurredOn: dto.occurredOn,
            noteRecorded: !!dto.note,
          },
        },
        em,
      );
      return inserted.id;
    });
    let id = eventId;
    if (!id) {
      const [existing] = (await this.ds.query(
        `SELECT id, outreach_task_id, status FROM early_warning_events WHERE idempotency_key = $1`,
        [key],
      )) as Array<{ id: string; outreach_task_id: string | null; status: string }>;
      if (existing!.outreach_task_id || existing!.status === 'closed') {
        const field = idempotencyKey ? 'Idempotency-Key' : 'occurredOn';
        throw LifecycleExceptions.alreadyReported(
          existing!.id,
          field,
          idempotencyKey
            ? `early warning ${existing!.id} exists for this key`
            : `early warning ${existing!.id} already records a ${dto.kind} of this worker on ${dto.occurredOn}`,
        );
      }
      id = existing!.id; // an earlier create stopped before the workflow answered: finish it
    }
    const workflowId = workflowIds.earlyWarning(id);
    const start = new WithStartWorkflowOperation(earlyWarningWorkflow, {
      workflowId,
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      workflowIdConflictPolicy: 'USE_EXISTING',
      args: [{ eventId: id }],
    });
    const opened = await executeUpdateWithStart(this.temporal, outreachOpenedUpdate, start);
    if (dto.kind === 'hospitalisation') await this.wakeLoanCollection(dto.workerId);
    return { id, outreachTaskId: opened.outreachTaskId, workflowId, status: opened.status };
  }

  /**
   * A hospitalisation pauses loan collection (and its close resumes it): tell the borrower's running
   * loan workflows at once. Fire-and-forget; each loan also re-checks its holds before every action.
   */
  private async wakeLoanCollection(workerId: string): Promise<void> {
    const loans = (await this.ds.query(
      `SELECT workflow_id FROM loans WHERE worker_id = $1 AND status IN ('active', 'overdue', 'awaiting_disbursement')`,
      [workerId],
    )) as Array<{ workflow_id: string }>;
    await Promise.all(
      loans.map((l) =>
        this.temporal.workflow
          .getHandle(l.workflow_id)
          .signal(collectionHoldChangedSignal)
          .catch(() => undefined),
      ),
    );
  }

  async list(user: AuthUser, q: ListEarlyWarningsQueryDto): Promise<Page<EarlyWarningViewDto>> {
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, 2);
    const rows = (await this.ds.query(
      `${SELECT}
        WHERE (o.path = $1 OR o.path LIKE $1 || '.%')
          AND ($2::text IS NULL OR e.status = $2) AND ($3::uuid IS NULL OR e.worker_id = $3)
          AND ($4::timestamptz IS NULL OR (e.created_at, e.id) < ($4::timestamptz, $5::uuid))
        ORDER BY e.created_at DESC, e.id DESC LIMIT $6`,
      [user.orgPath, q.status ?? null, q.workerId ?? null, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    )) as Row[];
    return toPage(rows.map(toView), limit, (r) => [r.createdAt, r.id]);
  }

  async get(id: string, user: AuthUser): Promise<EarlyWarningViewDto> {
    const [row] = (await this.ds.query(`${SELECT} WHERE e.id = $1`, [id])) as Row[];
    if (!row || !isWithinScope(user.orgPath, row.orgPath)) throw LifecycleExceptions.earlyWarningNotFound(id);
    return toView(row);
  }

  timeline(id: string): Promise<TimelineEventView[]> {
    return timelineOf(this.ds, 'early_warning', id);
  }

  /** Reveals the note (may hold health details) to the union chair or an administrator; audited. */
  async revealNote(id: string, user: AuthUser): Promise<{ id: string; note: string | null }> {
    await this.get(id, user);
    const [row] = (await this.ds.query(`SELECT note_enc FROM early_warning_events WHERE id = $1`, [
      id,
    ])) as Array<{
      note_enc: Buffer | null;
    }>;
    const note = row!.note_enc ? this.pii.decrypt(row!.note_enc) : null;
    await this.audit.append({
      actorId: user.userId,
      actorName: user.displayName,
      action: 'pii.read',
      entityType: 'early_warning',
      entityId: id,
      details: { field: 'note', roles: user.roles },
    });
    return { id, note };
  }

  async close(id: string, note: string, user: AuthUser): Promise<{ status: string }> {
    const e = await this.get(id, user);
    if (e.status === 'closed') throw LifecycleExceptions.alreadyClosed(id);
    if (!user.roles.some((r) => CLOSER_ROLES.includes(r))) throw LifecycleExceptions.closeForbidden();
    // the note is written here, not sent through the workflow (it may hold health details)
    await this.ds.query(`UPDATE early_warning_events SET close_note = $2 WHERE id = $1 AND status = 'open'`, [
      id,
      note,
    ]);
    const alreadyClosed = () => LifecycleExceptions.alreadyClosed(id);
    const closed = await onFailure(
      this.temporal.workflow.getHandle(e.workflowId).executeUpdate(closeEarlyWarningUpdate, {
        args: [{ actor: { userId: user.userId, displayName: user.displayName, roles: user.roles } }],
      }),
      {
        [FailureType.StaleTask]: alreadyClosed,
        [WorkflowFailure.NotRunning]: alreadyClosed,
        [FailureType.DecisionForbidden]: () => LifecycleExceptions.closeForbidden(),
      },
    );
    if (e.kind === 'hospitalisation') await this.wakeLoanCollection(e.workerId);
    return closed;
  }
}
