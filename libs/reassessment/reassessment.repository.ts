import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { fourEyesExclusions, type FourEyesExclusion } from '../domain/four-eyes';
import { DomainError, FailureType } from '../domain/errors';
import { CATEGORY_LABELS, type PolicyData, type StageDef } from '../domain/policy-types';
import {
  CLOSE_REASONS,
  isCloseReason,
  OUTCOME_LABELS,
  OUTCOMES,
  zeroCounts,
  type CloseReason,
  type Outcome,
  type OutcomeCounts,
} from '../domain/reassessment';
import { AuditRepository } from '../audit/audit.repository';
import { FilesRepository } from '../files/files.repository';
import { PolicyRepository } from '../policy/policy.repository';
import { TasksRepository } from '../tasks/tasks.repository';
import { taskDeadlines } from '../domain/tasks';
import { reassessmentSql } from './reassessment.sql';
import { pairingLeadersOf } from '../pairing/pairing.sql';

export { OUTCOMES, OUTCOME_LABELS, CLOSE_REASONS, zeroCounts };
export type { Outcome, OutcomeCounts, CloseReason };

export interface CampaignBegin {
  campaignId: string;
  kind: 'quarterly' | 'policy_change';
  quarter: string | null;
  /** Fixed for a policy-change campaign; the version in force at asOf otherwise. */
  policyVersion: number | null;
  localityCodes: string[] | null;
  asOf: string;
  startedBy: string | null;
}

export interface CampaignPlan {
  policyVersion: number;
  total: number;
  pageSize: number;
  maxOpenChildren: number;
  processed: number;
  counts: OutcomeCounts;
}

export interface PageInput {
  campaignId: string;
  after: string | null;
  asOf: string;
  policyVersion: number;
  pageSize: number;
  localityCodes: string[] | null;
  /** The page's last file id when cut in advance by pageBounds (the page is every file in (after, upTo]). */
  upTo?: string | null;
  /**
   * Set by campaigns from the 'reassessment-page-starts-children' patch on: stale files' re-check
   * tasks are written by the page's statement (no workflow) and the page activity itself starts the
   * children that must exist (exit, escalation), in bounded batches.
   */
  setBased?: boolean;
  /**
   * Set by campaigns from the 'reassessment-reviews-apart' patch on (with setBased): a worse file's
   * escalation is a task written by the page's statement too, and the page starts no workflow: it
   * answers the exits in `persons` and the campaign starts them in a separate activity (startReviews).
   */
  reviewsApart?: boolean;
}

export interface PageResult {
  /** Files in the page (0 = the walk is over). */
  size: number;
  lastId: string | null;
  /** Result rows written by this run of the page (0 when an earlier attempt already wrote them). */
  inserted: number;
  counts: OutcomeCounts;
  /** Files that need a person: a re-check visit, an exit approval or an escalation (set-based: exit and escalation only). */
  persons: Array<{ fileId: string; outcome: Outcome }>;
  /** Re-check tasks written by the page's statement (set-based pages). */
  rechecks?: number;
  /** Escalation tasks written by the page's statement (pages with reviewsApart). */
  escalations?: number;
  /** Children started by the page activity itself (set-based pages; the campaign then starts none). */
  childrenStarted?: number;
  /** Set-based pages: ms in the page statement, and ms starting the children afterwards. */
  sqlMs?: number;
  startMs?: number;
}

export interface CampaignReport {
  byOrgUnit: Array<{ orgUnitId: string; orgUnitName: string; total: number } & OutcomeCounts>;
  byCategory: Array<{ category: string; labelZh: string; labelEn: string; total: number } & OutcomeCounts>;
}

/**
 * Policy figures the SQL reads; `directRecheck`: stale files' re-check visit tasks are written by
 * the statement itself (campaigns from the 'reassessment-page-starts-children' patch on).
 */
