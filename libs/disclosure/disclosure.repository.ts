import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface RecipientRow {
  paidOn: string;
  name: string;
  unitName: string;
  programCode: string;
  programName: string;
  amountFen: number;
}

export interface FundUsageRow {
  programCode: string;
  programName: string;
  fundSource: string;
  fundSourceName: string;
  allocatedFen: number;
  paidInPeriodFen: number;
  paidToDateFen: number;
  payments: number;
}

/**
 * Disclosure reads (SQL only): every payment of the ledger to a person in a period and subtree — aid
 * cases (金秋助学 among them), holiday-campaign cash deliveries, regular subsidies — and fund usage by
 * program and fund source. Names are returned for masking by the caller; no ID number is read.
 */
@Injectable()
export class DisclosureRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async recipients(q: { from: string; to: string; orgPath: string }): Promise<RecipientRow[]> {
    const rows = (await this.ds.query(
      `SELECT to_char(x.paid_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS "paidOn", x.name, x.unit_name AS "unitName",
              x.program_code AS "programCode", p.name_zh AS "programName", x.amount_fen::bigint AS "amountFen"
         FROM (
           SELECT e.created_at AS paid_at, w.name, o.name_zh AS unit_name, o.path, c.program_code, e.amount_fen
             FROM ledger_entries e JOIN aid_cases c ON c.id = e.case_id JOIN workers w ON w.id = c.worker_id
             JOIN org_units o ON o.id = c.org_unit_id
            WHERE e.kind = 'payment'
           UNION ALL
           SELECT e.created_at, w.name, o.name_zh, o.path, cp.program_code, e.amount_fen
             FROM ledger_entries e JOIN campaigns cp ON cp.id = e.campaign_id
             JOIN campaign_deliveries d ON d.ledger_key = e.idempotency_key
             JOIN campaign_recipients r ON r.id = d.recipient_id JOIN workers w ON w.id = r.worker_id
             JOIN org_units o ON o.id = r.unit_id
            WHERE e.kind = 'payment'
           UNION ALL
           SELECT e.created_at, w.name, o.name_zh, o.path, b.program_code, e.amount_fen
             FROM ledger_entries e JOIN budgets b ON b.id = e.budget_id JOIN hardship_files f ON f.id = e.file_id
             JOIN workers w ON w.id = f.worker_id JOIN org_units o ON o.id = f.org_unit_id
            WHERE e.kind = 'payment' AND e.case_id IS NULL AND e.campaign_id IS NULL
         ) x JOIN programs p ON p.code = x.program_code
        WHERE (x.paid_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $1::date AND $2::date
          AND (x.path = $3 OR x.path LIKE $3 || '.%')
        ORDER BY x.path, p.sort_order, x.paid_at
        LIMIT 20000`,
      [q.from, q.to, q.orgPath],
    )) as Array<Omit<RecipientRow, 'amountFen'> & { amountFen: string }>;
    return rows.map((r) => ({ ...r, amountFen: Number(r.amountFen) }));
  }

  /** Fund usage of the year's budgets: allocated, paid within [from, to], paid up to `to` (China dates). */
  async fundUsage(q: { year: number; from: string; to: string }): Promise<FundUsageRow[]> {
    const rows = (await this.ds.query(
      `SELECT b.program_code AS "programCode", p.name_zh AS "programName", b.fund_source AS "fundSource", f.name_zh AS "fundSourceName",
              COALESCE(sum(e.amount_fen) FILTER (WHERE e.kind = 'allocation'), 0)::bigint AS "allocatedFen",
              COALESCE(sum(e.amount_fen) FILTER (WHERE e.kind IN ('payment','loan_disbursement')
                AND (e.created_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $2::date AND $3::date), 0)::bigint AS "paidInPeriodFen",
              COALESCE(sum(e.amount_fen) FILTER (WHERE e.kind IN ('payment','loan_disbursement')
                AND (e.created_at AT TIME ZONE 'Asia/Shanghai')::date <= $3::date), 0)::bigint AS "paidToDateFen",
              count(e.id) FILTER (WHERE e.kind = 'payment'
                AND (e.created_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $2::date AND $3::date)::int AS payments
         FROM budgets b JOIN programs p ON p.code = b.program_code JOIN fund_sources f ON f.code = b.fund_source
         LEFT JOIN ledger_entries e ON e.budget_id = b.id
        WHERE b.year = $1
        GROUP BY b.program_code, p.name_zh, p.sort_order, b.fund_source, f.name_zh, f.sort_order
        ORDER BY p.sort_order, f.sort_order`,
      [q.year, q.from, q.to],
    )) as Array<Record<string, string | number>>;
    return rows.map((r) => ({
      programCode: String(r.programCode),
      programName: String(r.programName),
      fundSource: String(r.fundSource),
      fundSourceName: String(r.fundSourceName),
      allocatedFen: Number(r.allocatedFen),
      paidInPeriodFen: Number(r.paidInPeriodFen),
      paidToDateFen: Number(r.paidToDateFen),
      payments: Number(r.payments),
    }));
  }
}
