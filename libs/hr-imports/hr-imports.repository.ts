import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PolicyRepository } from '../policy/policy.repository';
import {
  APPLY_PAYROLL_SQL,
  APPLY_ROSTER_SQL,
  CROSS_CHECK_SQL,
  FINISHED_SQL,
  PREVIEWED_SQL,
  previewChunkSql,
} from './hr-imports.sql';

export type HrImportKind = 'roster' | 'payroll';
export type RowOutcome = 'new' | 'updated' | 'unchanged' | 'refused';

/** One row of an uploaded file, validated and (national ID) encrypted by the API before staging. */
export interface StagedRow {
  rowNo: number;
  employeeNo: string | null;
  name: string | null;
  nationalIdEnc: Buffer | null;
  nationalIdHash: string | null;
  nationalIdMasked: string | null;
  gender: 'male' | 'female' | null;
  phone: string | null;
  unit: string | null;
  /** Payroll: first day of the month (YYYY-MM-01). */
  month: string | null;
  amountFen: number | null;
  /** Refused already when read (format, check digit, duplicate in the file): the reason code and params. */
  refusalCode: string | null;
  refusalParams: Record<string, string | number> | null;
}

export interface StageInput {
  id: string;
  kind: HrImportKind;
  workflowId: string;
  fileName: string;
  format: 'csv' | 'xlsx';
  orgUnitId: string;
  createdBy: string;
  rows: StagedRow[];
}

export interface ChunkInput {
  importId: string;
  kind: HrImportKind;
  fromSeq: number;
  toSeq: number;
}

const STAGE_BATCH = 5000;

/** HR imports (roster, payroll): staging, set-based preview and commit per chunk, the cross-check. */
@Injectable()
export class HrImportsRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly policy: PolicyRepository,
  ) {}

  /** The import and all its rows in one transaction: nothing is staged unless everything is. */
  async stage(s: StageInput): Promise<void> {
    await this.ds.transaction(async (em) => {
      await em.query(
        `INSERT INTO hr_imports (id, kind, workflow_id, file_name, format, org_unit_id, created_by, status, total_rows)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'previewing', $8)`,
        [s.id, s.kind, s.workflowId, s.fileName, s.format, s.orgUnitId, s.createdBy, s.rows.length],
      );
      for (let i = 0; i < s.rows.length; i += STAGE_BATCH) {
        const batch = s.rows.slice(i, i + STAGE_BATCH);
        const col = <T>(f: (r: StagedRow) => T) => batch.map(f);
        await em.query(
          `INSERT INTO hr_import_rows (import_id, seq, row_no, employee_no, name, national_id_enc, national_id_hash,
                                       national_id_masked, gender, phone, unit, month, amount_fen, refusal_code, refusal_params)
           SELECT $1, * FROM unnest($2::int[], $3::int[], $4::text[], $5::text[], $6::bytea[], $7::text[], $8::text[],
                                    $9::text[], $10::text[], $11::text[], $12::date[], $13::bigint[], $14::text[], $15::jsonb[])`,
          [
            s.id,
            batch.map((_, k) => i + k + 1),
            col((r) => r.rowNo),
            col((r) => r.employeeNo),
            col((r) => r.name),
            col((r) => r.nationalIdEnc),
            col((r) => r.nationalIdHash),
            col((r) => r.nationalIdMasked),
            col((r) => r.gender),
            col((r) => r.phone),
            col((r) => r.unit),
            col((r) => r.month),
            col((r) => r.amountFen),
            col((r) => r.refusalCode),
            col((r) => (r.refusalParams ? JSON.stringify(r.refusalParams) : null)),
          ],
        );
      }
    });
  }

  async previewChunk(c: ChunkInput): Promise<{ previewedRows: number }> {
    const [row] = (await this.ds.query(previewChunkSql(c.kind), [c.importId, c.fromSeq, c.toSeq])) as Array<{
      previewed_rows: number;
    }>;
    return { previewedRows: row?.previewed_rows ?? 0 };
  }

  async markPreviewed(importId: string): Promise<void> {
    await this.ds.query(PREVIEWED_SQL, [importId]);
  }

  async markCommitting(importId: string, actorId: string): Promise<void> {
    await this.ds.query(
      `UPDATE hr_imports SET status = 'committing', committed_by = $2 WHERE id = $1 AND status = 'previewed'`,
      [importId, actorId],
    );
  }

  async applyChunk(c: ChunkInput): Promise<{ appliedRows: number }> {
    const [row] = (await this.ds.query(c.kind === 'roster' ? APPLY_ROSTER_SQL : APPLY_PAYROLL_SQL, [
      c.importId,
      c.fromSeq,
      c.toSeq,
    ])) as Array<{ applied_rows: number }>;
    return { appliedRows: row?.applied_rows ?? 0 };
  }

  /** The payroll cross-check (once per import) with the threshold of the policy in force. */
  async crossCheck(importId: string): Promise<{ flagged: number; cleared: number }> {
    const { version, data } = await this.policy.current();
    return this.ds.transaction(async (em) => {
      const [r] = (await em.query(CROSS_CHECK_SQL, [
        importId,
        data.hrCrossCheck.gapThresholdPercent,
        version,
      ])) as Array<{ ran: number; flagged: number; cleared: number }>;
      if (r!.ran > 0)
        await em.query(`UPDATE hr_imports SET flagged_files = $2 WHERE id = $1`, [importId, r!.flagged]);
      return { flagged: r!.flagged, cleared: r!.cleared };
    });
  }

  async finish(importId: string, status: 'done' | 'cancelled'): Promise<void> {
    await this.ds.query(FINISHED_SQL, [importId, status]);
  }

  async fail(importId: string, error: string): Promise<void> {
    await this.ds.query(
      `UPDATE hr_imports SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status <> 'done'`,
      [importId, error.slice(0, 1000)],
    );
  }
}
