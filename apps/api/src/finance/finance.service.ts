import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AGING_BUCKETS, AGING_LABELS, chinaDateOf, type AgingBucket } from '../../../../libs/domain/loan';
import { isWithinScope } from '../../../../libs/domain/org-scope';
import { AGING_SQL } from '../../../../libs/loans/aging.sql';
import { OLDEST_UNPAID_DRIFT_SQL } from '../../../../libs/loans/oldest-unpaid.sql';
import { LedgerRepository } from '../../../../libs/ledger/ledger.repository';
import { PolicyRepository } from '../../../../libs/policy/policy.repository';
import type { AuthUser } from '../auth/auth.decorators';
import { FinanceExceptions } from './finance.exceptions';
import { LEDGER_KIND_LABELS } from '../common/ledger-labels';

export interface AgingReport {
  asOf: string;
  orgUnitId: string | null;
  graceDays: number;
  buckets: Array<{
    bucket: AgingBucket;
    label: { zh: string; en: string };
    loans: number;
    outstandingFen: number;
  }>;
  totalLoans: number;
  totalOutstandingFen: number;
  /** Outstanding of loans more than 30 days overdue (PAR30). */
  portfolioAtRiskDays: number;
  portfolioAtRiskFen: number;
  portfolioAtRiskPercent: number;
}

export interface StatementEntry {
  date: string;
  loanNo: string;
  kind: string;
  kindLabel: { zh: string; en: string };
  amountFen: number;
  reference: string | null;
  balanceFen: number;
}

const PAR_DAYS = 30;

