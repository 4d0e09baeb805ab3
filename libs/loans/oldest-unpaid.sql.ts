import type { EntityManager } from 'typeorm';

/**
 * `loans.oldest_unpaid_due`: the due date of the oldest instalment of the schedule in force that is
 * not covered by what was repaid and written off (payments apply oldest first, so it is the first
 * instalment whose cumulative amount exceeds that sum), NULL when nothing is unpaid (not yet
 * disbursed, repaid, written off). One definition, used to set it, to backfill it and to check it.
 * `l` is the loan row; the seek uses loan_instalments_unpaid (loan, version, cum_due_fen) INCLUDE (due_date).
 */
export const OLDEST_UNPAID_OF_L = `(
  SELECT i.due_date FROM loan_instalments i
   WHERE i.loan_id = l.id AND i.version = l.schedule_version AND i.cum_due_fen > l.repaid_fen + l.written_off_fen
   ORDER BY i.cum_due_fen LIMIT 1)`;

/** Every loan's column recomputed (the migration's backfill; bulk loaders run it after loading). */
export const BACKFILL_OLDEST_UNPAID_SQL = `
  UPDATE loans l SET oldest_unpaid_due = ${OLDEST_UNPAID_OF_L}
   WHERE l.oldest_unpaid_due IS DISTINCT FROM ${OLDEST_UNPAID_OF_L}`;

/**
 * Sets one loan's column from its instalments and amounts. Called by the loan repositories inside
 * the transaction that changed the schedule in force, repaid_fen or written_off_fen (after that
 * change, with the loan row already locked), so the column commits or rolls back with it.
 */
export async function refreshOldestUnpaid(em: EntityManager, loanId: string): Promise<void> {
  await em.query(`UPDATE loans l SET oldest_unpaid_due = ${OLDEST_UNPAID_OF_L} WHERE l.id = $1`, [loanId]);
}

/**
 * Reconciliation: loans whose stored oldest unpaid due date differs from the one recomputed from
 * the instalments (a write that bypassed the repositories, a bug). Drift means the aging report,
 * PAR and statements are wrong for that loan.
 */
export const OLDEST_UNPAID_DRIFT_SQL = `
  SELECT l.id AS "loanId", l.loan_no AS "loanNo",
         to_char(l.oldest_unpaid_due, 'YYYY-MM-DD') AS "storedDueDate",
         to_char(r.due, 'YYYY-MM-DD') AS "recomputedDueDate"
    FROM loans l CROSS JOIN LATERAL (SELECT ${OLDEST_UNPAID_OF_L} AS due) r
   WHERE l.oldest_unpaid_due IS DISTINCT FROM r.due`;
