import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, FailureType } from '../domain/errors';

export interface TuitionClaim {
  id: string;
  workerId: string;
  householdMemberId: string;
  schoolYear: string;
  level: string;
  school: string;
  amountFen: number;
  policyVersion: number;
  createdBy: string;
}

export interface TuitionReportRow {
  unitId: string;
  unitName: string;
  level: string;
  applications: number;
  paid: number;
  paidFen: number;
}

/**
 * 金秋助学 records (SQL only): the claim on a child's school year — unique on (household member,
 * school year) while not voided, so two parents cannot both claim — and the drive report, paid
 * amounts read from the ledger.
 */
@Injectable()
export class TuitionRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The household a member belongs to, and the worker's household (null when either is unknown). */
  async households(q: {
    householdMemberId: string;
    workerId: string;
  }): Promise<{ member: string | null; worker: string | null; childName: string | null }> {
    const [r] = (await this.ds.query(
      `SELECT (SELECT household_id FROM household_members WHERE id = $1) AS member,
              (SELECT name FROM household_members WHERE id = $1) AS child,
              (SELECT household_id FROM workers WHERE id = $2) AS worker`,
      [q.householdMemberId, q.workerId],
    )) as Array<{ member: string | null; worker: string | null; child: string | null }>;
    return { member: r?.member ?? null, worker: r?.worker ?? null, childName: r?.child ?? null };
  }

  /** Claims the child's school year; a live claim exists → DomainError naming its case. */
  async claim(c: TuitionClaim): Promise<void> {
    await this.ds
      .query(
        `INSERT INTO tuition_applications (id, worker_id, household_member_id, school_year, level, school, amount_fen, policy_version, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          c.id,
          c.workerId,
          c.householdMemberId,
          c.schoolYear,
          c.level,
          c.school,
          c.amountFen,
          c.policyVersion,
          c.createdBy,
        ],
      )
      .catch(async (err: { code?: string }) => {
        if (err.code !== '23505') throw err;
        const [prior] = (await this.ds.query(
          `SELECT t.case_id, c.case_no FROM tuition_applications t LEFT JOIN aid_cases c ON c.id = t.case_id
            WHERE t.household_member_id = $1 AND t.school_year = $2 AND NOT t.voided`,
          [c.householdMemberId, c.schoolYear],
        )) as Array<{ case_id: string | null; case_no: string | null }>;
        throw new DomainError(
          FailureType.Ineligible,
          `this child has a 金秋助学 application for ${c.schoolYear} already`,
          [
            {
              field: 'householdMemberId',
              rule: 'once_per_child_per_school_year',
              message: `one 金秋助学 application per child and school year (${c.schoolYear})`,
              params: { schoolYear: c.schoolYear, caseNo: prior?.case_no ?? '' },
            },
          ],
        );
      });
  }

  async attachCase(id: string, caseId: string): Promise<void> {
    await this.ds.query(`UPDATE tuition_applications SET case_id = $2 WHERE id = $1`, [id, caseId]);
  }

  /** Gives up a claim whose case could not be filed (nothing is left half-written). */
  async release(id: string): Promise<void> {
    await this.ds.query(`DELETE FROM tuition_applications WHERE id = $1 AND case_id IS NULL`, [id]);
  }

  async byCase(caseId: string): Promise<{
    schoolYear: string;
    level: string;
    school: string;
    amountFen: number;
    childName: string;
  } | null> {
    const [r] = (await this.ds.query(
      `SELECT t.school_year AS "schoolYear", t.level, t.school, t.amount_fen::int AS "amountFen", m.name AS "childName"
         FROM tuition_applications t JOIN household_members m ON m.id = t.household_member_id WHERE t.case_id = $1`,
      [caseId],
    )) as Array<{ schoolYear: string; level: string; school: string; amountFen: number; childName: string }>;
    return r ?? null;
  }

  /** The drive report of a school year, by org unit and level, within `orgPath`. */
  async report(schoolYear: string, orgPath: string): Promise<TuitionReportRow[]> {
    const rows = (await this.ds.query(
      `SELECT o.id AS "unitId", o.name_zh AS "unitName", t.level,
              count(*)::int AS applications,
              count(e.id)::int AS paid,
              COALESCE(sum(e.amount_fen), 0)::bigint AS "paidFen"
         FROM tuition_applications t
         JOIN aid_cases c ON c.id = t.case_id
         JOIN org_units o ON o.id = c.org_unit_id
         LEFT JOIN ledger_entries e ON e.case_id = c.id AND e.kind = 'payment'
        WHERE t.school_year = $1 AND NOT t.voided AND (o.path = $2 OR o.path LIKE $2 || '.%')
        GROUP BY o.id, o.name_zh, o.path, t.level ORDER BY o.path, t.level`,
      [schoolYear, orgPath],
    )) as Array<Omit<TuitionReportRow, 'paidFen'> & { paidFen: string }>;
    return rows.map((r) => ({ ...r, paidFen: Number(r.paidFen) }));
  }
}