export function sqlPolicy(
  data: PolicyData,
  directRecheck = false,
  directEscalation: { dueAt: Date; escalateAt: Date } | null = null,
): string {
  return JSON.stringify({
    localities: data.localities,
    category: data.category,
    exitMonthsAbove: data.exitMonthsAbove,
    staleDays: data.reassessment.staleDays,
    recheckDueDays: data.reassessment.recheckDueDays,
    directRecheck,
    ...(directEscalation
      ? {
          directEscalation: {
            dueAt: directEscalation.dueAt.toISOString(),
            escalateAt: directEscalation.escalateAt.toISOString(),
          },
        }
      : {}),
  });
}

/**
 * The deadlines an escalation task opened now gets (the task board's: due after the policy's stage
 * working days, escalated after its grace working days), for the set-based escalation tasks.
 */
export function escalationDeadlines(
  data: PolicyData,
  now: Date,
  calendar: Parameters<typeof taskDeadlines>[2],
): { dueAt: Date; escalateAt: Date } {
  const d = taskDeadlines(data, now, calendar);
  return { dueAt: d.dueAt, escalateAt: d.escalateAt };
}

/** Campaign rows and the set-based page re-assessment; exits, re-checks and file closing. */
@Injectable()
export class ReassessmentRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly policy: PolicyRepository,
    private readonly audit: AuditRepository,
    private readonly files: FilesRepository,
    private readonly tasks: TasksRepository,
  ) {}

  private async policyFor(version: number | null, asOf: Date) {
    const p = version === null ? await this.policy.current(asOf) : await this.policy.byVersion(version);
    if (!p) throw new DomainError(FailureType.NotFound, `policy version ${version} not found`);
    return p;
  }

  /** Creates (or finds, on a resumed run) the campaign row and counts the files it will walk. */
  async begin(b: CampaignBegin): Promise<CampaignPlan> {
    const p = await this.policyFor(b.policyVersion, new Date(b.asOf));
    const [{ total }] = (await this.ds.query(
      `SELECT count(*)::int AS total FROM hardship_files f JOIN households h ON h.id = f.household_id
        WHERE f.status = 'active' AND ($1::text[] IS NULL OR h.locality_code = ANY ($1::text[]))`,
      [b.localityCodes],
    )) as Array<{ total: number }>;
    const [row] = (await this.ds.query(
      `INSERT INTO reassessment_campaigns (id, kind, quarter, policy_version, locality_codes, status, as_of, total, started_by)
       VALUES ($1, $2, $3, $4, $5, 'running', $6, $7, $8)
       ON CONFLICT (id) DO UPDATE SET policy_version = COALESCE(reassessment_campaigns.policy_version, EXCLUDED.policy_version),
              as_of = COALESCE(reassessment_campaigns.as_of, EXCLUDED.as_of),
              total = CASE WHEN reassessment_campaigns.as_of IS NULL THEN EXCLUDED.total ELSE reassessment_campaigns.total END,
              updated_at = now()
       RETURNING policy_version, total, processed, unchanged, category_up, category_down, exit_proposed, stale, worse`,
      [b.campaignId, b.kind, b.quarter, p.version, b.localityCodes, b.asOf, total, b.startedBy],
    )) as Array<{ policy_version: number; total: number; processed: number } & OutcomeCounts>;
    return {
      policyVersion: row!.policy_version,
      total: row!.total,
      pageSize: p.data.reassessment.pageSize,
      maxOpenChildren: p.data.reassessment.maxOpenChildren,
      processed: row!.processed,
      counts: Object.fromEntries(OUTCOMES.map((o) => [o, row![o]])) as OutcomeCounts,
    };
  }

  /** One keyset page, one SQL statement: recompute, classify, write results, change categories, count. */
  async reassessPage(i: PageInput): Promise<PageResult> {
    const p = await this.policyFor(i.policyVersion, new Date(i.asOf));
    // escalation tasks opened now get the deadlines the task board would give them (the policy in
    // force now and the working-day calendar, like TasksRepository.open)
    const escalation = i.reviewsApart
      ? escalationDeadlines(
          (await this.policy.current(new Date())).data,
          new Date(),
          await this.policy.calendar(),
        )
      : null;
    const [r] = (await this.ds.query(reassessmentSql(true), [
      i.campaignId,
      i.after,
      i.pageSize,
      i.asOf,
      sqlPolicy(p.data, i.setBased === true, escalation),
      p.version,
      i.localityCodes,
      i.upTo ?? null,
    ])) as Array<{
      rechecks: number;
      escalations: number;
      page_size: number;
      last_id: string | null;
      inserted: number;
      counts: OutcomeCounts;
      persons: Array<{ fileId: string; outcome: Outcome }>;
    }>;
    return {
      size: r!.page_size,
      lastId: r!.last_id,
      inserted: r!.inserted,
      counts: r!.counts,
      persons: r!.persons,
      ...(i.setBased ? { rechecks: r!.rechecks } : {}),
      ...(i.reviewsApart ? { escalations: r!.escalations } : {}),
    };
  }

  /**
   * Cuts the walk ahead: the last file id of each of the next `count` full pages after `after`, in
   * order (fewer when the rest is shorter; the files after the last one form the tail page). Lets
   * the campaign run more than one page at a time without the pages overlapping.
   */
  async pageBounds(b: {
    after: string | null;
    pageSize: number;
    count: number;
    localityCodes: string[] | null;
  }): Promise<string[]> {
    const rows = (await this.ds.query(
      `SELECT x.id FROM (
         SELECT f.id, row_number() OVER (ORDER BY f.id) AS rn
           FROM hardship_files f JOIN households h ON h.id = f.household_id
          WHERE f.status = 'active' AND ($1::uuid IS NULL OR f.id > $1::uuid)
            AND ($4::text[] IS NULL OR h.locality_code = ANY ($4::text[]))
          ORDER BY f.id LIMIT $2::int * $3::int) x
        WHERE x.rn % $2::int = 0 ORDER BY x.id`,
      [b.after, b.pageSize, b.count, b.localityCodes],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  async childrenStarted(c: { campaignId: string; n: number }): Promise<void> {
    await this.ds.query(
      `UPDATE reassessment_campaigns SET children_started = children_started + $2, updated_at = now() WHERE id = $1`,
      [c.campaignId, c.n],
    );
  }

  /** The stored report (per org unit and per category after re-assessment) and status completed. */
  async finish(c: { campaignId: string }): Promise<CampaignReport> {
    const counts = OUTCOMES.map((o) => `count(*) FILTER (WHERE r.outcome = '${o}')::int AS ${o}`).join(', ');
    const byOrgUnit = (await this.ds.query(
      `SELECT r.org_unit_id AS "orgUnitId", o.name_zh AS "orgUnitName", count(*)::int AS total, ${counts}
         FROM reassessment_results r JOIN org_units o ON o.id = r.org_unit_id
        WHERE r.campaign_id = $1 GROUP BY r.org_unit_id, o.name_zh ORDER BY o.name_zh, r.org_unit_id`,
      [c.campaignId],
    )) as CampaignReport['byOrgUnit'];
    const byCat = (await this.ds.query(
      `SELECT COALESCE(r.category_after, 'none') AS category, count(*)::int AS total, ${counts}
         FROM reassessment_results r WHERE r.campaign_id = $1 GROUP BY 1 ORDER BY 1`,
      [c.campaignId],
    )) as Array<{ category: string; total: number } & OutcomeCounts>;
    const report: CampaignReport = {
      byOrgUnit,
      byCategory: byCat.map((r) => {
        const label = CATEGORY_LABELS[r.category as keyof typeof CATEGORY_LABELS] ?? CATEGORY_LABELS.none;
        return { ...r, labelZh: label.zh, labelEn: label.en };
      }),
    };
    await this.ds.transaction(async (em) => {
      const rows = (await em.query(
        `WITH u AS (UPDATE reassessment_campaigns SET status = 'completed', report = $2, finished_at = now(), updated_at = now()
          WHERE id = $1 AND status = 'running' RETURNING processed) SELECT * FROM u`,
        [c.campaignId, JSON.stringify(report)],
      )) as unknown[];
      if (rows.length)
        await this.audit.append(
          {
            actorId: null,
            action: 'reassessment.completed',
            entityType: 'reassessment',
            entityId: c.campaignId,
            workflowId: c.campaignId,
            after: { byCategory: report.byCategory },
          },
          em,
        );
    });
    return report;
  }

  async fail(c: { campaignId: string; error: string }): Promise<void> {
    await this.ds.query(
      `UPDATE reassessment_campaigns SET status = 'failed', error = $2, finished_at = now(), updated_at = now() WHERE id = $1 AND status = 'running'`,
      [c.campaignId, c.error.slice(0, 2000)],
    );
  }

  /** What an exit needs: the approval stages, who may not approve, follow-up months, the file's worker. */
  async exitPlan(c: { fileId: string }): Promise<{
    stages: StageDef[];
    excluded: FourEyesExclusion[];
    followUpMonths: number[];
    workerId: string;
    causes: string[];
    caseworkerId: string;
    policyVersion: number;
  }> {
    const p = await this.policy.current();
    const [f] = (await this.ds.query(
      `SELECT f.worker_id, f.causes, f.caseworker_id, ${pairingLeadersOf('f.household_id')} AS pairing_leader_ids
         FROM hardship_files f WHERE f.id = $1`,
      [c.fileId],
    )) as Array<{
      worker_id: string;
      causes: string[];
      caseworker_id: string;
      pairing_leader_ids: string[];
    }>;
    if (!f) throw new DomainError(FailureType.NotFound, `file ${c.fileId} not found`);
    const excluded = fourEyesExclusions({
      caseworkerId: f.caseworker_id,
      pairingLeaderIds: f.pairing_leader_ids,
    });
    return {
      stages: p.data.reassessment.exitStages.map((code) => p.data.stages.find((s) => s.code === code)!),
      excluded,
      followUpMonths: p.data.reassessment.exitFollowUpMonths,
      workerId: f.worker_id,
      causes: f.causes,
      caseworkerId: f.caseworker_id,
      policyVersion: p.version,
    };
  }

  /**
   * Closes an active file with a reason when its registration workflow is not running (files
   * imported or seeded without one). A running file workflow is closed through its signal instead.
   */
  async closeFile(c: {
    fileId: string;
    workflowId: string;
    reason: CloseReason;
    note?: string;
  }): Promise<boolean> {
    return this.files.recordStatus({
      fileId: c.fileId,
      workflowId: c.workflowId,
      status: 'closed',
      reason: c.reason,
      details: c.note ? { note: c.note } : {},
      from: ['active'],
    });
  }

  /** A re-check or follow-up visit was done: the file's data is current again. */
  async recordVisit(c: { fileId: string; workflowId: string; kind: string }): Promise<void> {
    await this.files.markChecked(c);
  }

  /**
   * A decision on a direct re-check task (written by a set-based page, no workflow behind it), with
   * the checks the task board's validator makes: open and direct (else StaleTask), decision 'done'
   * (InvalidDecision), the caller holds the candidate or escalated role (DecisionForbidden), not
   * claimed by someone else (TaskClaimed). Completes the task and marks the file checked in one
   * transaction; answers the close reason the visitor reported (the caller closes the file).
   */
  async decideDirectRecheck(d: {
    taskId: string;
    decision: string;
    comment: string | null;
    outcome: Record<string, unknown> | null;
    actor: { userId: string; displayName: string; roles: string[] };
  }): Promise<{ fileId: string; workflowId: string; closeReason: CloseReason | null }> {
    return this.ds.transaction(async (em) => {
      const [t] = (await em.query(
        `SELECT subject_id, workflow_id, stage, status, candidate_role, escalated_role, assignee_id, payload
           FROM tasks WHERE id = $1 FOR UPDATE`,
        [d.taskId],
      )) as Array<{
        subject_id: string;
        workflow_id: string;
        stage: string;
        status: string;
        candidate_role: string;
        escalated_role: string | null;
        assignee_id: string | null;
        payload: { direct?: boolean } | null;
      }>;
      if (!t || t.status !== 'open' || t.payload?.direct !== true)
        throw new DomainError(FailureType.StaleTask, `task ${d.taskId} is not open for a decision`);
      if (d.decision !== 'done')
        throw new DomainError(FailureType.InvalidDecision, 'decision must be one of done');
      const roles = [t.candidate_role, ...(t.escalated_role ? [t.escalated_role] : [])];
      if (!roles.some((r) => d.actor.roles.includes(r)))
        throw new DomainError(
          FailureType.DecisionForbidden,
          `only a user with role ${roles.join(' or ')} may decide this task`,
        );
      if (t.assignee_id && t.assignee_id !== d.actor.userId)
        throw new DomainError(
          FailureType.TaskClaimed,
          'this task is claimed by another user; they must release it first',
        );
      await this.tasks.complete(
        {
          taskId: d.taskId,
          subjectType: 'hardship_file',
          subjectId: t.subject_id,
          workflowId: t.workflow_id,
          stage: t.stage,
          decision: d.decision,
          comment: d.comment,
          outcome: d.outcome,
          actor: { userId: d.actor.userId, displayName: d.actor.displayName },
        },
        em,
      );
      await em.query(`UPDATE hardship_files SET last_checked_at = now(), updated_at = now() WHERE id = $1`, [
        t.subject_id,
      ]);
      const reason = d.outcome?.closeReason;
      return {
        fileId: t.subject_id,
        workflowId: t.workflow_id,
        closeReason: isCloseReason(reason) && reason !== 'exit' ? reason : null,
      };
    });
  }

  /**
   * Claim, release or reassign a direct re-check task, with the task board's checks: claim by a
   * holder of the candidate (or escalated) role when nobody else holds it; release by the assignee or
   * a chair; reassign by a chair (the new assignee's role and scope checked by TasksRepository.assign).
   */
  async actOnDirectRecheck(a: {
    taskId: string;
    action: 'claim' | 'release' | 'reassign';
    toUserId?: string;
    actor: { userId: string; displayName: string; roles: string[] };
  }): Promise<{ taskId: string; assigneeId: string | null }> {
    const [t] = (await this.ds.query(
      `SELECT workflow_id, status, candidate_role, escalated_role, assignee_id, payload FROM tasks WHERE id = $1`,
      [a.taskId],
    )) as Array<{
      workflow_id: string;
      status: string;
      candidate_role: string;
      escalated_role: string | null;
      assignee_id: string | null;
      payload: { direct?: boolean } | null;
    }>;
    if (!t || t.status !== 'open' || t.payload?.direct !== true)
      throw new DomainError(FailureType.StaleTask, `task ${a.taskId} is not open`);
    const roles = [t.candidate_role, ...(t.escalated_role ? [t.escalated_role] : [])];
    const isChair = a.actor.roles.some((r) => ['branch_chair', 'union_chair', 'admin'].includes(r));
    if (a.action === 'claim') {
      if (!roles.some((r) => a.actor.roles.includes(r)))
        throw new DomainError(
          FailureType.DecisionForbidden,
          `only a user with role ${roles.join(' or ')} may claim this task`,
        );
      if (t.assignee_id && t.assignee_id !== a.actor.userId)
        throw new DomainError(FailureType.TaskClaimed, 'already claimed by another user');
    } else if (a.action === 'release') {
      if (!t.assignee_id) throw new DomainError(FailureType.StaleTask, 'the task is not claimed');
      if (t.assignee_id !== a.actor.userId && !isChair)
        throw new DomainError(FailureType.DecisionForbidden, 'only the assignee or a chair may release it');
    } else {
      if (!isChair)
        throw new DomainError(
          FailureType.DecisionForbidden,
          'only a chair or an administrator may reassign a task',
        );
      if (!a.toUserId) throw new DomainError(FailureType.InvalidDecision, 'toUserId is required to reassign');
    }
    const assigneeId = a.action === 'release' ? null : a.action === 'claim' ? a.actor.userId : a.toUserId!;
    await this.tasks.assign({
      taskId: a.taskId,
      workflowId: t.workflow_id,
      action: a.action,
      assigneeId,
      candidateRoles: roles,
      actor: { userId: a.actor.userId, displayName: a.actor.displayName },
    });
    return { taskId: a.taskId, assigneeId };
  }

  async recheckDueDays(): Promise<number> {
    return (await this.policy.current()).data.reassessment.recheckDueDays;
  }
}
