import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ErrorParams } from '../domain/error-rules';
import { fourEyesExclusions } from '../domain/four-eyes';
import { DomainError, FailureType } from '../domain/errors';
import { chinaDateOf, type LoanPlan, type LoanSnapshot, type LoanStatus } from '../domain/loan';
import { formatFen } from '../domain/money';
import { routeLoanStages, stageDefs } from '../domain/routing';
import type { PolicyData } from '../domain/policy-types';
import { AuditRepository } from '../audit/audit.repository';
import { writeStatus } from '../audit/status';
import {
  ledgerEntry,
  postAgainstReservation,
  postLoanEntry,
  priorLoanRepayment,
  releaseReservation,
  reserveOnBudget,
} from '../ledger/ledger.repository';
import { PolicyRepository } from '../policy/policy.repository';
import { refreshOldestUnpaid } from './oldest-unpaid.sql';
import { LoanScheduleRepository } from './schedule.repository';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { PiiCipher } from '../security/pii';
import { pairingLeadersOf } from '../pairing/pairing.sql';

export interface LoanSubmission {
  loanId: string;
  workflowId: string;
  workerId: string;
  amountFen: number;
  termMonths: number;
  purpose: string;
  createdBy: string;
  override?: { reason: string; by: string; blockingLoanId: string } | null;
}

export type { LoanPlan, LoanSnapshot };

export type RepaymentResult =
  | { outcome: 'accepted' | 'duplicate'; entryId: string; outstandingFen: number }
  | { outcome: 'rejected'; field: string; rule: string; reason: string; params?: ErrorParams };

export const LOAN_FUND_PROGRAM = 'loan_fund';

/** The plan a loan workflow follows: stages, request stages and who may not approve (four-eyes). */
function planOf(
  policy: { version: number; data: PolicyData },
  w: { caseworker_id: string | null; pairing_leader_ids: string[] },
  createdBy: string,
  loanNo: string,
  stages: LoanPlan['stages'],
): LoanPlan {
  const excluded = fourEyesExclusions({
    caseworkerId: [createdBy, w.caseworker_id],
    pairingLeaderIds: w.pairing_leader_ids,
  });
  return {
    loanNo,
    policyVersion: policy.version,
    stages,
    rescheduleStages: stageDefs(policy.data.stages, policy.data.loan.rescheduleStages),
    writeOffStages: stageDefs(policy.data.stages, policy.data.loan.writeOffStages),
    excluded,
  };
}

/**
 * The loan read model and the loan side of the fund ledger, written from activities (and, for
 * repayments, from the API): application and plan, status, reservation and disbursement,
 * repayments and write-off. The schedule is LoanScheduleRepository's; reminders, the overdue
 * ladder and collection pauses are LoanServicingRepository's. Every write is idempotent by a key.
 */
