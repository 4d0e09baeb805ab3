import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository';
import { DomainError, FailureType } from '../domain/errors';
import {
  buildSchedule,
  chinaDateOf,
  type Instalment,
  type LoanSnapshot,
  type LoanStatus,
} from '../domain/loan';
import { PolicyRepository } from '../policy/policy.repository';
import { refreshOldestUnpaid } from './oldest-unpaid.sql';

/**
 * A loan's repayment schedule: versions (history kept) and their instalments, the snapshot the
 * loan workflow services from, and rescheduling over what is outstanding.
 */
@Injectable()
export class LoanScheduleRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly policy: PolicyRepository,
    private readonly audit: AuditRepository,
  ) {}

  /** Writes a schedule version (equal monthly instalments) and makes it the loan's schedule in force. */
  async write(
    em: EntityManager,
    s: {
      loanId: string;
      version: number;
      principalFen: number;
      termMonths: number;
      startDate: string;
      repaidBeforeFen: number;
      reason: string;
      approvedBy: string | null;
      requestKey: string;
    },
  ): Promise<Instalment[]> {
    const schedule = buildSchedule(s.principalFen, s.termMonths, s.startDate);
    await em.query(
      `INSERT INTO loan_schedule_versions (loan_id, version, reason, term_months, principal_fen, start_date, repaid_before_fen, approved_by, request_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        s.loanId,
        s.version,
        s.reason,
        s.termMonths,
        s.principalFen,
        s.startDate,
        s.repaidBeforeFen,
        s.approvedBy,
        s.requestKey,
      ],
    );
    let cum = s.repaidBeforeFen;
    const cums = schedule.map((i) => (cum += i.amountFen));
    await em.query(
      `INSERT INTO loan_instalments (loan_id, version, seq, due_date, amount_fen, cum_due_fen)
       SELECT $1, $2, t.seq, t.due::date, t.amount, t.cum FROM unnest($3::int[], $4::text[], $5::bigint[], $6::bigint[]) AS t(seq, due, amount, cum)`,
      [
        s.loanId,
        s.version,
        schedule.map((i) => i.seq),
        schedule.map((i) => i.dueDate),
        schedule.map((i) => i.amountFen),
        cums,
      ],
    );
    await em.query(
      `UPDATE loans SET schedule_version = $2, term_months = $3, updated_at = now() WHERE id = $1`,
      [s.loanId, s.version, s.termMonths],
    );
    // a new schedule in force (disbursement, reschedule) moves the oldest unpaid due date
    await refreshOldestUnpaid(em, s.loanId);
    return schedule;
  }

  /** The schedule in force and what the ledger says was repaid (the single source of truth). */
  async snapshot(c: { loanId: string }): Promise<LoanSnapshot> {
    const [loan] = (await this.ds.query(
      `SELECT l.status, l.schedule_version, l.amount_fen::bigint AS amount, l.policy_version, v.repaid_before_fen::bigint AS before,
              COALESCE((SELECT sum(amount_fen) FROM ledger_entries WHERE loan_id = l.id AND kind = 'loan_repayment'), 0)::bigint AS repaid,
              COALESCE((SELECT sum(amount_fen) FROM ledger_entries WHERE loan_id = l.id AND kind = 'loan_write_off'), 0)::bigint AS written_off
         FROM loans l LEFT JOIN loan_schedule_versions v ON v.loan_id = l.id AND v.version = l.schedule_version
        WHERE l.id = $1`,
      [c.loanId],
    )) as Array<{
      status: LoanStatus;
      schedule_version: number;
      amount: string;
      policy_version: number;
      before: string | null;
      repaid: string;
      written_off: string;
    }>;
    if (!loan) throw new DomainError(FailureType.NotFound, `loan ${c.loanId} not found`);
    const rows = (await this.ds.query(
      `SELECT seq, to_char(due_date, 'YYYY-MM-DD') AS "dueDate", amount_fen::bigint AS amount
         FROM loan_instalments WHERE loan_id = $1 AND version = $2 ORDER BY seq`,
      [c.loanId, loan.schedule_version],
    )) as Array<{ seq: number; dueDate: string; amount: string }>;
    const policy = await this.policy.byVersion(loan.policy_version);
    if (!policy) throw new Error(`policy version ${loan.policy_version} missing`);
    const repaid = Number(loan.repaid);
    return {
      status: loan.status,
      scheduleVersion: loan.schedule_version,
      schedule: rows.map((r) => ({ seq: r.seq, dueDate: r.dueDate, amountFen: Number(r.amount) })),
      paidOnScheduleFen: repaid - Number(loan.before ?? 0),
      outstandingFen: Number(loan.amount) - repaid - Number(loan.written_off),
      graceDays: policy.data.loan.graceDays,
      reminderOffsetsDays: policy.data.loan.reminderOffsetsDays,
      ladder: policy.data.loan.overdueLadder,
    };
  }

  /** A new schedule version over what is outstanding (history kept), once per approved request. */
  async reschedule(r: {
    loanId: string;
    workflowId: string;
    termMonths: number;
    reason: string;
    approvedBy: string | null;
    asOf: string;
    requestNo: number;
  }): Promise<{ version: number }> {
    return this.ds.transaction(async (em) => {
      const requestKey = `${r.workflowId}:reschedule:${r.requestNo}`;
      const [done] = (await em.query(`SELECT version FROM loan_schedule_versions WHERE request_key = $1`, [
        requestKey,
      ])) as Array<{ version: number }>;
      if (done) return { version: done.version };
      const [l] = (await em.query(
        `SELECT schedule_version, amount_fen::bigint AS amount, repaid_fen::bigint AS repaid, written_off_fen::bigint AS wo
           FROM loans WHERE id = $1 FOR UPDATE`,
        [r.loanId],
      )) as Array<{ schedule_version: number; amount: string; repaid: string; wo: string }>;
      if (!l) throw new DomainError(FailureType.NotFound, `loan ${r.loanId} not found`);
      const outstanding = Number(l.amount) - Number(l.repaid) - Number(l.wo);
      if (outstanding <= 0) return { version: l.schedule_version };
      const version = l.schedule_version + 1;
      const start = chinaDateOf(Date.parse(r.asOf));
      const term = Math.min(r.termMonths, outstanding);
      await this.write(em, {
        loanId: r.loanId,
        version,
        principalFen: outstanding,
        termMonths: term,
        startDate: start,
        repaidBeforeFen: Number(l.repaid),
        reason: `reschedule: ${r.reason}`,
        approvedBy: r.approvedBy,
        requestKey,
      });
      await this.audit.append(
        {
          actorId: r.approvedBy,
          action: 'loan.rescheduled',
          entityType: 'loan',
          entityId: r.loanId,
          workflowId: r.workflowId,
          after: {
            version,
            termMonths: term,
            outstandingFen: outstanding,
            startDate: start,
            reason: r.reason,
          },
        },
        em,
      );
      return { version };
    });
  }
}
