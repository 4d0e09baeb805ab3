import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../../../libs/config/config.module';
import type { AppConfig } from '../../../../libs/config/env';
import { isWithinScope } from '../../../../libs/domain/org-scope';
import type { PolicyData } from '../../../../libs/domain/policy-types';
import {
  OUTCOME_LABELS,
  OUTCOMES,
  type CloseReason,
  type OutcomeCounts,
} from '../../../../libs/domain/reassessment';
import { AuditRepository } from '../../../../libs/audit/audit.repository';
import type { CampaignReport } from '../../../../libs/reassessment/reassessment.repository';
import { ReassessmentRepository } from '../../../../libs/reassessment/reassessment.repository';
import { workflowIds } from '../../../../libs/temporal/ids';
import { closeFileUpdate } from '../../../../workflows/hardship-file.workflow';
import { fileExitWorkflow } from '../../../../workflows/file-review.workflow';
import { reassessmentCampaignWorkflow } from '../../../../workflows/reassessment.workflow';
import type { AuthUser } from '../auth/auth.decorators';
import { FailureType } from '../../../../libs/domain/errors';
import { onFailure, unlessFailure, WorkflowFailure } from '../common/temporal-failures';
import { ReassessmentErrorCode, ReassessmentExceptions } from './reassessments.exceptions';
import { AppException } from '../common/errors';
import { decodeCursor, type Page, toPage } from '../common/pagination';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import type { ListReassessmentsQueryDto } from './dto/reassessments.dto';
import type { ReassessmentDetailDto, ReassessmentViewDto } from './dto/reassessment.response';

interface Row {
  id: string;
  quarter: string | null;
  kind: 'quarterly' | 'policy_change';
  status: 'running' | 'completed' | 'failed';
  processed: number;
  total: number;
  policy_version: number | null;
  locality_codes: string[] | null;
  as_of: Date | null;
  started_at: Date;
  finished_at: Date | null;
  children_started: number;
  error: string | null;
  report: CampaignReport | null;
  unchanged: number;
  category_up: number;
  category_down: number;
  exit_proposed: number;
  stale: number;
  worse: number;
}

function view(r: Row): ReassessmentViewDto {
  return {
    id: r.id,
    quarter: r.quarter,
    kind: r.kind,
    status: r.status,
    processed: r.processed,
    total: r.total,
    policyVersion: r.policy_version,
    localityCodes: r.locality_codes,
    asOf: r.as_of?.toISOString() ?? null,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
  };
}

