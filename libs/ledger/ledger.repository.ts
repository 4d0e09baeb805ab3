import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository';

export interface BudgetBalance {
  budgetId: string;
  fundSource: string;
  programCode: string;
  year: number;
  allocatedFen: number;
  reservedFen: number;
  paidFen: number;
  /** Loan repayments returned to the budget (revolving loan fund). */
  repaidFen: number;
  availableFen: number;
}

export const BALANCE_SQL = `
  SELECT b.id AS "budgetId", b.fund_source AS "fundSource", b.program_code AS "programCode", b.year,
         COALESCE(SUM(e.amount_fen) FILTER (WHERE e.kind = 'allocation'), 0)::bigint AS allocated,
         (COALESCE(SUM(e.amount_fen) FILTER (WHERE e.kind = 'reservation'), 0)
           - COALESCE(SUM(e.amount_fen) FILTER (WHERE e.kind = 'release'), 0))::bigint AS reserved,
         COALESCE(SUM(e.amount_fen) FILTER (WHERE e.kind IN ('payment', 'loan_disbursement')), 0)::bigint AS paid,
         COALESCE(SUM(e.amount_fen) FILTER (WHERE e.kind = 'loan_repayment'), 0)::bigint AS repaid
    FROM budgets b
    LEFT JOIN ledger_entries e ON e.budget_id = b.id
    JOIN fund_sources f ON f.code = b.fund_source`;

export type BalanceRow = {
  budgetId: string;
  fundSource: string;
  programCode: string;
  year: number;
  allocated: string;
  reserved: string;
  paid: string;
  repaid: string;
};
type Row = BalanceRow;

export function toBalance(r: Row): BudgetBalance {
  const allocatedFen = Number(r.allocated);
  const reservedFen = Number(r.reserved);
  const paidFen = Number(r.paid);
  const repaidFen = Number(r.repaid);
  return {
    budgetId: r.budgetId,
    fundSource: r.fundSource,
    programCode: r.programCode,
    year: r.year,
    allocatedFen,
    reservedFen,
    paidFen,
    repaidFen,
    availableFen: allocatedFen - reservedFen - paidFen + repaidFen,
  };
}

/**
 * The fund ledger. Balances are derived from entries, never edited. Every entry carries a unique
 * idempotency key (workflow id + step, or the caller's key), so a retry after a commit is a no-op.
 */
/** What a reservation is for: the ledger column that links it and the audit entity type. */
export interface LedgerSubject {
  type: 'aid_case' | 'loan' | 'campaign';
  id: string;
}
const SUBJECT_COLUMN: Record<LedgerSubject['type'], string> = {
  aid_case: 'case_id',
  loan: 'loan_id',
  campaign: 'campaign_id',
};

/**
 * Reserves an amount on the first fund source (by order) whose budget for the program and year can
 * cover it, once per workflow (`<workflowId>:reservation`). Budgets are locked while deciding, so two
 * approvals cannot overdraw one. `fresh` is false when an earlier attempt already reserved it.
 */
export async function reserveOnBudget(
  em: EntityManager,
  audit: AuditRepository,
  r: { subject: LedgerSubject; workflowId: string; programCode: string; year: number; amountFen: number },
): Promise<
  { ok: true; fundSource: string; budgetId: string; fresh: boolean } | { ok: false; availableFen: number }