@Injectable()
export class LoansRepository {
  /** The loan's free-text purpose may hold health details: encrypted at rest (purpose_enc). */
  private readonly pii: PiiCipher;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly policy: PolicyRepository,
    private readonly audit: AuditRepository,
    private readonly schedule: LoanScheduleRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.pii = PiiCipher.fromBase64(config.PII_ENCRYPTION_KEY, config.PII_HASH_KEY);
  }

  private async policyOf(version: number) {
    const p = await this.policy.byVersion(version);
    if (!p) throw new Error(`policy version ${version} missing`);
    return p;
  }

  /** Records the application under the policy in force; answers the plan the workflow follows. */
  async recordSubmitted(s: LoanSubmission): Promise<LoanPlan> {
    return this.ds.transaction(async (em) => {
      const [existing] = (await em.query(`SELECT loan_no, policy_version FROM loans WHERE id = $1`, [
        s.loanId,
      ])) as Array<{ loan_no: string; policy_version: number }>;
      const policy = existing ? await this.policyOf(existing.policy_version) : await this.policy.current();
      const [w] = (await em.query(
        `SELECT w.id, w.org_unit_id, w.household_id, w.caseworker_id, ${pairingLeadersOf('w.household_id')} AS pairing_leader_ids
           FROM workers w WHERE w.id = $1`,
        [s.workerId],
      )) as Array<{
        id: string;
        org_unit_id: string;
        household_id: string | null;
        caseworker_id: string | null;
        pairing_leader_ids: string[];
      }>;
      if (!w) throw new DomainError(FailureType.NotFound, `worker ${s.workerId} not found`);
      const stages = routeLoanStages(policy.data.loan, policy.data.stages, s.amountFen);
      let loanNo = existing?.loan_no;
      if (!existing) {
        const [row] = (await em.query(
          `INSERT INTO loans (id, loan_no, workflow_id, worker_id, household_id, org_unit_id, amount_fen, term_months, purpose_enc,
                              status, policy_version, stages, created_by, override_by, override_reason, override_blocking_loan_id)
           VALUES ($1, 'LN-' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' || lpad(nextval('loan_no_seq')::text, 6, '0'),
                   $2, $3, $4, $5, $6, $7, $8, 'pending_approval', $9, $10, $11, $12, $13, $14)
           RETURNING loan_no`,
          [
            s.loanId,
            s.workflowId,
            s.workerId,
            w.household_id,
            w.org_unit_id,
            s.amountFen,
            s.termMonths,
            this.pii.encrypt(s.purpose),
            policy.version,
            JSON.stringify(stages),
            s.createdBy,
            s.override?.by ?? null,
            s.override?.reason ?? null,
            s.override?.blockingLoanId ?? null,
          ],
        )) as Array<{ loan_no: string }>;
        loanNo = row!.loan_no;
        await this.audit.append(
          {
            actorId: s.createdBy,
            action: 'loan.submitted',
            entityType: 'loan',
            entityId: s.loanId,
            workflowId: s.workflowId,
            after: {
              loanNo,
              amountFen: s.amountFen,
              termMonths: s.termMonths,
              policyVersion: policy.version,
              stages: stages.map((x) => x.code),
            },
          },
          em,
        );
        if (s.override) {
          await this.audit.append(
            {
              actorId: s.override.by,
              action: 'loan.chronic_override',
              entityType: 'loan',
              entityId: s.loanId,
              workflowId: s.workflowId,
              details: { reason: s.override.reason, blockingLoanId: s.override.blockingLoanId },
            },
            em,
          );
        }
      }
      return planOf(policy, w, s.createdBy, loanNo!, stages);
    });
  }

  /**
   * Loans in servicing (active or overdue) by id, a page at a time: the candidates the worker
   * adopts at start-up when no workflow runs for them (e.g. the demo loans seeded as records).
   */
  async servicingLoans(
    afterId: string | null,
    limit: number,
  ): Promise<Array<{ id: string; workflowId: string }>> {
    return (await this.ds.query(
      `SELECT id, workflow_id AS "workflowId" FROM loans
        WHERE status IN ('active','overdue') AND ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2`,
      [afterId, limit],
    )) as Array<{ id: string; workflowId: string }>;
  }

  /**
   * What a loan workflow needs to take over a loan already in servicing, read from the database:
   * the plan under the loan's own policy version (same routing and exclusions as at application),
   * its status, the collection pause standing (re-checked at once) and how many it has had (their
   * keys go on from there).
   */
  async adoption(loanId: string): Promise<{
    input: { workerId: string; amountFen: number; termMonths: number; purpose: string; createdBy: string };
    plan: LoanPlan;
    status: LoanStatus;
    pauseNo: number;
    paused: { since: number; reason: string } | null;
  }> {
    const [l] = (await this.ds.query(
      `SELECT l.worker_id, l.amount_fen::bigint AS amount_fen, l.term_months, l.purpose_enc, l.created_by, l.loan_no,
              l.policy_version, l.status, w.caseworker_id, ${pairingLeadersOf('w.household_id')} AS pairing_leader_ids,
              (SELECT count(*)::int FROM loan_collection_pauses p WHERE p.loan_id = l.id) AS pauses,
              (SELECT p.reason FROM loan_collection_pauses p WHERE p.loan_id = l.id AND p.ended_at IS NULL) AS pause_reason,
              (SELECT p.started_at FROM loan_collection_pauses p WHERE p.loan_id = l.id AND p.ended_at IS NULL) AS pause_since
         FROM loans l JOIN workers w ON w.id = l.worker_id
        WHERE l.id = $1`,
      [loanId],
    )) as Array<{
      worker_id: string;
      amount_fen: string;
      term_months: number;
      purpose_enc: Buffer;
      created_by: string;
      loan_no: string;
      policy_version: number;
      status: LoanStatus;
      caseworker_id: string | null;
      pairing_leader_ids: string[];
      pauses: number;
      pause_reason: string | null;
      pause_since: Date | null;
    }>;
    if (!l) throw new Error(`loan ${loanId} not found`);
    const policy = await this.policyOf(l.policy_version);
    const amountFen = Number(l.amount_fen);
    const stages = routeLoanStages(policy.data.loan, policy.data.stages, amountFen);
    return {
      input: {
        workerId: l.worker_id,
        amountFen,
        termMonths: l.term_months,
        purpose: this.pii.decrypt(l.purpose_enc),
        createdBy: l.created_by,
      },
      plan: planOf(policy, l, l.created_by, l.loan_no, stages),
      status: l.status,
      pauseNo: l.pauses,
      paused:
        l.pause_reason && l.pause_since ? { since: l.pause_since.getTime(), reason: l.pause_reason } : null,
    };
  }

  /**
   * Records the loan's status and its timeline event together (idempotent: the same status again
   * changes nothing), with the dates a status carries (defaulted_on, repaid_on, closed_at).
   */
  async recordStatus(
    c: {
      loanId: string;
      workflowId: string;
      status: LoanStatus;
      asOf?: string;
      details?: Record<string, unknown>;
    },
    em?: EntityManager,
  ): Promise<boolean> {
    const day = c.asOf ? chinaDateOf(Date.parse(c.asOf)) : null;
    const run = (m: EntityManager) =>
      writeStatus(m, this.audit, {
        update: `UPDATE loans SET status = $2, updated_at = now(),
                        defaulted_on = CASE WHEN $2 = 'defaulted' THEN COALESCE(defaulted_on, $3::date, current_date) ELSE defaulted_on END,
                        repaid_on = CASE WHEN $2 = 'repaid' THEN COALESCE(repaid_on, $3::date, current_date) ELSE repaid_on END,
                        closed_at = CASE WHEN $2 IN ('repaid','written_off','rejected') THEN COALESCE(closed_at, now()) ELSE closed_at END
                  WHERE id = $1 AND status <> $2 RETURNING id`,
        params: [c.loanId, c.status, day],
        event: {
          actorId: null,
          action: 'loan.status',
          entityType: 'loan',
          entityId: c.loanId,
          workflowId: c.workflowId,
          after: { status: c.status, ...(c.details ?? {}) },
        },
      });
    return em ? run(em) : this.ds.transaction(run);
  }

  /** Reserves the loan amount on the first fund source whose loan-fund budget for the year can cover it. */
  async reserveFunds(r: {
    loanId: string;
    workflowId: string;
    amountFen: number;
    year: number;
  }): Promise<{ ok: true; fundSource: string } | { ok: false; availableFen: number }> {
    return this.ds.transaction(async (em) => {
      const res = await reserveOnBudget(em, this.audit, {
        subject: { type: 'loan', id: r.loanId },
        programCode: LOAN_FUND_PROGRAM,
        ...r,
      });
      if (res.ok && res.fresh)
        await em.query(
          `UPDATE loans SET fund_source = $2, budget_id = $3, updated_at = now() WHERE id = $1`,
          [r.loanId, res.fundSource, res.budgetId],
        );
      return res.ok ? { ok: true as const, fundSource: res.fundSource } : res;
    });
  }

  async releaseFunds(
    r: { loanId: string; workflowId: string; reason: string },
    em?: EntityManager,
  ): Promise<void> {
    const run = async (m: EntityManager) => {
      await releaseReservation(m, this.audit, { subject: { type: 'loan', id: r.loanId }, ...r });
    };
    await (em ? run(em) : this.ds.transaction(run));
  }

  /**
   * Posts the disbursement against the reservation (once), releases the reservation and writes
   * schedule version 1: equal monthly instalments from the disbursement date.
   */
  async disburse(d: {
    loanId: string;
    workflowId: string;
    reference: string;
    actorId: string;
    asOf: string;
  }): Promise<{ posted: boolean }> {
    return this.ds.transaction(async (em) => {
      const [loan] = (await em.query(
        `SELECT amount_fen::bigint AS amount, term_months FROM loans WHERE id = $1 FOR UPDATE`,
        [d.loanId],
      )) as Array<{ amount: string; term_months: number }>;
      if (!loan) throw new DomainError(FailureType.NotFound, `loan ${d.loanId} not found`);
      const day = chinaDateOf(Date.parse(d.asOf));
      const posted = await postAgainstReservation(em, {
        key: `${d.workflowId}:disbursement`,
        reservationKey: `${d.workflowId}:reservation`,
        kind: 'loan_disbursement',
        subject: { type: 'loan', id: d.loanId },
        reference: d.reference,
        actorId: d.actorId,
        paidOn: day,
      });
      if (posted === 'no_reservation')
        throw new DomainError(FailureType.NotFound, `loan ${d.loanId} has no reservation to disburse from`);
      if (posted === 'done') return { posted: false };
      await this.releaseFunds({ loanId: d.loanId, workflowId: d.workflowId, reason: 'disbursed' }, em);
      const amount = Number(loan.amount);
      await this.schedule.write(em, {
        loanId: d.loanId,
        version: 1,
        principalFen: amount,
        termMonths: loan.term_months,
        startDate: day,
        repaidBeforeFen: 0,
        reason: 'disbursement',
        approvedBy: d.actorId,
        requestKey: `${d.workflowId}:schedule:1`,
      });
      await em.query(
        `UPDATE loans SET disbursed_on = $2, disbursement_reference = $3, updated_at = now() WHERE id = $1`,
        [d.loanId, day, d.reference],
      );
      await this.recordStatus(
        { loanId: d.loanId, workflowId: d.workflowId, status: 'active', asOf: d.asOf },
        em,
      );
      await this.audit.append(
        {
          actorId: d.actorId,
          action: 'loan.disbursed',
          entityType: 'loan',
          entityId: d.loanId,
          workflowId: d.workflowId,
          after: {
            reference: d.reference,
            amountFen: amount,
            disbursedOn: day,
            termMonths: loan.term_months,
          },
        },
        em,
      );
      return { posted: true };
    });
  }

  /**
   * Records one repayment in the ledger, once: idempotent by key and by (loan, reference). The same
   * key or reference with another amount is refused; so is more than the outstanding amount.
   */
  async postRepayment(r: {
    loanId: string;
    amountFen: number;
    paidOn: string;
    reference: string;
    key: string;
    actorId: string | null;
    source: 'api' | 'import' | 'workflow';
  }): Promise<RepaymentResult> {
    return this.ds.transaction(async (em) => {
      const [loan] = (await em.query(
        `SELECT id, status, budget_id, amount_fen::bigint AS amount, repaid_fen::bigint AS repaid, written_off_fen::bigint AS written_off
           FROM loans WHERE id = $1 FOR UPDATE`,
        [r.loanId],
      )) as Array<{
        id: string;
        status: string;
        budget_id: string | null;
        amount: string;
        repaid: string;
        written_off: string;
      }>;
      if (!loan)
        return {
          outcome: 'rejected',
          field: 'loan',
          rule: 'exists',
          params: { entity: 'loan', id: r.loanId },
          reason: `no loan ${r.loanId}`,
        };
      const key = `loan-repayment:${r.loanId}:${r.key}`;
      const prior = await priorLoanRepayment(em, { key, loanId: r.loanId, reference: r.reference });
      const outstanding = Number(loan.amount) - Number(loan.repaid) - Number(loan.written_off);
      if (prior) {
        if (prior.amountFen === r.amountFen && prior.reference === r.reference)
          return { outcome: 'duplicate', entryId: prior.id, outstandingFen: outstanding };
        return {
          outcome: 'rejected',
          field: 'amountFen',
          rule: 'same_amount',
          params: {
            priorFen: prior.amountFen,
            amountFen: r.amountFen,
            reference: prior.reference,
          } as ErrorParams,
          reason: `this idempotency key / reference was already used for a repayment of ${formatFen(prior.amountFen)} yuan (reference ${prior.reference}); a different amount is refused`,
        };
      }
      if (!['active', 'overdue', 'defaulted'].includes(loan.status) || !loan.budget_id)
        return {
          outcome: 'rejected',
          field: 'loan',
          rule: 'repayable',
          params: { status: loan.status } as ErrorParams,
          reason: `loan is ${loan.status}: only disbursed, unsettled loans take repayments`,
        };
      if (r.amountFen > outstanding)
        return {
          outcome: 'rejected',
          field: 'amountFen',
          rule: 'not_above_outstanding',
          params: { amountFen: r.amountFen, outstandingFen: outstanding } as ErrorParams,
          reason: `amount ${formatFen(r.amountFen)} yuan is more than the outstanding ${formatFen(outstanding)} yuan`,
        };
      const entryId = await postLoanEntry(em, {
        key,
        budgetId: loan.budget_id,
        kind: 'loan_repayment',
        amountFen: r.amountFen,
        loanId: r.loanId,
        reference: r.reference,
        actorId: r.actorId,
        paidOn: r.paidOn,
      });
      await em.query(`UPDATE loans SET repaid_fen = repaid_fen + $2, updated_at = now() WHERE id = $1`, [
        r.loanId,
        r.amountFen,
      ]);
      await refreshOldestUnpaid(em, r.loanId);
      await this.audit.append(
        {
          actorId: r.actorId,
          action: 'loan.repayment',
          entityType: 'loan',
          entityId: r.loanId,
          after: { amountFen: r.amountFen, paidOn: r.paidOn, reference: r.reference, source: r.source },
        },
        em,
      );
      return { outcome: 'accepted', entryId, outstandingFen: outstanding - r.amountFen };
    });
  }

  /** Writes off what is outstanding (one ledger entry) and closes the loan. */
  async writeOff(w: {
    loanId: string;
    workflowId: string;
    reason: string;
    approvedBy: string | null;
    asOf: string;
  }): Promise<{ writtenOffFen: number }> {
    return this.ds.transaction(async (em) => {
      const key = `${w.workflowId}:write-off`;
      const done = await ledgerEntry(em, key);
      if (done) return { writtenOffFen: done.amountFen };
      const [l] = (await em.query(
        `SELECT budget_id, amount_fen::bigint AS amount, repaid_fen::bigint AS repaid, written_off_fen::bigint AS wo FROM loans WHERE id = $1 FOR UPDATE`,
        [w.loanId],
      )) as Array<{ budget_id: string; amount: string; repaid: string; wo: string }>;
      if (!l) throw new DomainError(FailureType.NotFound, `loan ${w.loanId} not found`);
      const outstanding = Number(l.amount) - Number(l.repaid) - Number(l.wo);
      const day = chinaDateOf(Date.parse(w.asOf));
      if (outstanding > 0) {
        await postLoanEntry(em, {
          key,
          budgetId: l.budget_id,
          kind: 'loan_write_off',
          amountFen: outstanding,
          loanId: w.loanId,
          reference: 'write-off',
          actorId: w.approvedBy,
          paidOn: day,
        });
      }
      await em.query(
        `UPDATE loans SET written_off_fen = written_off_fen + $2, written_off_on = $3, updated_at = now() WHERE id = $1`,
        [w.loanId, outstanding, day],
      );
      await refreshOldestUnpaid(em, w.loanId);
      await this.recordStatus(
        { loanId: w.loanId, workflowId: w.workflowId, status: 'written_off', asOf: w.asOf },
        em,
      );
      await this.audit.append(
        {
          actorId: w.approvedBy,
          action: 'loan.written_off',
          entityType: 'loan',
          entityId: w.loanId,
          workflowId: w.workflowId,
          after: { writtenOffFen: outstanding, reason: w.reason, on: day },
        },
        em,
      );
      return { writtenOffFen: outstanding };
    });
  }

  /** Records a completed request (reschedule, write-off, early repayment) refused or approved. */
  async recordRequest(r: {
    loanId: string;
    workflowId: string;
    kind: string;
    outcome: string;
    details?: Record<string, unknown>;
  }): Promise<void> {
    await this.audit.append({
      actorId: null,
      action: `loan.request_${r.outcome}`,
      entityType: 'loan',
      entityId: r.loanId,
      workflowId: r.workflowId,
      details: { kind: r.kind, ...(r.details ?? {}) },
    });
  }
}
