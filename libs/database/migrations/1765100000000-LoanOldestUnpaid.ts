import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The oldest unpaid due date kept on the loan row (`loans.oldest_unpaid_due`): the due date of the
 * first instalment of the schedule in force that what was repaid (and written off) does not cover,
 * NULL when nothing is unpaid. The loan repositories set it in the same transaction as each
 * disbursement, repayment, reschedule and write-off; the aging report, PAR and statements read it
 * (one scan of the loans instead of a seek per loan into loan_instalments), and the finance
 * reconciliation recomputes it from the instalments and reports any drift. Existing rows are
 * backfilled here. The partial index over open loans gains the column so the aging report is an
 * index-only scan.
 */
export class LoanOldestUnpaid1765100000000 implements MigrationInterface {
  name = 'LoanOldestUnpaid1765100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE loans ADD COLUMN oldest_unpaid_due date`);
    // the definition of libs/loans/oldest-unpaid.sql.ts as of this migration (frozen here)
    await q.query(`
      UPDATE loans l SET oldest_unpaid_due = (
        SELECT i.due_date FROM loan_instalments i
         WHERE i.loan_id = l.id AND i.version = l.schedule_version AND i.cum_due_fen > l.repaid_fen + l.written_off_fen
         ORDER BY i.cum_due_fen LIMIT 1)`);
    await q.query(`DROP INDEX loans_outstanding`);
    await q.query(
      `CREATE INDEX loans_outstanding ON loans (org_unit_id)
         INCLUDE (amount_fen, repaid_fen, written_off_fen, schedule_version, oldest_unpaid_due)
        WHERE status IN ('active','overdue','defaulted')`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX loans_outstanding`);
    await q.query(
      `CREATE INDEX loans_outstanding ON loans (org_unit_id) INCLUDE (amount_fen, repaid_fen, written_off_fen, schedule_version)
        WHERE status IN ('active','overdue','defaulted')`,
    );
    await q.query(`ALTER TABLE loans DROP COLUMN oldest_unpaid_due`);
  }
}
