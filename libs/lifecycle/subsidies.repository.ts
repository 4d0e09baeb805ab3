import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, FailureType } from '../domain/errors';
import { isQuarterCode, subsidyAmountFor } from '../domain/lifecycle';
import type { HardshipCategory } from '../domain/policy-types';
import { AuditRepository } from '../audit/audit.repository';
import { LedgerRepository } from '../ledger/ledger.repository';
import { PolicyRepository } from '../policy/policy.repository';

export type SubsidyOutcome = 'paid' | 'suspended' | 'skipped' | 'file_closed';

/** The ledger key of a file's quarter: unique, so each quarter is paid at most once. */
export const subsidyLedgerKey = (fileId: string, quarter: string) => `subsidy:${fileId}:${quarter}`;

/**
 * A file's quarterly re-check is overdue when it has an open 'recheck_visit' task (opened by the
 * re-assessment campaign) past its due time; completing that task ends the re-check.
 */
export const RECHECK_OVERDUE_SQL = `EXISTS (SELECT 1 FROM tasks t WHERE t.type = 'recheck_visit' AND t.subject_type = 'hardship_file'
  AND t.subject_id = $1 AND t.status = 'open' AND t.due_at < $2)`;

/**
 * Regular quarterly subsidy (定期补助) records, written by the subsidy workflow's activities. A
 * quarter is settled once per file (unique file + quarter): paid through the ledger (key
 * `subsidy:<fileId>:<quarter>`), suspended while the re-check is overdue (or no budget covers it),
 * or skipped when the file's category receives none. Suspended quarters are paid once on resumption.
 */
