import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../../../libs/config/config.module';
import type { AppConfig } from '../../../../libs/config/env';
import { isWithinScope } from '../../../../libs/domain/org-scope';
import { HrImportsRepository, type HrImportKind } from '../../../../libs/hr-imports/hr-imports.repository';
import { PiiCipher } from '../../../../libs/security/pii';
import { workflowIds } from '../../../../libs/temporal/ids';
import { hrImportDecisionUpdate, hrImportWorkflow } from '../../../../workflows/hr-import.workflow';
import type { AuthUser } from '../auth/auth.decorators';
import { decodeCursor, type Page, toPage } from '../common/pagination';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import type { HrImportRowDto, HrImportViewDto, IncomeCheckDto } from './dto/hr-imports.response';
import type { ListHrImportRowsQueryDto, ListHrImportsQueryDto } from './dto/hr-imports.dto';
import { HrImportExceptions } from './hr-imports.exceptions';
import { readHrFile } from './hr-imports.parse';

/** Rows per set-based activity: 20,000 rows are 20 chunks per phase. */
export const HR_IMPORT_CHUNK_ROWS = 1000;
/** A dry run nobody commits is cancelled after this many days (nothing was written). */
const DECISION_TIMEOUT_DAYS = 14;
/** An import staged this long ago with no workflow behind it is resumed when read. */
const ORPHAN_AFTER_MS = 30_000;

const VIEW_SQL = `
SELECT i.id, i.kind, i.workflow_id AS "workflowId", i.file_name AS "fileName", i.format, i.org_unit_id AS "orgUnitId",
       o.name_zh AS "orgUnitName", i.status, i.total_rows AS "totalRows", i.previewed_rows AS "previewedRows",
       i.applied_rows AS "appliedRows",
       CASE WHEN i.preview_counts = '{}'::jsonb THEN NULL ELSE i.preview_counts END AS "previewCounts",
       CASE WHEN i.counts = '{}'::jsonb THEN NULL ELSE i.counts END AS "counts",
       i.flagged_files AS "flaggedFiles", i.error, i.created_at AS "createdAt", i.finished_at AS "finishedAt", o.path
  FROM hr_imports i JOIN org_units o ON o.id = i.org_unit_id`;

type ViewRow = HrImportViewDto & { path: string; createdAt: Date | string; finishedAt: Date | string | null };

