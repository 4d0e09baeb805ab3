import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { householdSizeSql } from '../domain/household-size';
import { incomeWindow, incomeWindowSql, type IncomeWindow } from '../domain/income-window';

/** What the category rule and the evidence check read about a household, as of an assessment date. */
export interface HouseholdAssessmentFigures {
  householdId: string;
  localityCode: string;
  /** Household size (libs/domain/household-size.ts). */
  members: number;
  /** Household members on record besides the worker(s), not removed. */
  otherMembers: number;
  window: IncomeWindow;
  /** Net income (entries and their reversals) over the income window, fen. */
  incomeFen: number;
  /** Income entries in the window that stand (neither reversed nor a reversal). */
  incomeEntriesInWindow: number;
  /** Net rigid expenses (medical, tuition, elder care) of the window's expense year, fen. */
  rigidFen: number;
  /** Net hardship costs of the window's expense year, fen. */
  hardshipFen: number;
}

const W = incomeWindowSql('$2::timestamptz');

/** A person already on record under a national ID hash: a registered worker or a household member. */
export interface PersonOnRecord {
  kind: 'worker' | 'household_member';
  workerId: string | null;
  memberId: string | null;
  householdId: string | null;
  householdCode: string | null;
  employeeNo: string | null;
  name: string;
  orgUnitId: string;
  orgUnitName: string;
  path: string;
}

/** Households (家庭): SQL only — the derived size and the figures over the income window. */
@Injectable()
export class HouseholdsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Everyone on record with this national ID hash (workers first), across the whole federation. */
  async peopleByNationalIdHash(hash: string, em: EntityManager = this.ds.manager): Promise<PersonOnRecord[]> {
    return (await em.query(
      `SELECT 'worker' AS kind, w.id AS "workerId", NULL::uuid AS "memberId", w.household_id AS "householdId",
              h.code AS "householdCode", w.employee_no AS "employeeNo", w.name, o.id AS "orgUnitId",
              o.name_zh AS "orgUnitName", o.path
         FROM workers w JOIN org_units o ON o.id = w.org_unit_id LEFT JOIN households h ON h.id = w.household_id
        WHERE w.national_id_hash = $1
       UNION ALL
       SELECT 'household_member', m.worker_id, m.id, h.id, h.code, NULL, m.name, o.id, o.name_zh, o.path
         FROM household_members m JOIN households h ON h.id = m.household_id JOIN org_units o ON o.id = h.org_unit_id
        WHERE m.national_id_hash = $1 AND m.removed_at IS NULL
        ORDER BY 1 DESC`,
      [hash],
    )) as PersonOnRecord[];
  }

  /** Recomputes households.member_count from the workers and members (call in the changing transaction). */
  async recount(householdId: string, em: EntityManager): Promise<number> {
    const [r] = (await em.query(
      `WITH u AS (UPDATE households SET member_count = GREATEST(${householdSizeSql('$1::uuid')}, 1) WHERE id = $1
                  RETURNING member_count)
       SELECT member_count FROM u`,
      [householdId],
    )) as Array<{ member_count: number }>;
    return r?.member_count ?? 0;
  }

  /** The household's figures as of `asOf` over the one income window (libs/domain/income-window.ts). */
  async figures(
    householdId: string,
    asOf: Date,
    em: EntityManager = this.ds.manager,
  ): Promise<HouseholdAssessmentFigures | undefined> {
    const [r] = (await em.query(
      `SELECT h.id, h.locality_code AS "localityCode", h.member_count AS members,
              (SELECT count(*) FROM household_members m WHERE m.household_id = h.id AND m.removed_at IS NULL
                  AND m.worker_id IS NULL)::int AS "otherMembers",
              COALESCE((SELECT sum(amount_fen) FROM household_incomes i WHERE i.household_id = h.id
                         AND i.month >= ${W.fromDay} AND i.month < ${W.toDay}), 0)::bigint AS income,
              (SELECT count(*) FROM household_incomes i WHERE i.household_id = h.id AND i.reverses_id IS NULL
                  AND i.month >= ${W.fromDay} AND i.month < ${W.toDay}
                  AND NOT EXISTS (SELECT 1 FROM household_incomes r WHERE r.reverses_id = i.id))::int AS "incomeEntries",
              COALESCE((SELECT sum(amount_fen) FROM household_expenses e WHERE e.household_id = h.id
                         AND e.kind IN ('medical','tuition','elder_care') AND e.year = ${W.expenseYear}), 0)::bigint AS rigid,
              COALESCE((SELECT sum(amount_fen) FROM household_expenses e WHERE e.household_id = h.id
                         AND e.kind = 'hardship' AND e.year = ${W.expenseYear}), 0)::bigint AS hardship
         FROM households h WHERE h.id = $1`,
      [householdId, asOf.toISOString()],
    )) as Array<{
      id: string;
      localityCode: string;
      members: number;
      otherMembers: number;
      income: string;
      incomeEntries: number;
      rigid: string;
      hardship: string;
    }>;
    if (!r) return undefined;
    return {
      householdId: r.id,
      localityCode: r.localityCode,
      members: r.members,
      otherMembers: r.otherMembers,
      window: incomeWindow(asOf),
      incomeFen: Number(r.income),
      incomeEntriesInWindow: r.incomeEntries,
      rigidFen: Number(r.rigid),
      hardshipFen: Number(r.hardship),
    };
  }
}
