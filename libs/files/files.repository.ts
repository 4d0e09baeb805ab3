import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { computeCategory } from '../domain/category';
import { DomainError, FailureType } from '../domain/errors';
import { fourEyesExclusions, type FourEyesExclusion } from '../domain/four-eyes';
import type { CategoryDecision, HouseholdFigures, StageDef } from '../domain/policy-types';
import { AuditRepository } from '../audit/audit.repository';
import { writeStatus } from '../audit/status';
import { PolicyRepository } from '../policy/policy.repository';
import { HouseholdsRepository } from '../households/households.repository';
import { EVIDENCE_GAP_LABELS, missingEvidence } from '../domain/file-evidence';
import { pairingLeadersOf } from '../pairing/pairing.sql';
import { fileHasEnded, fileHasEndedSql } from '../domain/file-status';
import { dropOpenMeasures } from '../help-plans/help-plans.sql';

export const FIVE_CLEARS = ['address', 'family', 'income', 'cause', 'urgentNeed'] as const;

export const FIVE_CLEARS_LABELS: Record<(typeof FIVE_CLEARS)[number], string> = {
  address: '家庭住址清',
  family: '家庭状况清',
  income: '经济收入清',
  cause: '致困原因清',
  urgentNeed: '当前急需解决的问题清',
};

export interface FileOpening {
  fileId: string;
  workflowId: string;
  workerId: string;
  causes: string[];
  createdBy: string;
  reopenedFrom?: string | null;
}

export interface FilePlan {
  fileNo: string;
  stages: StageDef[];
  excluded: FourEyesExclusion[];
}

