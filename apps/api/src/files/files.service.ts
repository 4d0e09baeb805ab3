import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../../../libs/config/config.module';
import type { AppConfig } from '../../../../libs/config/env';
import { isWithinScope } from '../../../../libs/domain/org-scope';
import { AuditRepository } from '../../../../libs/audit/audit.repository';
import { workflowIds } from '../../../../libs/temporal/ids';
import { CaseStatusKey, OrgUnitKey, ProgramKey } from '../../../../libs/temporal/search-attributes';
import {
  fileObjectionSignal,
  fileOpenedUpdate,
  hardshipFileWorkflow,
} from '../../../../workflows/hardship-file.workflow';
import { withdrawUpdate } from '../../../../workflows/human-tasks';
import type { AuthUser } from '../auth/auth.decorators';
import { FailureType } from '../../../../libs/domain/errors';
import { onFailure, WorkflowFailure, executeUpdateWithStart } from '../common/temporal-failures';
import { timelineOf } from '../common/timeline';
import { FileExceptions } from './files.exceptions';
import { workerStatusRefusal } from '../../../../libs/domain/worker-status';
import { unitActiveRefusal } from '../../../../libs/domain/org-tree';
import { AppException } from '../common/errors';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import type { InvestigationDto, ListFilesQueryDto, MeasureDto, OpenFileDto } from './dto/files.dto';
import type { FileViewDto } from './dto/file.response';
import { PiiCipher } from '../../../../libs/security/pii';
import { fileIsOpenSql } from '../../../../libs/domain/file-status';

const FILE_SELECT = `
  SELECT f.id, f.file_no AS "fileNo", f.workflow_id AS "workflowId", f.worker_id AS "workerId", w.name AS "workerName",
         f.household_id AS "householdId", f.org_unit_id AS "orgUnitId", o.name_zh AS "orgUnitName", f.status, f.causes,
         f.five_clears AS "fiveClears", f.visit, f.category, f.category_policy_version AS "categoryPolicyVersion",
         f.category_inputs AS "categoryInputs", f.category_reason AS "categoryReason", f.evidence_note AS "evidenceNote", f.notice_ends_at AS "noticeEndsAt",
         f.opened_at AS "openedAt", f.activated_at AS "activatedAt", f.closed_at AS "closedAt", f.close_reason AS "closeReason",
         o.path AS "orgPath",
         EXISTS (SELECT 1 FROM file_income_discrepancies d WHERE d.file_id = f.id AND d.resolved_at IS NULL) AS "incomeDiscrepancy"
    FROM hardship_files f JOIN workers w ON w.id = f.worker_id JOIN org_units o ON o.id = f.org_unit_id`;

type Row = Omit<FileViewDto, 'noticeEndsAt' | 'openedAt' | 'activatedAt' | 'closedAt'> & {
  noticeEndsAt: Date | null;
  openedAt: Date;
  activatedAt: Date | null;
  closedAt: Date | null;
  orgPath: string;
};

const iso = (d: Date | null) => d?.toISOString() ?? null;
/** The visit as stored: its notes (health details, often) encrypted at rest as `notesEnc`. */
type StoredVisit = { date?: string; visitors?: string[]; notes?: string; notesEnc?: string } | null;

function visitView(v: StoredVisit, pii: PiiCipher): StoredVisit {
  if (!v) return v;
  const { notesEnc, ...rest } = v;
  return notesEnc ? { ...rest, notes: pii.decrypt(Buffer.from(notesEnc, 'base64')) } : rest;
}

/** The visit as the audit log keeps it: without the notes. */
function visitAudit(v: StoredVisit): StoredVisit {
  if (!v) return v;
  const { notes: _n, notesEnc: _e, ...rest } = v;
  return rest;
}

function toView(r: Row, pii: PiiCipher): FileViewDto {
  const { orgPath: _p, ...rest } = r;
  return {
    ...rest,
    visit: visitView(r.visit as StoredVisit, pii) as FileViewDto['visit'],
    noticeEndsAt: iso(r.noticeEndsAt),
    openedAt: r.openedAt.toISOString(),
    activatedAt: iso(r.activatedAt),
    closedAt: iso(r.closedAt),
  };
}