> {
  const key = `${r.workflowId}:reservation`;
  const [existing] = (await em.query(
    `SELECT b.id, b.fund_source FROM ledger_entries e JOIN budgets b ON b.id = e.budget_id WHERE e.idempotency_key = $1`,
    [key],
  )) as Array<{ id: string; fund_source: string }>;
  if (existing) return { ok: true, fundSource: existing.fund_source, budgetId: existing.id, fresh: false };
  await em.query(`SELECT id FROM budgets WHERE program_code = $1 AND year = $2 FOR UPDATE`, [
    r.programCode,
    r.year,
  ]);
  const rows = (await em.query(
    `${BALANCE_SQL} WHERE b.program_code = $1 AND b.year = $2 GROUP BY b.id, f.sort_order ORDER BY f.sort_order`,
    [r.programCode, r.year],
  )) as Row[];
  const balances = rows.map(toBalance);
  const pick = balances.find((b) => b.availableFen >= r.amountFen);
  if (!pick) return { ok: false, availableFen: Math.max(0, ...balances.map((b) => b.availableFen)) };
  await em.query(
    `INSERT INTO ledger_entries (idempotency_key, budget_id, kind, amount_fen, ${SUBJECT_COLUMN[r.subject.type]}) VALUES ($1, $2, 'reservation', $3, $4)`,
    [key, pick.budgetId, r.amountFen, r.subject.id],
  );
  await audit.append(
    {
      actorId: null,
      action: 'funds.reserved',
      entityType: r.subject.type,
      entityId: r.subject.id,
      workflowId: r.workflowId,
      after: { fundSource: pick.fundSource, amountFen: r.amountFen, year: r.year },
    },
    em,
  );
  return { ok: true, fundSource: pick.fundSource, budgetId: pick.budgetId, fresh: true };
}

/** Releases a workflow's outstanding reservation (rejection, withdrawal, expiry, payment), once. */
export async function releaseReservation(
  em: EntityManager,
  audit: AuditRepository,
  r: { subject: LedgerSubject; workflowId: string; reason: string },
): Promise<boolean> {
  const column = SUBJECT_COLUMN[r.subject.type];
  const rows = (await em.query(
    `INSERT INTO ledger_entries (idempotency_key, budget_id, kind, amount_fen, ${column})
     SELECT $1, e.budget_id, 'release', e.amount_fen, e.${column} FROM ledger_entries e WHERE e.idempotency_key = $2
     ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [`${r.workflowId}:release`, `${r.workflowId}:reservation`],
  )) as unknown[];
  if (rows.length > 0)
    await audit.append(
      {
        actorId: null,
        action: 'funds.released',
        entityType: r.subject.type,
        entityId: r.subject.id,
        workflowId: r.workflowId,
        details: { reason: r.reason },
      },
      em,
    );
  return rows.length > 0;
}

/**
 * Posts an entry of `kind` against a workflow's reservation (same budget and amount), once by
 * `key`: 'posted' now, 'done' by an earlier attempt, or 'no_reservation'. Used for an aid case's
 * payment and a loan's disbursement, inside the caller's transaction.
 */
export async function postAgainstReservation(
  em: EntityManager,
  p: {
    key: string;
    reservationKey: string;
    kind: 'payment' | 'loan_disbursement';
    subject: LedgerSubject;
    reference: string;
    actorId: string | null;
    paidOn?: string | null;
  },
): Promise<'posted' | 'done' | 'no_reservation'> {
  const column = SUBJECT_COLUMN[p.subject.type];
  const rows = (await em.query(
    `INSERT INTO ledger_entries (idempotency_key, budget_id, kind, amount_fen, ${column}, reference, actor_id, paid_on)
     SELECT $1, e.budget_id, $3, e.amount_fen, e.${column}, $4, $5, $6 FROM ledger_entries e WHERE e.idempotency_key = $2
     ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [p.key, p.reservationKey, p.kind, p.reference, p.actorId, p.paidOn ?? null],
  )) as unknown[];
  if (rows.length > 0) return 'posted';
  return (await ledgerEntry(em, p.key)) ? 'done' : 'no_reservation';
}

/** The entry with this idempotency key, if any. */
export async function ledgerEntry(
  em: EntityManager,
  key: string,
): Promise<{ id: string; amountFen: number; reference: string | null } | null> {
  const [row] = (await em.query(
    `SELECT id, amount_fen::bigint AS amount, reference FROM ledger_entries WHERE idempotency_key = $1`,
    [key],
  )) as Array<{ id: string; amount: string; reference: string | null }>;
  return row ? { id: String(row.id), amountFen: Number(row.amount), reference: row.reference } : null;
}

/** A loan repayment already recorded under this key or with this reference, if any. */
export async function priorLoanRepayment(
  em: EntityManager,
  r: { key: string; loanId: string; reference: string },
): Promise<{ id: string; amountFen: number; reference: string } | null> {
  const [row] = (await em.query(
    `SELECT id, amount_fen::bigint AS amount, reference FROM ledger_entries
      WHERE idempotency_key = $1 OR (kind = 'loan_repayment' AND loan_id = $2 AND reference = $3) LIMIT 1`,
    [r.key, r.loanId, r.reference],
  )) as Array<{ id: string; amount: string; reference: string }>;
  return row ? { id: String(row.id), amountFen: Number(row.amount), reference: row.reference } : null;
}