/** Campaigns: start a quarter by hand, list, progress and report; policy-change campaigns; file closing. */
@Injectable()
export class ReassessmentsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly records: ReassessmentRepository,
    private readonly audit: AuditRepository,
  ) {}

  /** Starts `reassessment:<quarter>` (reject-duplicate): 409 when that quarter was ever started. */
  async startQuarter(quarter: string, user: AuthUser): Promise<ReassessmentViewDto & { workflowId: string }> {
    const id = workflowIds.reassessmentQuarter(quarter);
    const duplicate = () => ReassessmentExceptions.duplicateQuarter(quarter, id);
    const [exists] = (await this.ds.query(`SELECT 1 FROM reassessment_campaigns WHERE id = $1`, [
      id,
    ])) as unknown[];
    if (exists) throw duplicate();
    await onFailure(
      this.temporal.workflow.start(reassessmentCampaignWorkflow, {
        workflowId: id,
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        workflowIdConflictPolicy: 'FAIL',
        args: [
          {
            campaignId: id,
            kind: 'quarterly',
            quarter,
            policyVersion: null,
            localityCodes: null,
            startedBy: user.userId,
          },
        ],
      }),
      { [WorkflowFailure.AlreadyStarted]: duplicate },
    );
    await this.ds.query(
      `INSERT INTO reassessment_campaigns (id, kind, quarter, status, started_by) VALUES ($1, 'quarterly', $2, 'running', $3)
       ON CONFLICT (id) DO NOTHING`,
      [id, quarter, user.userId],
    );
    await this.audit.append({
      actorId: user.userId,
      actorName: user.displayName,
      action: 'reassessment.started',
      entityType: 'reassessment',
      entityId: id,
      workflowId: id,
      after: { quarter },
    });
    return { ...(await this.get(id, user)), workflowId: id };
  }

  /**
   * After a policy version is published: when 低保 of any locality changed (or a locality was added),
   * starts `reassessment:policy-v<version>` over the active files of those localities with that
   * version (from its effective date). Returns the campaign id, or null when no 低保 changed.
   */
  async onPolicyPublished(
    previous: PolicyData | null,
    version: number,
    data: PolicyData,
    effectiveFrom: string | null,
    userId: string,
  ): Promise<string | null> {
    const before = new Map((previous?.localities ?? []).map((l) => [l.code, l.dibaoFenPerPersonMonth]));
    const changed = data.localities
      .filter((l) => before.get(l.code) !== l.dibaoFenPerPersonMonth)
      .map((l) => l.code);
    if (changed.length === 0) return null;
    const id = workflowIds.policyChangeReassessment(version);
    await this.ds.query(
      `INSERT INTO reassessment_campaigns (id, kind, policy_version, locality_codes, status, started_by)
       VALUES ($1, 'policy_change', $2, $3, 'running', $4) ON CONFLICT (id) DO NOTHING`,
      [id, version, changed, userId],
    );
    // started already (the same version published twice): nothing more to do
    await unlessFailure(
      this.temporal.workflow.start(reassessmentCampaignWorkflow, {
        workflowId: id,
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [
          {
            campaignId: id,
            kind: 'policy_change',
            quarter: null,
            policyVersion: version,
            localityCodes: changed,
            startedBy: userId,
            notBefore: effectiveFrom,
          },
        ],
      }),
      [WorkflowFailure.AlreadyStarted],
      () => undefined,
    );
    return id;
  }

  async list(q: ListReassessmentsQueryDto): Promise<Page<ReassessmentViewDto>> {
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, 2);
    const rows = (await this.ds.query(
      `SELECT * FROM reassessment_campaigns
        WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR status = $2)
          AND ($3::timestamptz IS NULL OR (started_at, id) < ($3::timestamptz, $4::text))
        ORDER BY started_at DESC, id DESC LIMIT $5`,
      [q.kind ?? null, q.status ?? null, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    )) as Row[];
    return toPage(rows.map(view), limit, (r) => [r.startedAt, r.id]);
  }

  /** One campaign: progress (processed/total, counts per outcome) and, when done, its report. */
  async get(idOrQuarter: string, user: AuthUser): Promise<ReassessmentDetailDto> {
    const id = idOrQuarter.startsWith('reassessment:') ? idOrQuarter : `reassessment:${idOrQuarter}`;
    const [r] = (await this.ds.query(`SELECT * FROM reassessment_campaigns WHERE id = $1`, [id])) as Row[];
    if (!r) throw ReassessmentExceptions.notFound(id);
    const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, r[o]])) as OutcomeCounts;
    let report: CampaignReport | undefined;
    if (r.report) {
      const units = (await this.ds.query(`SELECT id, path FROM org_units WHERE id = ANY ($1::uuid[])`, [
        r.report.byOrgUnit.map((u) => u.orgUnitId),
      ])) as Array<{ id: string; path: string }>;
      const visible = new Set(units.filter((u) => isWithinScope(user.orgPath, u.path)).map((u) => u.id));
      report = { ...r.report, byOrgUnit: r.report.byOrgUnit.filter((u) => visible.has(u.orgUnitId)) };
    }
    return {
      ...view(r),
      outcomes,
      outcomeLabels: OUTCOME_LABELS,
      childrenStarted: r.children_started,
      error: r.error,
      ...(report ? { report } : {}),
    };
  }

  private async activeFile(fileId: string, user: AuthUser) {
    const [f] = (await this.ds.query(
      `SELECT f.id, f.status, f.workflow_id, f.file_no, f.causes, o.path FROM hardship_files f JOIN org_units o ON o.id = f.org_unit_id WHERE f.id = $1`,
      [fileId],
    )) as Array<{
      id: string;
      status: string;
      workflow_id: string;
      file_no: string;
      causes: string[];
      path: string;
    }>;
    if (!f || !isWithinScope(user.orgPath, f.path)) throw ReassessmentExceptions.fileNotFound(fileId);
    if (f.status !== 'active') throw ReassessmentExceptions.fileNotActive(f.file_no, f.status);
    return f;
  }

  /** Closes an active file with a reason (retired, moved, deceased, unreachable). */
  async close(
    fileId: string,
    reason: Exclude<CloseReason, 'exit'>,
    note: string | undefined,
    user: AuthUser,
  ) {
    const f = await this.activeFile(fileId, user);
    const r = await unlessFailure(
      onFailure(
        this.temporal.workflow.getHandle(f.workflow_id).executeUpdate(closeFileUpdate, {
          args: [{ reason, actor: { userId: user.userId, roles: user.roles } }],
        }),
        { [FailureType.DecisionForbidden]: () => ReassessmentExceptions.closeForbidden() },
      ),
      [WorkflowFailure.NotRunning, FailureType.StaleTask],
      async () => {
        // no registration workflow running for this file (seeded or imported): close it in the records
        await this.records.closeFile({ fileId, workflowId: f.workflow_id, reason, note });
        return { status: 'closed' };
      },
    );
    return { id: fileId, status: r.status, closeReason: reason };
  }

  /** Proposes an exit by hand (outside a campaign): the same approval and follow-up workflow. */
  async proposeExit(fileId: string, user: AuthUser): Promise<{ id: string; workflowId: string }> {
    await this.activeFile(fileId, user);
    const [open] = (await this.ds.query(
      `SELECT workflow_id FROM tasks WHERE subject_type = 'hardship_file' AND subject_id = $1 AND type = 'exit_approval' AND status = 'open' LIMIT 1`,
      [fileId],
    )) as Array<{ workflow_id: string }>;
    if (open) throw ReassessmentExceptions.exitAwaitingApproval(open.workflow_id);
    const [{ version }] = (await this.ds.query(
      `SELECT max(version) AS version FROM policy_versions`,
    )) as Array<{
      version: number;
    }>;
    const workflowId = workflowIds.reassessmentReview('manual', 'exit', fileId);
    await onFailure(
      this.temporal.workflow.start(fileExitWorkflow, {
        workflowId,
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
        args: [{ fileId, campaignId: 'manual', policyVersion: version }],
      }),
      { [WorkflowFailure.AlreadyStarted]: () => ReassessmentExceptions.exitUnderWay(workflowId) },
    );
    return { id: fileId, workflowId };
  }

  async setResolvedCauses(
    fileId: string,
    causes: string[],
    user: AuthUser,
  ): Promise<{ id: string; resolvedCauses: string[] }> {
    const f = await this.activeFile(fileId, user);
    const unknown = causes.filter((c) => !f.causes.includes(c));
    if (unknown.length)
      throw AppException.validation(
        unknown.map((c) => ({
          field: 'causes',
          rule: ReassessmentErrorCode.FileCause,
          message: `"${c}" is not a cause of this file (${f.causes.join(', ')})`,
        })),
      );
    await this.ds.transaction(async (em) => {
      await em.query(`UPDATE hardship_files SET resolved_causes = $2, updated_at = now() WHERE id = $1`, [
        fileId,
        causes,
      ]);
      await this.audit.append(
        {
          actorId: user.userId,
          actorName: user.displayName,
          action: 'file.causes_resolved',
          entityType: 'hardship_file',
          entityId: fileId,
          workflowId: f.workflow_id,
          after: { resolvedCauses: causes },
        },
        em,
      );
    });
    return { id: fileId, resolvedCauses: causes };
  }
}