@Injectable()
export class FilesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditRepository,
  ) {
    this.pii = PiiCipher.fromBase64(config.PII_ENCRYPTION_KEY, config.PII_HASH_KEY);
  }

  /** Visit notes are encrypted at rest (they often hold health details). */
  private readonly pii: PiiCipher;

  /** Opens a file for a worker (一户一档: a second open file for the household or person is a 409 naming the first). */
  async open(dto: OpenFileDto, user: AuthUser): Promise<FileViewDto> {
    const [worker] = (await this.ds.query(
      `SELECT w.id, w.org_unit_id, w.household_id, w.employment_status, o.path, o.active FROM workers w JOIN org_units o ON o.id = w.org_unit_id WHERE w.id = $1`,
      [dto.workerId],
    )) as Array<{
      id: string;
      org_unit_id: string;
      household_id: string | null;
      employment_status: string;
      path: string;
      active: boolean;
    }>;
    if (!worker) throw FileExceptions.unknownWorker(dto.workerId);
    if (!isWithinScope(user.orgPath, worker.path)) throw FileExceptions.workerOutOfScope();
    const inactive = workerStatusRefusal(worker.employment_status) ?? unitActiveRefusal(worker.active);
    if (inactive) throw AppException.businessRule(inactive.field, inactive.rule, inactive.message);
    if (!worker.household_id) throw FileExceptions.noHousehold();
    const existing = await this.openFileOf(worker.id, worker.household_id);
    if (existing) throw FileExceptions.duplicateFile(existing);
    const fileId = randomUUID();
    const start = new WithStartWorkflowOperation(hardshipFileWorkflow, {
      workflowId: workflowIds.hardshipFile(fileId),
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      workflowIdConflictPolicy: 'FAIL',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [{ fileId, workerId: worker.id, causes: dto.causes, createdBy: user.userId }],
      typedSearchAttributes: [
        { key: CaseStatusKey, value: 'investigating' },
        { key: ProgramKey, value: 'hardship_file' },
        { key: OrgUnitKey, value: worker.org_unit_id },
      ],
    });
    // lost a race with another opening: answer with the file that won
    const wonElsewhere = async () => {
      const again = await this.openFileOf(worker.id, worker.household_id!);
      return again ? FileExceptions.duplicateFile(again) : undefined;
    };
    await onFailure(executeUpdateWithStart(this.temporal, fileOpenedUpdate, start), {
      [FailureType.DuplicateOpenFile]: wonElsewhere,
      [WorkflowFailure.AlreadyStarted]: wonElsewhere,
    });
    return this.get(fileId, user);
  }

  private async openFileOf(
    workerId: string,
    householdId: string,
  ): Promise<{ id: string; file_no: string; status: string } | undefined> {
    const [f] = (await this.ds.query(
      `SELECT id, file_no, status FROM hardship_files WHERE (worker_id = $1 OR household_id = $2) AND ${fileIsOpenSql('status')} LIMIT 1`,
      [workerId, householdId],
    )) as Array<{ id: string; file_no: string; status: string }>;
    return f;
  }

  async get(id: string, user: AuthUser): Promise<FileViewDto> {
    const [row] = (await this.ds.query(`${FILE_SELECT} WHERE f.id = $1`, [id])) as Row[];
    if (!row || !isWithinScope(user.orgPath, row.orgPath)) throw FileExceptions.notFound(id);
    return toView(row, this.pii);
  }

  async list(user: AuthUser, q: ListFilesQueryDto): Promise<Page<FileViewDto>> {
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, 2);
    const rows = (await this.ds.query(
      `${FILE_SELECT}
        WHERE (o.path = $1 OR o.path LIKE $1 || '.%')
          AND ($2::text IS NULL OR f.status = $2) AND ($3::text IS NULL OR f.category = $3) AND ($4::uuid IS NULL OR f.org_unit_id = $4)
          AND ($5::timestamptz IS NULL OR (f.opened_at, f.id) < ($5::timestamptz, $6::uuid))
        ORDER BY f.opened_at DESC, f.id DESC LIMIT $7`,
      [
        user.orgPath,
        q.status ?? null,
        q.category ?? null,
        q.orgUnitId ?? null,
        after?.[0] ?? null,
        after?.[1] ?? null,
        limit + 1,
      ],
    )) as Row[];
    return toPage(
      rows.map((r) => toView(r, this.pii)),
      limit,
      (r) => [r.openedAt, r.id],
    );
  }

  /** Records the five clears and the home visit (partial saves allowed while investigating). */
  async recordInvestigation(id: string, dto: InvestigationDto, user: AuthUser): Promise<FileViewDto> {
    const f = await this.get(id, user);
    if (!['investigating', 'returned'].includes(f.status)) {
      throw FileExceptions.notInvestigating(f.fileNo, f.status);
    }
    await this.ds.transaction(async (em) => {
      await em.query(
        `UPDATE hardship_files SET five_clears = five_clears || COALESCE($2::jsonb, '{}'::jsonb), visit = COALESCE($3::jsonb, visit),
                evidence_note = CASE WHEN $4::text IS NULL THEN evidence_note ELSE NULLIF(btrim($4::text), '') END, updated_at = now()
          WHERE id = $1`,
        [
          id,
          dto.fiveClears ? JSON.stringify(dto.fiveClears) : null,
          dto.visit
            ? JSON.stringify({
                date: dto.visit.date,
                visitors: dto.visit.visitors,
                notesEnc: this.pii.encrypt(dto.visit.notes).toString('base64'),
              })
            : null,
          dto.evidenceNote ?? null,
        ],
      );
      await this.audit.append(
        {
          actorId: user.userId,
          actorName: user.displayName,
          action: 'file.investigation',
          entityType: 'hardship_file',
          entityId: id,
          workflowId: f.workflowId,
          before: {
            fiveClears: f.fiveClears,
            visit: visitAudit(f.visit as StoredVisit),
            evidenceNote: f.evidenceNote,
          },
          after: { ...dto, visit: dto.visit ? visitAudit(dto.visit) : undefined },
        },
        em,
      );
    });
    return this.get(id, user);
  }

  async addMeasure(id: string, dto: MeasureDto, user: AuthUser): Promise<{ id: string }> {
    const f = await this.get(id, user);
    const [row] = (await this.ds.query(
      `INSERT INTO help_measures (file_id, kind, description, amount_fen, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [id, dto.kind, dto.description, dto.amountFen ?? null, user.userId],
    )) as Array<{ id: string }>;
    await this.audit.append({
      actorId: user.userId,
      action: 'file.measure',
      entityType: 'hardship_file',
      entityId: id,
      workflowId: f.workflowId,
      after: dto,
    });
    return { id: row!.id };
  }

  async measures(id: string): Promise<unknown[]> {
    return this.ds.query(
      `SELECT id, kind, description, status, amount_fen::bigint::float8 AS "amountFen", created_at AS "createdAt" FROM help_measures WHERE file_id = $1 ORDER BY created_at`,
      [id],
    ) as Promise<unknown[]>;
  }

  timeline(id: string) {
    return timelineOf(this.ds, 'hardship_file', id);
  }

  async object(id: string, dto: { text: string; raisedBy: string }, user: AuthUser): Promise<void> {
    const f = await this.get(id, user);
    if (f.status !== 'in_notice') throw FileExceptions.notInNotice(f.fileNo, f.status);
    await this.temporal.workflow
      .getHandle(f.workflowId)
      .signal(fileObjectionSignal, { by: dto.raisedBy, text: dto.text });
  }

  async withdraw(id: string, reason: string, user: AuthUser): Promise<{ status: string }> {
    const f = await this.get(id, user);
    return onFailure(
      this.temporal.workflow.getHandle(f.workflowId).executeUpdate(withdrawUpdate, {
        args: [{ reason, actor: { userId: user.userId, displayName: user.displayName, roles: user.roles } }],
      }),
      {
        [FailureType.StaleTask]: () => FileExceptions.notWithdrawable(f.fileNo, f.status),
        [WorkflowFailure.NotRunning]: () => FileExceptions.notWithdrawable(f.fileNo, f.status),
        [FailureType.DecisionForbidden]: () => FileExceptions.withdrawForbidden(),
      },
    );
  }
}
