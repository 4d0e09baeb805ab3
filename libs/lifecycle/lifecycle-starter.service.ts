import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { workflowIds } from '../temporal/ids';
import { recertificationWorkflow } from '../../workflows/recertification.workflow';
import { fileClosedSignal, recheckCompletedSignal, subsidyWorkflow } from '../../workflows/subsidy.workflow';
import { PolicyRepository } from '../policy/policy.repository';

type Kind = 'subsidy' | 'recertification';

/**
 * Starts the per-file workflows of an active file — `recertification:<fileId>` for every one,
 * `subsidy:<fileId>` when the policy grants its category a regular subsidy — and records them in
 * file_lifecycle_workflows, so the daily sweep only looks at files still missing one. Starting is
 * idempotent (an already running workflow is used as it is).
 */
@Injectable()
export class LifecycleStarterService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly policy: PolicyRepository,
  ) {}

  private async subsidyCategories(): Promise<string[]> {
    const { data } = await this.policy.current();
    return data.subsidy.amounts.map((a) => a.category);
  }

  private async start(client: Client, taskQueue: string, fileId: string, kind: Kind): Promise<void> {
    const options = { taskQueue, workflowIdConflictPolicy: 'USE_EXISTING' as const };
    if (kind === 'subsidy') {
      await client.workflow.start(subsidyWorkflow, {
        ...options,
        workflowId: workflowIds.subsidy(fileId),
        args: [{ fileId }],
      });
    } else {
      await client.workflow.start(recertificationWorkflow, {
        ...options,
        workflowId: workflowIds.recertification(fileId),
        args: [{ fileId }],
      });
    }
    await this.ds.query(
      `INSERT INTO file_lifecycle_workflows (file_id, kind, workflow_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [fileId, kind, kind === 'subsidy' ? workflowIds.subsidy(fileId) : workflowIds.recertification(fileId)],
    );
  }

  private async missing(
    categories: string[],
    afterId: string | null,
    limit: number,
    fileId: string | null,
  ): Promise<Array<{ id: string; kinds: Kind[] }>> {
    const rows = (await this.ds.query(
      `SELECT f.id,
              NOT EXISTS (SELECT 1 FROM file_lifecycle_workflows l WHERE l.file_id = f.id AND l.kind = 'recertification') AS need_recert,
              (f.category = ANY($2::text[]) AND NOT EXISTS (SELECT 1 FROM file_lifecycle_workflows l WHERE l.file_id = f.id AND l.kind = 'subsidy')) AS need_subsidy
         FROM hardship_files f
        WHERE f.status = 'active' AND ($1::uuid IS NULL OR f.id > $1) AND ($4::uuid IS NULL OR f.id = $4)
          AND (NOT EXISTS (SELECT 1 FROM file_lifecycle_workflows l WHERE l.file_id = f.id AND l.kind = 'recertification')
               OR (f.category = ANY($2::text[]) AND NOT EXISTS (SELECT 1 FROM file_lifecycle_workflows l WHERE l.file_id = f.id AND l.kind = 'subsidy')))
        ORDER BY f.id LIMIT $3`,
      [afterId, categories, limit, fileId],
    )) as Array<{ id: string; need_recert: boolean; need_subsidy: boolean }>;
    return rows.map((r) => ({
      id: r.id,
      kinds: [
        ...(r.need_subsidy ? (['subsidy'] as const) : []),
        ...(r.need_recert ? (['recertification'] as const) : []),
      ],
    }));
  }

  async ensureForFile(client: Client, taskQueue: string, fileId: string): Promise<Kind[]> {
    const [row] = await this.missing(await this.subsidyCategories(), null, 1, fileId);
    for (const kind of row?.kinds ?? []) await this.start(client, taskQueue, fileId, kind);
    return row?.kinds ?? [];
  }

  /** One keyset page of active files; answers how many workflows it started and where to go on. */
  async ensurePage(
    client: Client,
    taskQueue: string,
    afterId: string | null,
    limit: number,
  ): Promise<{ files: number; started: number; nextAfterId: string | null }> {
    const categories = await this.subsidyCategories();
    const rows = await this.missing(categories, afterId, limit, null);
    let started = 0;
    for (const r of rows) {
      for (const kind of r.kinds) {
        await this.start(client, taskQueue, r.id, kind);
        started++;
      }
    }
    return {
      files: rows.length,
      started,
      nextAfterId: rows.length === limit ? rows[rows.length - 1]!.id : null,
    };
  }

  /** Tells a closed file's workflows to end (those not running are fine as they are). */
  async signalClosed(client: Client, fileId: string): Promise<void> {
    for (const id of [workflowIds.subsidy(fileId), workflowIds.recertification(fileId)]) {
      await client.workflow
        .getHandle(id)
        .signal(fileClosedSignal)
        .catch((err: unknown) => {
          if (!(err instanceof WorkflowNotFoundError)) throw err;
        });
    }
  }

  /**
   * For the re-assessment campaign: a file's re-check visit was completed, so a suspended regular
   * subsidy may be paid now rather than at the workflow's next daily look. No subsidy workflow: no-op.
   */
  async recheckCompleted(client: Client, fileId: string): Promise<void> {
    await client.workflow
      .getHandle(workflowIds.subsidy(fileId))
      .signal(recheckCompletedSignal)
      .catch((err: unknown) => {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      });
  }
}