/** Upload → staged rows + workflow; the view, the rows, the decision; the file's payroll flag. */
@Injectable()
export class HrImportsService {
  private readonly logger = new Logger(HrImportsService.name);
  private readonly pii: PiiCipher;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly imports: HrImportsRepository,
  ) {
    this.pii = PiiCipher.fromBase64(config.PII_ENCRYPTION_KEY, config.PII_HASH_KEY);
  }

  /** Reads and validates the file, stages every row in one transaction, then starts the workflow. */
  async upload(
    kind: HrImportKind,
    file: { originalname: string; buffer: Buffer },
    orgUnitId: string | undefined,
    user: AuthUser,
  ): Promise<HrImportViewDto> {
    const unitId = orgUnitId ?? user.orgUnitId;
    const [unit] = (await this.ds.query(`SELECT id, path FROM org_units WHERE id = $1`, [unitId])) as Array<{
      id: string;
      path: string;
    }>;
    if (!unit || !isWithinScope(user.orgPath, unit.path)) throw HrImportExceptions.unitNotFound(unitId);
    const { format, rows } = await readHrFile(kind, file.originalname, file.buffer, this.pii);
    const id = randomUUID();
    const workflowId = workflowIds.hrImport(kind, id);
    await this.imports.stage({
      id,
      kind,
      workflowId,
      fileName: file.originalname.slice(0, 255),
      format,
      orgUnitId: unit.id,
      createdBy: user.userId,
      rows,
    });
    await this.startWorkflow(id, kind, workflowId, rows.length);
    return this.get(id, user);
  }

  private async startWorkflow(id: string, kind: HrImportKind, workflowId: string, totalRows: number) {
    await this.temporal.workflow.start(hrImportWorkflow, {
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      workflowId,
      args: [
        {
          importId: id,
          kind,
          totalRows,
          chunkSize: HR_IMPORT_CHUNK_ROWS,
          decisionTimeoutDays: DECISION_TIMEOUT_DAYS,
        },
      ],
    });
  }

  /**
   * Restart after a crash between staging and starting the workflow: an import still "previewing"
   * with nothing classified a while after its upload gets its workflow now (the ID is the import's,
   * so a workflow that exists is left alone).
   */
  private async resumeIfOrphaned(r: ViewRow): Promise<void> {
    if (r.status !== 'previewing' || r.previewedRows > 0) return;
    if (Date.now() - new Date(r.createdAt).getTime() < ORPHAN_AFTER_MS) return;
    try {
      await this.temporal.workflow.getHandle(r.workflowId).describe();
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      this.logger.warn(`import ${r.id}: staged without a workflow (a crash after the upload?); starting it`);
      await this.startWorkflow(r.id, r.kind, r.workflowId, r.totalRows).catch((e: unknown) => {
        if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
      });
    }
  }

  async list(q: ListHrImportsQueryDto, user: AuthUser): Promise<Page<HrImportViewDto>> {
    const limit = q.limit ?? 50;
    const cursor = decodeCursor(q.cursor, 2);
    const rows = (await this.ds.query(
      `${VIEW_SQL}
        WHERE ($1::text IS NULL OR i.kind = $1) AND (o.path = $2 OR o.path LIKE $2 || '.%')
          AND ($3::timestamptz IS NULL OR (i.created_at, i.id) < ($3::timestamptz, $4::uuid))
        ORDER BY i.created_at DESC, i.id DESC LIMIT $5`,
      [q.kind ?? null, user.orgPath, cursor?.[0] ?? null, cursor?.[1] ?? null, limit + 1],
    )) as ViewRow[];
    const page = toPage(rows, limit, (r) => [new Date(r.createdAt).toISOString(), r.id]);
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  async get(id: string, user: AuthUser): Promise<HrImportViewDto> {
    const [row] = (await this.ds.query(`${VIEW_SQL} WHERE i.id = $1`, [id])) as ViewRow[];
    if (!row || !isWithinScope(user.orgPath, row.path)) throw HrImportExceptions.notFound(id);
    await this.resumeIfOrphaned(row);
    return view(row);
  }

  async rows(id: string, q: ListHrImportRowsQueryDto, user: AuthUser): Promise<Page<HrImportRowDto>> {
    await this.get(id, user);
    const limit = q.limit ?? 50;
    const cursor = decodeCursor(q.cursor, 1);
    const rows = (await this.ds.query(
      `SELECT seq, row_no AS "rowNo", employee_no AS "employeeNo", name, national_id_masked AS "nationalIdMasked", unit,
              to_char(month, 'YYYY-MM') AS month, amount_fen::text AS "amountFen",
              COALESCE(outcome, preview_outcome) AS outcome, applied,
              CASE WHEN applied THEN reason_code ELSE preview_code END AS "reasonCode",
              CASE WHEN applied THEN reason_params ELSE preview_params END AS "reasonParams"
         FROM hr_import_rows
        WHERE import_id = $1 AND ($2::int IS NULL OR seq > $2)
          AND ($3::text IS NULL OR COALESCE(outcome, preview_outcome) = $3)
        ORDER BY seq LIMIT $4`,
      [id, cursor?.[0] ?? null, q.outcome ?? null, limit + 1],
    )) as Array<Omit<HrImportRowDto, 'amountFen'> & { seq: number; amountFen: string | null }>;
    const page = toPage(rows, limit, (r) => [r.seq]);
    return {
      items: page.items.map(({ seq: _seq, amountFen, ...r }) => ({
        ...r,
        amountFen: amountFen === null ? null : Number(amountFen),
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** Commit or cancel a finished dry run (the workflow's Update refuses anything else: 409). */
  async decide(id: string, decision: 'commit' | 'cancel', user: AuthUser): Promise<{ phase: string }> {
    const imp = await this.get(id, user);
    if (imp.status !== 'previewed') throw HrImportExceptions.notPreviewed(id, imp.status);
    const r = await this.temporal.workflow
      .getHandle(imp.workflowId)
      .executeUpdate(hrImportDecisionUpdate, { args: [{ decision, actorId: user.userId }] });
    return { phase: r.phase };
  }

  /** The payroll cross-check flag of a file (多部门联合审核), for the file and the approver's task. */
  async incomeCheck(fileId: string, user: AuthUser): Promise<IncomeCheckDto> {
    const [f] = (await this.ds.query(
      `SELECT o.path FROM hardship_files f JOIN org_units o ON o.id = f.org_unit_id WHERE f.id = $1`,
      [fileId],
    )) as Array<{ path: string }>;
    if (!f || !isWithinScope(user.orgPath, f.path)) throw HrImportExceptions.fileNotFound(fileId);
    const [d] = (await this.ds.query(
      `SELECT file_id AS "fileId", months, declared_fen::text AS "declaredFen", payroll_fen::text AS "payrollFen",
              threshold_percent AS "thresholdPercent", policy_version AS "policyVersion", import_id AS "importId",
              flagged_at AS "flaggedAt"
         FROM file_income_discrepancies WHERE file_id = $1 AND resolved_at IS NULL`,
      [fileId],
    )) as Array<{
      fileId: string;
      months: number;
      declaredFen: string;
      payrollFen: string;
      thresholdPercent: number;
      policyVersion: number;
      importId: string;
      flaggedAt: Date;
    }>;
    if (!d) return { flagged: false, discrepancy: null };
    return {
      flagged: true,
      discrepancy: {
        ...d,
        declaredFen: Number(d.declaredFen),
        payrollFen: Number(d.payrollFen),
        flaggedAt: d.flaggedAt.toISOString(),
      },
    };
  }
}

function view(r: ViewRow): HrImportViewDto {
  const { path: _path, createdAt, finishedAt, ...rest } = r;
  return {
    ...rest,
    createdAt: new Date(createdAt).toISOString(),
    finishedAt: finishedAt === null ? null : new Date(finishedAt).toISOString(),
  };
}