/** Writes of the hardship-file read model, from activities of the file workflow; each idempotent. */
@Injectable()
export class FilesRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly policy: PolicyRepository,
    private readonly audit: AuditRepository,
    private readonly households: HouseholdsRepository,
  ) {}

  async recordOpened(f: FileOpening): Promise<FilePlan> {
    const policy = await this.policy.current();
    return this.ds.transaction(async (em) => {
      const [worker] = (await em.query(
        `SELECT w.org_unit_id, w.household_id, ${pairingLeadersOf('w.household_id')} AS pairing_leader_ids FROM workers w WHERE w.id = $1`,
        [f.workerId],
      )) as Array<{ org_unit_id: string; household_id: string | null; pairing_leader_ids: string[] }>;
      if (!worker?.household_id) {
        throw new DomainError(FailureType.NotFound, `worker ${f.workerId} has no household`);
      }
      let [row] = (await em.query(`SELECT file_no FROM hardship_files WHERE id = $1`, [f.fileId])) as Array<{
        file_no: string;
      }>;
      if (!row) {
        [row] = (await em
          .query(
            `INSERT INTO hardship_files (id, file_no, workflow_id, household_id, worker_id, org_unit_id, status, causes, caseworker_id, reopened_from)
             VALUES ($1, 'HF-' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' || lpad(nextval('hardship_file_no_seq')::text, 6, '0'),
                     $2, $3, $4, $5, 'investigating', $6, $7, $8)
             RETURNING file_no`,
            [
              f.fileId,
              f.workflowId,
              worker.household_id,
              f.workerId,
              worker.org_unit_id,
              f.causes,
              f.createdBy,
              f.reopenedFrom ?? null,
            ],
          )
          .catch((err: { code?: string; constraint?: string }) => {
            if (err.code === '23505' && String(err.constraint).startsWith('hardship_files_one_open')) {
              throw new DomainError(
                FailureType.DuplicateOpenFile,
                'the household or the worker already has an open file',
              );
            }
            throw err;
          })) as Array<{ file_no: string }>;
        await this.audit.append(
          {
            actorId: f.createdBy,
            action: 'file.opened',
            entityType: 'hardship_file',
            entityId: f.fileId,
            workflowId: f.workflowId,
            after: { causes: f.causes, reopenedFrom: f.reopenedFrom ?? null },
          },
          em,
        );
      }
      const excluded = fourEyesExclusions({
        caseworkerId: f.createdBy,
        pairingLeaderIds: worker.pairing_leader_ids,
      });
      const stages = policy.data.fileStages.map((code) => policy.data.stages.find((s) => s.code === code)!);
      return { fileNo: row!.file_no, stages, excluded };
    });
  }

  /**
   * The five clears and the home visit must all be recorded before the investigation can complete, and
   * the category needs evidence (libs/domain/file-evidence.ts): household members and an income entry in
   * the income window, unless the caseworker recorded why in the evidence note.
   */
  async checkInvestigation(c: { fileId: string }): Promise<{ complete: boolean; missing: string[] }> {
    const [f] = (await this.ds.query(
      `SELECT five_clears, visit, household_id, evidence_note FROM hardship_files WHERE id = $1`,
      [c.fileId],
    )) as Array<{
      five_clears: Record<string, unknown>;
      visit: Record<string, unknown> | null;
      household_id: string;
      evidence_note: string | null;
    }>;
    if (!f) throw new DomainError(FailureType.NotFound, `file ${c.fileId} not found`);
    const missing: string[] = FIVE_CLEARS.filter(
      (k) => typeof f.five_clears[k] !== 'string' || !(f.five_clears[k] as string).trim(),
    ).map((k) => `fiveClears.${k} (${FIVE_CLEARS_LABELS[k]})`);
    if (!f.visit || typeof f.visit.date !== 'string') missing.push('visit (入户走访)');
    const h = await this.households.figures(f.household_id, new Date());
    if (h) {
      const gaps = missingEvidence({
        otherMembers: h.otherMembers,
        incomeEntriesInWindow: h.incomeEntriesInWindow,
        evidenceNote: f.evidence_note,
      });
      missing.push(...gaps.map((g) => `${EVIDENCE_GAP_LABELS[g]} or evidenceNote`));
    }
    return { complete: missing.length === 0, missing };
  }

  async recordInvestigator(c: { fileId: string; workflowId: string; investigatorId: string }): Promise<void> {
    await this.ds.query(`UPDATE hardship_files SET investigator_id = $2, updated_at = now() WHERE id = $1`, [
      c.fileId,
      c.investigatorId,
    ]);
  }

  /**
   * Figures of the household for the category rule: net income over the income window (the 12 complete
   * months before now, libs/domain/income-window.ts), the window's year of expenses, the derived size.
   */
  async figures(fileId: string): Promise<HouseholdFigures> {
    const [f] = (await this.ds.query(`SELECT household_id, causes FROM hardship_files WHERE id = $1`, [
      fileId,
    ])) as Array<{ household_id: string; causes: string[] }>;
    const h = f && (await this.households.figures(f.household_id, new Date()));
    if (!f || !h) throw new DomainError(FailureType.NotFound, `file ${fileId} not found`);
    return {
      members: h.members,
      annualIncomeFen: Math.max(0, h.incomeFen),
      annualRigidExpensesFen: Math.max(0, h.rigidFen),
      annualHardshipCostsFen: Math.max(0, h.hardshipFen),
      accidentEvent: f.causes.includes('accident') || f.causes.includes('disaster'),
      localityCode: h.localityCode,
    };
  }

  /** Computes the category by the policy in force and records it with the version and the input figures. */
  async computeCategory(c: {
    fileId: string;
    workflowId: string;
  }): Promise<{ category: CategoryDecision['category']; policyVersion: number; reason: string }> {
    const [figures, policy] = await Promise.all([this.figures(c.fileId), this.policy.current()]);
    const decision = computeCategory(figures, policy.data, policy.version);
    await this.ds.transaction(async (em) => {
      await em.query(
        `UPDATE hardship_files SET category = $2, category_policy_version = $3, category_inputs = $4, category_reason = $5, updated_at = now() WHERE id = $1`,
        [c.fileId, decision.category, policy.version, JSON.stringify(decision.inputs), decision.reason],
      );
      await this.audit.append(
        {
          actorId: null,
          action: 'file.category',
          entityType: 'hardship_file',
          entityId: c.fileId,
          workflowId: c.workflowId,
          after: {
            category: decision.category,
            policyVersion: policy.version,
            inputs: decision.inputs,
            reason: decision.reason,
          },
        },
        em,
      );
    });
    return { category: decision.category, policyVersion: policy.version, reason: decision.reason };
  }

  /**
   * Records the file's status and its timeline event together (idempotent: the same status again
   * changes nothing). `from` restricts the change to files in one of those statuses (closing an
   * active file only). Answers whether it changed the row.
   */
  async recordStatus(
    c: {
      fileId: string;
      workflowId: string;
      status: string;
      reason?: string;
      details?: Record<string, unknown>;
      from?: string[];
    },
    em?: EntityManager,
  ): Promise<boolean> {
    const run = async (m: EntityManager) => {
      const changed = await writeStatus(m, this.audit, {
        update: `UPDATE hardship_files SET status = $2, updated_at = now(),
                        activated_at = CASE WHEN $2 = 'active' THEN now() ELSE activated_at END,
                        closed_at = CASE WHEN ${fileHasEndedSql('$2')} THEN now() ELSE closed_at END,
                        close_reason = COALESCE($3, close_reason)
                  WHERE id = $1 AND status <> $2 AND ($4::text[] IS NULL OR status = ANY ($4::text[])) RETURNING id`,
        params: [c.fileId, c.status, c.reason ?? null, c.from ?? null],
        event: {
          actorId: null,
          action: 'file.status',
          entityType: 'hardship_file',
          entityId: c.fileId,
          workflowId: c.workflowId,
          after: { status: c.status },
          details: { ...(c.reason ? { reason: c.reason } : {}), ...(c.details ?? {}) },
        },
      });
      // a file that ends takes its help measures still open with it, in the same transaction
      if (changed && fileHasEnded(c.status)) await dropOpenMeasures(m, c.fileId);
      return changed;
    };
    return em ? run(em) : this.ds.transaction(run);
  }

  /** A re-check or follow-up visit was done: the file's data is current again. */
  async markChecked(c: { fileId: string }): Promise<void> {
    await this.ds.query(
      `UPDATE hardship_files SET last_checked_at = now(), updated_at = now() WHERE id = $1`,
      [c.fileId],
    );
  }

  async startNotice(c: {
    fileId: string;
    workflowId: string;
  }): Promise<{ endsAt: string; durationMs: number }> {
    const { endsAt, durationMs, workingDays, policyVersion } = await this.policy.noticePeriod(new Date());
    await this.ds.transaction(async (em) => {
      await em.query(`UPDATE hardship_files SET notice_ends_at = $2, updated_at = now() WHERE id = $1`, [
        c.fileId,
        endsAt,
      ]);
      await this.recordStatus({ fileId: c.fileId, workflowId: c.workflowId, status: 'in_notice' }, em);
      await this.audit.append(
        {
          actorId: null,
          action: 'file.notice_started',
          entityType: 'hardship_file',
          entityId: c.fileId,
          workflowId: c.workflowId,
          after: {
            endsAt: endsAt.toISOString(),
            workingDays,
            policyVersion,
          },
        },
        em,
      );
    });
    return { endsAt: endsAt.toISOString(), durationMs };
  }

  async recordObjection(o: {
    fileId: string;
    workflowId: string;
    objection: { by: string; text: string };
  }): Promise<void> {
    await this.audit.append({
      actorId: null,
      actorName: o.objection.by,
      action: 'file.objection',
      entityType: 'hardship_file',
      entityId: o.fileId,
      workflowId: o.workflowId,
      details: { text: o.objection.text },
    });
  }
}