@Injectable()
export class SubsidiesRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly policy: PolicyRepository,
    private readonly ledger: LedgerRepository,
    private readonly audit: AuditRepository,
  ) {}

  private async lockFile(
    em: EntityManager,
    fileId: string,
  ): Promise<{ status: string; category: HardshipCategory | null }> {
    const [file] = (await em.query(`SELECT status, category FROM hardship_files WHERE id = $1 FOR UPDATE`, [
      fileId,
    ])) as Array<{ status: string; category: HardshipCategory | null }>;
    if (!file) throw new DomainError(FailureType.NotFound, `file ${fileId} not found`);
    return file;
  }

  async recheckOverdue(fileId: string, asOf: Date, em: EntityManager = this.ds.manager): Promise<boolean> {
    const [r] = (await em.query(`SELECT ${RECHECK_OVERDUE_SQL} AS overdue`, [fileId, asOf])) as Array<{
      overdue: boolean;
    }>;
    return r!.overdue;
  }

  /** Settles one quarter of a file (idempotent: a settled quarter answers its recorded outcome). */
  async settleQuarter(s: {
    fileId: string;
    workflowId: string;
    quarter: string;
    asOf: string;
  }): Promise<{ outcome: SubsidyOutcome; reason: string | null }> {
    if (!isQuarterCode(s.quarter)) throw new DomainError(FailureType.InvalidQuarter, s.quarter);
    const policy = await this.policy.current();
    return this.ds.transaction(async (em) => {
      const file = await this.lockFile(em, s.fileId);
      const [row] = (await em.query(
        `SELECT status, reason FROM subsidy_payments WHERE file_id = $1 AND quarter = $2`,
        [s.fileId, s.quarter],
      )) as Array<{ status: SubsidyOutcome; reason: string | null }>;
      if (row) return { outcome: row.status, reason: row.reason };
      if (file.status !== 'active') return { outcome: 'file_closed' as const, reason: 'file_not_active' };
      const sp = policy.data.subsidy;
      const amount = subsidyAmountFor(sp, file.category);
      const insert = (status: string, reason: string | null, amountFen: number, fundSource: string | null) =>
        em.query(
          `INSERT INTO subsidy_payments (file_id, quarter, status, reason, amount_fen, category, policy_version, program_code,
                                         fund_source, ledger_key, workflow_id, suspended_at, paid_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
                   CASE WHEN $3 = 'suspended' THEN now() END, CASE WHEN $3 = 'paid' THEN now() END)`,
          [
            s.fileId,
            s.quarter,
            status,
            reason,
            amountFen,
            file.category,
            policy.version,
            sp.programCode,
            fundSource,
            status === 'paid' ? subsidyLedgerKey(s.fileId, s.quarter) : null,
            s.workflowId,
          ],
        );
      const auditRow = (action: string, details: Record<string, unknown>) =>
        this.audit.append(
          {
            actorId: null,
            action,
            entityType: 'hardship_file',
            entityId: s.fileId,
            workflowId: s.workflowId,
            after: { quarter: s.quarter, policyVersion: policy.version, ...details },
          },
          em,
        );
      if (amount === null) {
        await insert('skipped', 'category_not_eligible', 0, null);
        await auditRow('subsidy.skipped', { category: file.category, reason: 'category_not_eligible' });
        return { outcome: 'skipped' as const, reason: 'category_not_eligible' };
      }
      if (await this.recheckOverdue(s.fileId, new Date(s.asOf), em)) {
        await insert('suspended', 'recheck_overdue', amount, null);
        await auditRow('subsidy.suspended', { amountFen: amount, reason: 'recheck_overdue' });
        return { outcome: 'suspended' as const, reason: 'recheck_overdue' };
      }
      const paid = await this.pay(
        em,
        s.fileId,
        s.workflowId,
        s.quarter,
        amount,
        sp.programCode,
        sp.fundSource,
      );
      if (!paid.ok) {
        await insert('suspended', 'budget_insufficient', amount, null);
        await auditRow('subsidy.suspended', {
          amountFen: amount,
          reason: 'budget_insufficient',
          availableFen: paid.availableFen,
        });
        return { outcome: 'suspended' as const, reason: 'budget_insufficient' };
      }
      await insert('paid', null, amount, paid.fundSource);
      await auditRow('subsidy.paid', { amountFen: amount, fundSource: paid.fundSource });
      return { outcome: 'paid' as const, reason: null };
    });
  }

  private pay(
    em: EntityManager,
    fileId: string,
    workflowId: string,
    quarter: string,
    amountFen: number,
    programCode: string,
    fundSource: string | null,
  ) {
    return this.ledger.payDirect(
      {
        key: subsidyLedgerKey(fileId, quarter),
        programCode,
        // charged to the budget of the quarter's year, whenever it is paid
        year: Number(quarter.slice(0, 4)),
        amountFen,
        fundSource,
        fileId,
        reference: `定期补助 ${quarter}`,
        entityType: 'hardship_file',
        entityId: fileId,
        workflowId,
      },
      em,
    );
  }

  /**
   * Pays each suspended quarter of the file once, if the file is active and its re-check is no
   * longer overdue. A file no longer active forfeits them (skipped, file_not_active).
   */
  async resumeSuspended(r: {
    fileId: string;
    workflowId: string;
    asOf: string;
  }): Promise<{ paid: string[]; suspended: string[]; fileActive: boolean }> {
    const policy = await this.policy.current();
    return this.ds.transaction(async (em) => {
      const file = await this.lockFile(em, r.fileId);
      const rows = (await em.query(
        `SELECT quarter, amount_fen::bigint AS amount, program_code FROM subsidy_payments
          WHERE file_id = $1 AND status = 'suspended' ORDER BY quarter`,
        [r.fileId],
      )) as Array<{ quarter: string; amount: string; program_code: string }>;
      if (file.status !== 'active') {
        if (rows.length) {
          await em.query(
            `UPDATE subsidy_payments SET status = 'skipped', reason = 'file_not_active', updated_at = now()
              WHERE file_id = $1 AND status = 'suspended'`,
            [r.fileId],
          );
          await this.audit.append(
            {
              actorId: null,
              action: 'subsidy.skipped',
              entityType: 'hardship_file',
              entityId: r.fileId,
              workflowId: r.workflowId,
              after: { quarters: rows.map((x) => x.quarter), reason: 'file_not_active' },
            },
            em,
          );
        }
        return { paid: [], suspended: [], fileActive: false };
      }
      if (rows.length === 0 || (await this.recheckOverdue(r.fileId, new Date(r.asOf), em))) {
        return { paid: [], suspended: rows.map((x) => x.quarter), fileActive: true };
      }
      const paid: string[] = [];
      const suspended: string[] = [];
      for (const row of rows) {
        const result = await this.pay(
          em,
          r.fileId,
          r.workflowId,
          row.quarter,
          Number(row.amount),
          row.program_code,
          policy.data.subsidy.fundSource,
        );
        if (!result.ok) {
          await em.query(
            `UPDATE subsidy_payments SET reason = 'budget_insufficient', updated_at = now() WHERE file_id = $1 AND quarter = $2`,
            [r.fileId, row.quarter],
          );
          suspended.push(row.quarter);
          continue;
        }
        await em.query(
          `UPDATE subsidy_payments SET status = 'paid', reason = NULL, fund_source = $3, ledger_key = $4, paid_at = now(), updated_at = now()
            WHERE file_id = $1 AND quarter = $2`,
          [r.fileId, row.quarter, result.fundSource, subsidyLedgerKey(r.fileId, row.quarter)],
        );
        await this.audit.append(
          {
            actorId: null,
            action: 'subsidy.resumed',
            entityType: 'hardship_file',
            entityId: r.fileId,
            workflowId: r.workflowId,
            after: { quarter: row.quarter, amountFen: Number(row.amount), fundSource: result.fundSource },
          },
          em,
        );
        paid.push(row.quarter);
      }
      return { paid, suspended, fileActive: true };
    });
  }
}
