import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PolicyRepository } from '../policy/policy.repository';

export type LifecycleKind = 'subsidy' | 'recertification';
type Kind = LifecycleKind;

/**
 * Which per-file workflows an active file is missing — `recertification:<fileId>` for every one,
 * `subsidy:<fileId>` when the policy grants its category a regular subsidy — and the record of those
 * started (file_lifecycle_workflows), so the daily sweep only looks at files still missing one. SQL
 * only: the workflows start them (workflows/lifecycle-children.ts).
 */
@Injectable()
export class LifecycleWorkflowsRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly policy: PolicyRepository,
  ) {}

  private async subsidyCategories(): Promise<string[]> {
    const { data } = await this.policy.current();
    return data.subsidy.amounts.map((a) => a.category);
  }

  async missing(
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

  /** The workflows one active file is missing (none for a file that is not active). */
  async missingFor(fileId: string): Promise<Kind[]> {
    const [row] = await this.missing(await this.subsidyCategories(), null, 1, fileId);
    return row?.kinds ?? [];
  }

  /** One keyset page of active files missing a workflow, and where the next page starts. */
  async page(
    afterId: string | null,
    limit: number,
  ): Promise<{ files: Array<{ id: string; kinds: Kind[] }>; nextAfterId: string | null }> {
    const rows = await this.missing(await this.subsidyCategories(), afterId, limit, null);
    return {
      files: rows,
      nextAfterId: rows.length === limit ? rows[rows.length - 1]!.id : null,
    };
  }

  /** Records a started per-file workflow (idempotent). */
  async record(fileId: string, kind: Kind, workflowId: string): Promise<void> {
    await this.ds.query(
      `INSERT INTO file_lifecycle_workflows (file_id, kind, workflow_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [fileId, kind, workflowId],
    );
  }
}