@Injectable()
export class FinanceService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly policy: PolicyRepository,
    private readonly ledger: LedgerRepository,
  ) {}

  private async scopePath(user: AuthUser, orgUnitId?: string): Promise<string> {
    if (!orgUnitId) return user.orgPath;
    const [o] = (await this.ds.query(`SELECT path FROM org_units WHERE id = $1`, [orgUnitId])) as Array<{
      path: string;
    }>;
    if (!o || !isWithinScope(user.orgPath, o.path)) throw FinanceExceptions.orgUnitNotFound(orgUnitId);
    return o.path;
  }

  async aging(user: AuthUser, q: { orgUnitId?: string; asOf?: string }): Promise<AgingReport> {
    const asOf = q.asOf ?? chinaDateOf(Date.now());
    const [path, policy] = await Promise.all([this.scopePath(user, q.orgUnitId), this.policy.current()]);
    const grace = policy.data.loan.graceDays;
    const rows = (await this.ds.query(AGING_SQL, [asOf, grace, path])) as Array<{
      bucket: AgingBucket;
      loans: number;
      outstanding: string;
    }>;
    const buckets = AGING_BUCKETS.map((b) => {
      const r = rows.find((x) => x.bucket === b);
      return {
        bucket: b,
        label: AGING_LABELS[b],
        loans: r?.loans ?? 0,
        outstandingFen: Number(r?.outstanding ?? 0),
      };
    });
    const total = buckets.reduce((n, b) => n + b.outstandingFen, 0);
    const par = buckets
      .filter((b) => b.bucket !== 'current' && b.bucket !== '1-30')
      .reduce((n, b) => n + b.outstandingFen, 0);
    return {
      asOf,
      orgUnitId: q.orgUnitId ?? null,
      graceDays: grace,
      buckets,
      totalLoans: buckets.reduce((n, b) => n + b.loans, 0),
      totalOutstandingFen: total,
      portfolioAtRiskDays: PAR_DAYS,
      portfolioAtRiskFen: par,
      portfolioAtRiskPercent: total === 0 ? 0 : Math.round((par * 10_000) / total) / 100,
    };
  }

  /** A borrower's statement: each loan, and every disbursement, repayment and write-off with the running balance. */
  async statement(workerId: string, user: AuthUser) {
    const [w] = (await this.ds.query(
      `SELECT w.id, w.name, w.employee_no AS "employeeNo", o.name_zh AS "orgUnitName", o.path
         FROM workers w JOIN org_units o ON o.id = w.org_unit_id WHERE w.id = $1`,
      [workerId],
    )) as Array<{ id: string; name: string; employeeNo: string; orgUnitName: string; path: string }>;
    if (!w || !isWithinScope(user.orgPath, w.path)) throw FinanceExceptions.workerNotFound(workerId);
    const asOf = chinaDateOf(Date.now());
    const grace = (await this.policy.current()).data.loan.graceDays;
    // the oldest unpaid due date and days overdue from the loan row's column, as in the aging report
    const loans = (await this.ds.query(
      `SELECT id, loan_no AS "loanNo", amount_fen::bigint AS "amountFen", term_months AS "termMonths", status,
              to_char(disbursed_on, 'YYYY-MM-DD') AS "disbursedOn",
              (CASE WHEN disbursed_on IS NULL THEN 0 ELSE amount_fen - repaid_fen - written_off_fen END)::bigint AS "outstandingFen",
              to_char(d.due, 'YYYY-MM-DD') AS "oldestUnpaidDue",
              COALESCE(GREATEST(0, $2::date - $3::int - d.due), 0)::int AS "daysOverdue"
         FROM loans
        CROSS JOIN LATERAL (SELECT CASE WHEN status IN ('active', 'overdue', 'defaulted') THEN oldest_unpaid_due END AS due) d
        WHERE worker_id = $1 ORDER BY created_at`,
      [workerId, asOf, grace],
    )) as Array<{
      id: string;
      loanNo: string;
      amountFen: string;
      outstandingFen: string;
      status: string;
      oldestUnpaidDue: string | null;
      daysOverdue: number;
    }>;
    const raw = (await this.ds.query(
      `SELECT to_char(COALESCE(e.paid_on, (e.created_at AT TIME ZONE 'Asia/Shanghai')::date), 'YYYY-MM-DD') AS date,
              l.loan_no AS "loanNo", e.kind, e.amount_fen::bigint AS "amountFen", e.reference
         FROM ledger_entries e JOIN loans l ON l.id = e.loan_id
        WHERE l.worker_id = $1 AND e.kind IN ('loan_disbursement', 'loan_repayment', 'loan_write_off')
        ORDER BY date, e.id`,
      [workerId],
    )) as Array<{ date: string; loanNo: string; kind: string; amountFen: string; reference: string | null }>;
    let balance = 0;
    const entries: StatementEntry[] = raw.map((r) => {
      const amount = Number(r.amountFen);
      balance += r.kind === 'loan_disbursement' ? amount : -amount;
      return {
        date: r.date,
        loanNo: r.loanNo,
        kind: r.kind,
        kindLabel: LEDGER_KIND_LABELS[r.kind]!,
        amountFen: amount,
        reference: r.reference,
        balanceFen: balance,
      };
    });
    const { path: _p, ...worker } = w;
    return {
      worker,
      asOf,
      loans: loans.map((l) => ({
        ...l,
        amountFen: Number(l.amountFen),
        outstandingFen: Number(l.outstandingFen),
      })),
      entries,
      balanceFen: balance,
    };
  }

  /** Per fund source (over all years unless `year`), derived from the ledger. */
  async balances(year?: number) {
    const rows = await this.ledger.balances({ year });
    const sources = (await this.ds.query(
      `SELECT code, name_zh AS "nameZh", name_en AS "nameEn" FROM fund_sources ORDER BY sort_order`,
    )) as Array<{ code: string; nameZh: string; nameEn: string }>;
    return sources.map((s) => {
      const mine = rows.filter((r) => r.fundSource === s.code);
      const sum = (k: 'allocatedFen' | 'reservedFen' | 'paidFen' | 'repaidFen' | 'availableFen') =>
        mine.reduce((n, r) => n + r[k], 0);
      return {
        code: s.code,
        nameZh: s.nameZh,
        nameEn: s.nameEn,
        allocatedFen: sum('allocatedFen'),
        reservedFen: sum('reservedFen'),
        paidFen: sum('paidFen'),
        repaidFen: sum('repaidFen'),
        availableFen: sum('availableFen'),
      };
    });
  }

  /** Monthly budget (the year's allocation in twelve equal parts, December absorbing the remainder) vs money paid out. */
  async budgetVsActual(year: number) {
    const budgets = (await this.ds.query(
      `SELECT b.program_code AS "programCode", p.name_zh AS "programNameZh",
              COALESCE(SUM(e.amount_fen) FILTER (WHERE e.kind = 'allocation'), 0)::bigint AS allocated
         FROM budgets b JOIN programs p ON p.code = b.program_code LEFT JOIN ledger_entries e ON e.budget_id = b.id
        WHERE b.year = $1 GROUP BY b.program_code, p.name_zh, p.sort_order ORDER BY p.sort_order, b.program_code`,
      [year],
    )) as Array<{ programCode: string; programNameZh: string; allocated: string }>;
    const actual = (await this.ds.query(
      `SELECT b.program_code AS "programCode", extract(month FROM e.created_at AT TIME ZONE 'Asia/Shanghai')::int AS month,
              SUM(e.amount_fen)::bigint AS amount
         FROM ledger_entries e JOIN budgets b ON b.id = e.budget_id
        WHERE b.year = $1 AND e.kind IN ('payment', 'loan_disbursement')
          AND extract(year FROM e.created_at AT TIME ZONE 'Asia/Shanghai') = $1
        GROUP BY 1, 2`,
      [year],
    )) as Array<{ programCode: string; month: number; amount: string }>;
    const rows: Array<{
      programCode: string;
      programNameZh: string;
      month: number;
      budgetFen: number;
      actualFen: number;
    }> = [];
    for (const b of budgets) {
      const allocated = Number(b.allocated);
      const base = Math.floor(allocated / 12);
      const months = Array.from({ length: 12 }, (_, i) => (i === 11 ? allocated - base * 11 : base));
      for (let m = 1; m <= 12; m++) {
        rows.push({
          programCode: b.programCode,
          programNameZh: b.programNameZh,
          month: m,
          budgetFen: months[m - 1]!,
          actualFen: Number(
            actual.find((a) => a.programCode === b.programCode && a.month === m)?.amount ?? 0,
          ),
        });
      }
    }
    return { year, rows };
  }

  /** Ledger vs payments vs loans: every check with what does not agree. */
  async reconciliation() {
    const check = async (code: string, zh: string, en: string, sql: string) => {
      const items = (await this.ds.query(`${sql} LIMIT 100`)) as Array<Record<string, unknown>>;
      const [{ n }] = (await this.ds.query(`SELECT count(*)::int AS n FROM (${sql}) q`)) as Array<{
        n: number;
      }>;
      return { code, labelZh: zh, labelEn: en, ok: n === 0, count: n, items };
    };
    const checks = [
      await check(
        'loan_repaid_matches_ledger',
        '借款已还金额与账簿一致',
        'Loan repaid amount matches the ledger',
        `SELECT l.id AS "loanId", l.loan_no AS "loanNo", l.repaid_fen::bigint AS "loanFen",
                COALESCE(SUM(e.amount_fen), 0)::bigint AS "ledgerFen"
           FROM loans l LEFT JOIN ledger_entries e ON e.loan_id = l.id AND e.kind = 'loan_repayment'
          GROUP BY l.id HAVING l.repaid_fen <> COALESCE(SUM(e.amount_fen), 0)`,
      ),
      await check(
        'loan_written_off_matches_ledger',
        '借款核销金额与账簿一致',
        'Loan write-off matches the ledger',
        `SELECT l.id AS "loanId", l.loan_no AS "loanNo", l.written_off_fen::bigint AS "loanFen",
                COALESCE(SUM(e.amount_fen), 0)::bigint AS "ledgerFen"
           FROM loans l LEFT JOIN ledger_entries e ON e.loan_id = l.id AND e.kind = 'loan_write_off'
          GROUP BY l.id HAVING l.written_off_fen <> COALESCE(SUM(e.amount_fen), 0)`,
      ),
      await check(
        'loan_disbursement_in_ledger',
        '已放款借款均有放款记录且金额一致',
        'Every disbursed loan has one disbursement entry of its amount',
        `SELECT l.id AS "loanId", l.loan_no AS "loanNo", l.amount_fen::bigint AS "loanFen",
                COALESCE(SUM(e.amount_fen), 0)::bigint AS "ledgerFen"
           FROM loans l LEFT JOIN ledger_entries e ON e.loan_id = l.id AND e.kind = 'loan_disbursement'
          WHERE l.disbursed_on IS NOT NULL OR e.id IS NOT NULL
          GROUP BY l.id HAVING l.amount_fen <> COALESCE(SUM(e.amount_fen), 0) OR l.disbursed_on IS NULL`,
      ),
      await check(
        'loan_status_matches_balance',
        '借款状态与余额一致',
        'Settled loans owe nothing; open loans owe something',
        `SELECT id AS "loanId", loan_no AS "loanNo", status, (amount_fen - repaid_fen - written_off_fen)::bigint AS "outstandingFen"
           FROM loans WHERE disbursed_on IS NOT NULL AND (
             (status IN ('repaid', 'written_off') AND amount_fen - repaid_fen - written_off_fen <> 0) OR
             (status IN ('active', 'overdue', 'defaulted') AND amount_fen - repaid_fen - written_off_fen <= 0))`,
      ),
      await check(
        'loan_oldest_unpaid_matches_instalments',
        '借款最早未还到期日与还款计划一致',
        'Loan oldest unpaid due date (aging, PAR, statements) matches its instalments',
        OLDEST_UNPAID_DRIFT_SQL,
      ),
      await check(
        'case_payment_in_ledger',
        '已发放救助均有付款记录',
        'Every paid aid case has one payment entry and vice versa',
        `SELECT c.id AS "caseId", c.case_no AS "caseNo", c.paid_at AS "paidAt", count(e.id)::int AS entries
           FROM aid_cases c LEFT JOIN ledger_entries e ON e.case_id = c.id AND e.kind = 'payment'
          GROUP BY c.id HAVING (c.paid_at IS NOT NULL AND count(e.id) <> 1) OR (c.paid_at IS NULL AND count(e.id) > 0)`,
      ),
      await check(
        'no_stale_reservations',
        '已结束事项无未释放的预留资金',
        'No reservation outstanding on a finished case or loan',
        `SELECT r.id AS "entryId", r.case_id AS "caseId", r.loan_id AS "loanId", r.amount_fen::bigint AS "amountFen"
           FROM ledger_entries r
           LEFT JOIN aid_cases c ON c.id = r.case_id
           LEFT JOIN loans l ON l.id = r.loan_id
          WHERE r.kind = 'reservation'
            AND NOT EXISTS (SELECT 1 FROM ledger_entries x WHERE x.kind = 'release' AND x.idempotency_key = replace(r.idempotency_key, ':reservation', ':release'))
            AND (c.status IN ('closed', 'rejected', 'withdrawn', 'expired') OR l.status IN ('repaid', 'written_off', 'rejected', 'active', 'overdue', 'defaulted'))`,
      ),
    ];
    const totals = (await this.ds.query(
      `SELECT kind, count(*)::int AS entries, SUM(amount_fen)::bigint AS "amountFen" FROM ledger_entries GROUP BY kind ORDER BY kind`,
    )) as Array<{ kind: string; entries: number; amountFen: string }>;
    const [loanTotals] = (await this.ds.query(
      `SELECT COALESCE(SUM(amount_fen) FILTER (WHERE disbursed_on IS NOT NULL), 0)::bigint AS disbursed,
              COALESCE(SUM(repaid_fen), 0)::bigint AS repaid, COALESCE(SUM(written_off_fen), 0)::bigint AS "writtenOff",
              COALESCE(SUM(amount_fen - repaid_fen - written_off_fen) FILTER (WHERE status IN ('active','overdue','defaulted')), 0)::bigint AS outstanding
         FROM loans`,
    )) as Array<Record<string, string>>;
    return {
      asOf: new Date().toISOString(),
      ok: checks.every((c) => c.ok),
      checks,
      ledgerTotals: totals.map((t) => ({ ...t, amountFen: Number(t.amountFen) })),
      loanTotals: {
        disbursedFen: Number(loanTotals!.disbursed),
        repaidFen: Number(loanTotals!.repaid),
        writtenOffFen: Number(loanTotals!.writtenOff),
        outstandingFen: Number(loanTotals!.outstanding),
      },
    };
  }
}
