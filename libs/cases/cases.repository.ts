import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, FailureType } from '../domain/errors';
import { OPEN_CASE_STATUSES } from '../domain/aid-case';
import {
  COUNTED_THIS_YEAR_STATUSES,
  checkEligibility,
  chinaYear,
  eligibilityError,
  type EligibilityFacts,
} from '../domain/eligibility';
import { fourEyesExclusions, type FourEyesExclusion } from '../domain/four-eyes';
import { noticeRequired } from '../domain/notice';
import { findProgram } from '../domain/policy/lookup';
import { routeStages } from '../domain/routing';
import type { HardshipCategory, StageDef } from '../domain/policy-types';
import { AuditRepository } from '../audit/audit.repository';
import { writeStatus } from '../audit/status';
import { casePayment, reserveOnBudget } from '../ledger/ledger.repository';
import { PolicyRepository } from '../policy/policy.repository';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { PiiCipher } from '../security/pii';
import { pairingLeadersOf } from '../pairing/pairing.sql';
import { fileIsOpenSql } from '../domain/file-status';

export interface CaseSubmission {
  caseId: string;
  workflowId: string;
  workerId: string;
  programCode: string;
  amountFen: number;
  reason: string;
  createdBy: string;
  applicantKind: 'worker' | 'relative';
  applicantName?: string | null;
  eligibility?: Record<string, unknown>;
}

export interface CasePlan {
  caseNo: string;
  policyVersion: number;
  stages: StageDef[];
  excluded: FourEyesExclusion[];
  noticeRequired: boolean;
  followUpDays: number;
  reservationExpiryDays: number;
  year: number;
}

/**
 * Writes of the aid-case read model, called only from activities. Every write is idempotent:
 * a retried activity after a commit is a no-op.
 */
