import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EvaluationGrouping, EvaluationSums } from '../domain/evaluation';
import { AGGREGATE_SQL, WRITE_EVALUATIONS_SQL } from './evaluation.sql';

export interface EvaluationFileRow {
  fileId: string;
  fileNo: string;
  kind: 'exit' | 'annual';
  evaluatedOn: string;
  orgUnitName: string;
  category: string | null;
  causes: string[];
  members: number;
  incomeBeforeFen: number;
  incomeAfterFen: number;
  monthsToExit: number | null;
  measuresTotal: number;
  measuresDone: number;
  jobsFound: number;
  keptInSchool: number;
  aidFen: number;
}

const NUMERIC: Array<keyof EvaluationSums> = [
  'files',
  'households',
  'exits',
  'relapses',
  'incomeBeforeSumFen',
  'incomeAfterSumFen',
  'monthsToExitSum',
  'measuresTotal',
  'measuresDone',
  'jobsFound',
  'keptInSchool',
  'aidFen',
  'aidExitedFen',
];

/** Effect evaluation (帮扶效果评估), SQL only: writes per-file rows set-based, sums them per group. */
@Injectable()
export class EvaluationRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * Writes the evaluation rows due on `date` (China): files exited by then without one, and, when
   * `annualDue`, active files without one for the date's year. One statement; a second run writes
   * nothing. Answers how many of each kind were written.
   */
  async write(date: string, annualDue: boolean): Promise<{ exit: number; annual: number }> {
    const rows = (await this.ds.query(WRITE_EVALUATIONS_SQL, [date, annualDue])) as Array<{ kind: string }>;
    return {
      exit: rows.filter((r) => r.kind === 'exit').length,
      annual: rows.filter((r) => r.kind === 'annual').length,
    };
  }

  /** The year's sums per group (`total`: one row, key 'all') in a subtree. */
  async sums(q: {
    year: number;
    orgPath: string;
    by: EvaluationGrouping | 'total';
    relapseMonths: number;
  }): Promise<Array<EvaluationSums & { key: string }>> {
    const rows = (await this.ds.query(AGGREGATE_SQL, [q.year, q.orgPath, q.by, q.relapseMonths])) as Array<
      Record<string, string | number>
    >;
    return rows.map((r) => {
      const out = { key: String(r.key) } as EvaluationSums & { key: string };
      for (const k of NUMERIC) out[k] = Number(r[k]);
      return out;
    });
  }

  /** The year's per-file evaluations in a subtree (the latest of each file), for the table and export. */
  async files(q: { year: number; orgPath: string; limit: number }): Promise<EvaluationFileRow[]> {
    const rows = (await this.ds.query(
      `SELECT DISTINCT ON (e.file_id) e.file_id AS "fileId", f.file_no AS "fileNo", e.kind,
              to_char(e.evaluated_on, 'YYYY-MM-DD') AS "evaluatedOn", o.name_zh AS "orgUnitName", e.category, e.causes,
              e.members, e.income_before_fen::bigint AS "incomeBeforeFen", e.income_after_fen::bigint AS "incomeAfterFen",
              e.months_to_exit AS "monthsToExit", e.measures_total AS "measuresTotal", e.measures_done AS "measuresDone",
              e.jobs_found AS "jobsFound", e.kept_in_school AS "keptInSchool", e.aid_fen::bigint AS "aidFen"
         FROM help_evaluations e JOIN hardship_files f ON f.id = e.file_id JOIN org_units o ON o.id = e.org_unit_id
        WHERE e.year = $1 AND (e.org_path = $2 OR e.org_path LIKE $2 || '.%')
        ORDER BY e.file_id, (e.kind = 'exit') DESC, e.evaluated_on DESC
        LIMIT $3`,
      [q.year, q.orgPath, q.limit],
    )) as Array<Record<string, unknown>>;
    return rows
      .map((r) => ({
        ...(r as unknown as EvaluationFileRow),
        incomeBeforeFen: Number(r.incomeBeforeFen),
        incomeAfterFen: Number(r.incomeAfterFen),
        aidFen: Number(r.aidFen),
      }))
      .sort((a, b) => a.fileNo.localeCompare(b.fileNo));
  }

  /** Names of the org units among `ids` (group labels of `by=unit`). */
  async unitNames(ids: string[]): Promise<Map<string, string>> {
    const rows = (await this.ds.query(`SELECT id, name_zh FROM org_units WHERE id = ANY ($1::uuid[])`, [
      ids,
    ])) as Array<{ id: string; name_zh: string }>;
    return new Map(rows.map((r) => [r.id, r.name_zh]));
  }
}