/** Posts a loan's repayment or write-off on the loan's budget (unique key); answers the entry id. */
export async function postLoanEntry(
  em: EntityManager,
  e: {
    key: string;
    budgetId: string;
    kind: 'loan_repayment' | 'loan_write_off';
    amountFen: number;
    loanId: string;
    reference: string;
    actorId: string | null;
    paidOn: string;
  },
): Promise<string> {
  const [row] = (await em.query(
    `INSERT INTO ledger_entries (idempotency_key, budget_id, kind, amount_fen, loan_id, reference, actor_id, paid_on)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [e.key, e.budgetId, e.kind, e.amountFen, e.loanId, e.reference, e.actorId, e.paidOn],
  )) as Array<{ id: string }>;
  return String(row!.id);
}

/** The payment posted for an aid case (reference and when), if any: read by the case's 'paid' status. */
export async function casePayment(
  em: EntityManager,
  caseId: string,
): Promise<{ reference: string | null; paidAt: Date } | null> {
  const [row] = (await em.query(
    `SELECT reference, created_at FROM ledger_entries WHERE case_id = $1 AND kind = 'payment' ORDER BY id LIMIT 1`,
    [caseId],
  )) as Array<{ reference: string | null; created_at: Date }>;
  return row ? { reference: row.reference, paidAt: row.created_at } : null;
}

@Injectable()
export class LedgerRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditRepository,
  ) {}

  async balances(filter: { year?: number; programCode?: string } = {}): Promise<BudgetBalance[]> {
    const rows = (await this.ds.query(
      `${BALANCE_SQL} WHERE ($1::int IS NULL OR b.year = $1) AND ($2::text IS NULL OR b.program_code = $2)
        GROUP BY b.id, f.sort_order ORDER BY b.year, b.program_code, f.sort_order`,
      [filter.year ?? null, filter.programCode ?? null],
    )) as Row[];
    return rows.map(toBalance);
  }

  /** Adds money to a budget. Same key and same amount: no-op; same key, other amount: 'conflict'. */
  async allocate(a: {
    fundSource: string;
    programCode: string;
    year: number;
    amountFen: number;
    key: string;
    actorId: string;
  }): Promise<'created' | 'duplicate' | 'conflict'> {
    return this.ds.transaction(async (em) => {
      const [prior] = (await em.query(
        `SELECT amount_fen::bigint AS amount FROM ledger_entries WHERE idempotency_key = $1`,
        [`allocation:${a.key}`],
      )) as Array<{ amount: string }>;
      if (prior) return Number(prior.amount) === a.amountFen ? 'duplicate' : 'conflict';
      const [budget] = (await em.query(
        `INSERT INTO budgets (fund_source, program_code, year) VALUES ($1, $2, $3)
         ON CONFLICT (fund_source, program_code, year) DO UPDATE SET year = EXCLUDED.year RETURNING id`,
        [a.fundSource, a.programCode, a.year],
      )) as Array<{ id: string }>;
      const inserted = (await em.query(
        `INSERT INTO ledger_entries (idempotency_key, budget_id, kind, amount_fen, actor_id) VALUES ($1, $2, 'allocation', $3, $4)
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
        [`allocation:${a.key}`, budget!.id, a.amountFen, a.actorId],
      )) as unknown[];
      if (inserted.length === 0) return 'duplicate';
      await this.audit.append(
        {
          actorId: a.actorId,
          action: 'budget.allocated',
          entityType: 'budget',
          entityId: budget!.id,
          after: {
            fundSource: a.fundSource,
            programCode: a.programCode,
            year: a.year,
            amountFen: a.amountFen,
          },
        },
        em,
      );
      return 'created';
    });
  }

  /** Releases the case's outstanding reservation (rejection, withdrawal, payment). Idempotent. */
  async release(
    r: { caseId: string; workflowId: string; reason: string },
    em?: EntityManager,
  ): Promise<boolean> {
    const run = (m: EntityManager) =>
      releaseReservation(m, this.audit, { subject: { type: 'aid_case', id: r.caseId }, ...r });
    return em ? run(em) : this.ds.transaction(run);
  }

  /** Posts the payment against the reserved budget and releases the reservation, once (ledger rows only). */
  async pay(p: {
    caseId: string;
    workflowId: string;
    reference: string;
    actorId: string;
  }): Promise<{ posted: boolean }> {
    return this.ds.transaction(async (em) => {
      const posted = await postAgainstReservation(em, {
        key: `${p.workflowId}:payment`,
        reservationKey: `${p.workflowId}:reservation`,
        kind: 'payment',
        subject: { type: 'aid_case', id: p.caseId },
        reference: p.reference,
        actorId: p.actorId,
      });
      if (posted === 'no_reservation') throw new Error(`case ${p.caseId} has no reservation to pay from`);
      if (posted === 'done') return { posted: false };
      await this.release({ caseId: p.caseId, workflowId: p.workflowId, reason: 'paid' }, em);
      // the case's own row ('paid', paid_at, payment_reference) is the aid-case workflow's status
      // activity (CasesRepository.recordStatus): the ledger writes only ledger rows
      await this.audit.append(
        {
          actorId: p.actorId,
          action: 'funds.paid',
          entityType: 'aid_case',
          entityId: p.caseId,
          workflowId: p.workflowId,
          after: { reference: p.reference },
        },
        em,
      );
      return { posted: true };
    });
  }
  /**
   * A payment made without a reservation (the regular quarterly subsidy): paid from `fundSource`
   * or, when null, the first fund source (by order) whose budget for the program and year covers it.
   * The budgets are locked while deciding. The key is unique: a second call with the same key posts
   * nothing and answers the first payment's fund source.
   */
  async payDirect(
    p: {
      key: string;
      programCode: string;
      year: number;
      amountFen: number;
      fundSource: string | null;
      fileId: string | null;
      reference: string;
      entityType: string;
      entityId: string;
      workflowId: string | null;
    },
    em?: EntityManager,
  ): Promise<{ ok: true; posted: boolean; fundSource: string } | { ok: false; availableFen: number }> {
    const run = async (m: EntityManager) => {
      const [existing] = (await m.query(
        `SELECT b.fund_source FROM ledger_entries e JOIN budgets b ON b.id = e.budget_id WHERE e.idempotency_key = $1`,
        [p.key],
      )) as Array<{ fund_source: string }>;
      if (existing) return { ok: true as const, posted: false, fundSource: existing.fund_source };
      await m.query(`SELECT id FROM budgets WHERE program_code = $1 AND year = $2 FOR UPDATE`, [
        p.programCode,
        p.year,
      ]);
      const rows = (await m.query(
        `${BALANCE_SQL} WHERE b.program_code = $1 AND b.year = $2 AND ($3::text IS NULL OR b.fund_source = $3)
          GROUP BY b.id, f.sort_order ORDER BY f.sort_order`,
        [p.programCode, p.year, p.fundSource],
      )) as Row[];
      const balances = rows.map(toBalance);
      const pick = balances.find((b) => b.availableFen >= p.amountFen);
      if (!pick)
        return { ok: false as const, availableFen: Math.max(0, ...balances.map((b) => b.availableFen)) };
      await m.query(
        `INSERT INTO ledger_entries (idempotency_key, budget_id, kind, amount_fen, file_id, reference) VALUES ($1, $2, 'payment', $3, $4, $5)`,
        [p.key, pick.budgetId, p.amountFen, p.fileId, p.reference],
      );
      await this.audit.append(
        {
          actorId: null,
          action: 'funds.paid',
          entityType: p.entityType,
          entityId: p.entityId,
          workflowId: p.workflowId,
          after: {
            key: p.key,
            fundSource: pick.fundSource,
            programCode: p.programCode,
            year: p.year,
            amountFen: p.amountFen,
            reference: p.reference,
          },
        },
        m,
      );
      return { ok: true as const, posted: true, fundSource: pick.fundSource };
    };
    return em ? run(em) : this.ds.transaction(run);
  }
}