@Injectable()
export class CasesRepository {
  /** The case's free-text reason may hold health details: encrypted at rest (reason_enc). */
  private readonly pii: PiiCipher;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly policy: PolicyRepository,
    private readonly audit: AuditRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.pii = PiiCipher.fromBase64(config.PII_ENCRYPTION_KEY, config.PII_HASH_KEY);
  }

  /**
   * What the eligibility rules need to know about an applicant: the household's open hardship file,
   * and its cases of the program counted this year (COUNTED_THIS_YEAR_STATUSES, submitted in `year`,
   * China time) and still open (OPEN_CASE_STATUSES). A worker without a household has no cases.
   */
  async eligibilityFacts(
    q: { workerId: string; householdId: string | null; programCode: string; year: number },
    em: EntityManager = this.ds.manager,
  ): Promise<EligibilityFacts> {
    const [file] = (await em.query(
      `SELECT status, category FROM hardship_files
        WHERE (worker_id = $1 OR household_id = $2) AND ${fileIsOpenSql('status')} LIMIT 1`,
      [q.workerId, q.householdId],
    )) as Array<{ status: string; category: HardshipCategory | null }>;
    const [worker] = (await em.query(`SELECT employment_status FROM workers WHERE id = $1`, [
      q.workerId,
    ])) as Array<{
      employment_status: string;
    }>;
    const workerStatus = worker?.employment_status ?? 'active';
    if (!q.householdId)
      return { file: file ?? null, casesThisYearSameProgram: 0, openCasesSameProgram: 0, workerStatus };
    const [counts] = (await em.query(
      `SELECT count(*) FILTER (WHERE status = ANY($3::text[])
                                 AND extract(year FROM created_at AT TIME ZONE 'Asia/Shanghai')::int = $4)::int AS this_year,
              count(*) FILTER (WHERE status = ANY($5::text[]))::int AS open
         FROM aid_cases WHERE household_id = $1 AND program_code = $2`,
      [q.householdId, q.programCode, COUNTED_THIS_YEAR_STATUSES, q.year, OPEN_CASE_STATUSES],
    )) as Array<{ this_year: number; open: number }>;
    return {
      file: file ?? null,
      casesThisYearSameProgram: counts!.this_year,
      openCasesSameProgram: counts!.open,
      workerStatus,
    };
  }

  /**
   * Records the application and the plan it follows (stages, notice, four-eyes exclusions) under the
   * policy in force. A new application is checked against the eligibility rules first (the API
   * checked them too, but a case filed meanwhile may have changed the answer).
   */
  async recordSubmitted(s: CaseSubmission): Promise<CasePlan> {
    return this.ds.transaction(async (em) => {
      const [existing] = (await em.query(
        `SELECT case_no, policy_version, stages, extract(year FROM created_at AT TIME ZONE 'Asia/Shanghai')::int AS year FROM aid_cases WHERE id = $1`,
        [s.caseId],
      )) as Array<{ case_no: string; policy_version: number; stages: StageDef[]; year: number }>;
      const policy = existing
        ? await this.policy.byVersion(existing.policy_version, em)
        : await this.policy.current(new Date(), em);
      if (!policy) throw new Error(`policy version ${existing?.policy_version} missing`);
      const program = findProgram(policy.data, s.programCode);
      if (!program)
        throw new DomainError(
          FailureType.NotFound,
          `program ${s.programCode} is not in policy ${policy.version}`,
        );
      const [worker] = (await em.query(
        `SELECT w.org_unit_id, w.household_id, w.caseworker_id, ${pairingLeadersOf('w.household_id')} AS pairing_leader_ids,
                (SELECT f.investigator_id FROM hardship_files f WHERE f.worker_id = w.id AND ${fileIsOpenSql('f.status')} LIMIT 1) AS investigator_id,
                (SELECT f.id FROM hardship_files f WHERE f.worker_id = w.id AND ${fileIsOpenSql('f.status')} LIMIT 1) AS file_id
           FROM workers w LEFT JOIN households h ON h.id = w.household_id WHERE w.id = $1`,
        [s.workerId],
      )) as Array<{
        org_unit_id: string;
        household_id: string | null;
        caseworker_id: string | null;
        pairing_leader_ids: string[];
        investigator_id: string | null;
        file_id: string | null;
      }>;
      if (!worker) throw new DomainError(FailureType.NotFound, `worker ${s.workerId} not found`);
      if (!existing) {
        const refusal = checkEligibility({
          policy: policy.data,
          programCode: s.programCode,
          amountFen: s.amountFen,
          ...(await this.eligibilityFacts(
            {
              workerId: s.workerId,
              householdId: worker.household_id,
              programCode: s.programCode,
              year: chinaYear(new Date()),
            },
            em,
          )),
        });
        if (refusal) throw eligibilityError(refusal);
      }
      const stages = existing?.stages?.length
        ? existing.stages
        : routeStages(policy.data, s.programCode, s.amountFen);
      let caseNo = existing?.case_no;
      let year = existing?.year;
      if (!existing) {
        const [row] = (await em
          .query(
            `INSERT INTO aid_cases (id, case_no, workflow_id, worker_id, household_id, org_unit_id, program_code, amount_fen, reason_enc, status,
                                  created_by, file_id, applicant_kind, applicant_name, policy_version, stages, eligibility)
           VALUES ($1, 'AC-' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' || lpad(nextval('aid_case_no_seq')::text, 6, '0'),
                   $2, $3, $4, $5, $6, $7, $8, 'submitted', $9, $10, $11, $12, $13, $14, $15)
           RETURNING case_no, extract(year FROM created_at AT TIME ZONE 'Asia/Shanghai')::int AS year`,
            [
              s.caseId,
              s.workflowId,
              s.workerId,
              worker.household_id,
              worker.org_unit_id,
              s.programCode,
              s.amountFen,
              this.pii.encrypt(s.reason),
              s.createdBy,
              worker.file_id,
              s.applicantKind,
              s.applicantName ?? null,
              policy.version,
              JSON.stringify(stages),
              s.eligibility ? JSON.stringify(s.eligibility) : null,
            ],
          )
          .catch((err: { code?: string; constraint?: string }) => {
            if (err.code === '23505' && err.constraint === 'aid_cases_one_open_per_household_program') {
              throw new DomainError(
                FailureType.DuplicateOpenCase,
                `the household already has an open ${s.programCode} case`,
              );
            }
            throw err;
          })) as Array<{ case_no: string; year: number }>;
        caseNo = row!.case_no;
        year = row!.year;
        await this.audit.append(
          {
            actorId: s.createdBy,
            action: 'case.submitted',
            entityType: 'aid_case',
            entityId: s.caseId,
            workflowId: s.workflowId,
            after: {
              programCode: s.programCode,
              amountFen: s.amountFen,
              applicantKind: s.applicantKind,
              policyVersion: policy.version,
              stages: stages.map((x) => x.code),
            },
          },
          em,
        );
      }
      const excluded = fourEyesExclusions({
        investigatorId: worker.investigator_id,
        caseworkerId: [s.createdBy, worker.caseworker_id],
        pairingLeaderIds: worker.pairing_leader_ids,
      });
      return {
        caseNo: caseNo!,
        policyVersion: policy.version,
        stages,
        excluded,
        noticeRequired: noticeRequired(program, s.amountFen),
        followUpDays: policy.data.followUpDays,
        reservationExpiryDays: policy.data.reservationExpiryDays,
        year: year!,
      };
    });
  }

  /**
   * Records the case's status and its timeline event together (idempotent: the same status again
   * changes nothing). 'paid' also stamps paid_at and the payment reference — from `details.reference`
   * or, without one, the reference of the case's payment in the ledger (read, never written here).
   */
  async recordStatus(
    c: {
      caseId: string;
      workflowId: string;
      status: string;
      closed?: boolean;
      details?: Record<string, unknown>;
    },
    em?: EntityManager,
  ): Promise<boolean> {
    const run = async (m: EntityManager) => {
      // a refused or abandoned 金秋助学 application frees the child's school year (libs/tuition)
      if (c.status === 'rejected' || c.status === 'withdrawn' || c.status === 'expired')
        await m.query(`UPDATE tuition_applications SET voided = true WHERE case_id = $1 AND NOT voided`, [
          c.caseId,
        ]);
      const payment = c.status === 'paid' ? await casePayment(m, c.caseId) : null;
      const reference = typeof c.details?.reference === 'string' ? c.details.reference : null;
      return writeStatus(m, this.audit, {
        update: `UPDATE aid_cases SET status = $2, updated_at = now(),
                        closed_at = CASE WHEN $3 THEN now() ELSE closed_at END,
                        paid_at = CASE WHEN $2 = 'paid' THEN COALESCE(paid_at, $4::timestamptz, now()) ELSE paid_at END,
                        payment_reference = CASE WHEN $2 = 'paid' THEN COALESCE($5, payment_reference, $6) ELSE payment_reference END
                  WHERE id = $1 AND status <> $2 RETURNING id`,
        params: [
          c.caseId,
          c.status,
          c.closed ?? false,
          payment?.paidAt ?? null,
          reference,
          payment?.reference ?? null,
        ],
        event: {
          actorId: null,
          action: 'case.status',
          entityType: 'aid_case',
          entityId: c.caseId,
          workflowId: c.workflowId,
          after: { status: c.status },
          details: c.details ?? {},
        },
      });
    };
    return em ? run(em) : this.ds.transaction(run);
  }

  /**
   * Reserves the case's amount on the ledger (first fund source whose budget covers it) and notes
   * the fund source on the case, in one transaction; once per workflow.
   */
  async reserveFunds(r: {
    caseId: string;
    workflowId: string;
    programCode: string;
    year: number;
    amountFen: number;
  }): Promise<{ ok: true; fundSource: string } | { ok: false; availableFen: number }> {
    return this.ds.transaction(async (em) => {
      const res = await reserveOnBudget(em, this.audit, {
        subject: { type: 'aid_case', id: r.caseId },
        ...r,
      });
      if (res.ok && res.fresh)
        await em.query(`UPDATE aid_cases SET fund_source = $2, updated_at = now() WHERE id = $1`, [
          r.caseId,
          res.fundSource,
        ]);
      return res.ok ? { ok: true as const, fundSource: res.fundSource } : res;
    });
  }

  /** Starts the public notice (公示) and answers how long it runs, in working days by the calendar. */
  async startNotice(c: {
    caseId: string;
    workflowId: string;
    round: number;
  }): Promise<{ endsAt: string; durationMs: number }> {
    const { endsAt, durationMs, workingDays, policyVersion } = await this.policy.noticePeriod(new Date());
    await this.ds.transaction(async (em) => {
      await this.recordStatus({ caseId: c.caseId, workflowId: c.workflowId, status: 'in_notice' }, em);
      await this.audit.append(
        {
          actorId: null,
          action: 'case.notice_started',
          entityType: 'aid_case',
          entityId: c.caseId,
          workflowId: c.workflowId,
          after: {
            endsAt: endsAt.toISOString(),
            workingDays,
            policyVersion,
            round: c.round,
          },
        },
        em,
      );
    });
    return { endsAt: endsAt.toISOString(), durationMs };
  }

  async recordObjection(o: {
    caseId: string;
    workflowId: string;
    objection: { by: string; text: string };
  }): Promise<void> {
    await this.audit.append({
      actorId: null,
      actorName: o.objection.by,
      action: 'case.objection',
      entityType: 'aid_case',
      entityId: o.caseId,
      workflowId: o.workflowId,
      details: { text: o.objection.text },
    });
  }

  async recordFollowUp(f: {
    caseId: string;
    workflowId: string;
    outcome: Record<string, unknown> | null;
  }): Promise<void> {
    await this.ds.query(`UPDATE aid_cases SET follow_up = $2 WHERE id = $1`, [
      f.caseId,
      JSON.stringify(f.outcome ?? {}),
    ]);
  }
}
