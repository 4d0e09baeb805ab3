import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OPEN_CASE_STATUSES } from '../domain/aid-case';
import { orgPath } from '../domain/org-scope';
import type { OrgUnitKindCode } from '../domain/org-tree';
import { fileIsOpenSql } from '../domain/file-status';

export interface OrgUnitRow {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  kind: OrgUnitKindCode;
  parentId: string | null;
  path: string;
  active: boolean;
  depth: number;
}

/** Open work in a subtree: what keeps a unit from being deactivated. */
export interface OpenWork {
  files: number;
  cases: number;
  loans: number;
  tasks: number;
  total: number;
}

/** Loan statuses with work still to do (approval, disbursement, collection). */
const OPEN_LOAN_STATUSES = [
  'pending_approval',
  'awaiting_funds',
  'awaiting_disbursement',
  'active',
  'overdue',
];

const SELECT = `SELECT id, code, name_zh AS "nameZh", name_en AS "nameEn", kind, parent_id AS "parentId", path, active,
                       (length(path) - length(replace(path, '.', '')))::int AS depth
                  FROM org_units`;

/** The org tree (组织架构): SQL only. Scope is the materialised path (libs/domain/org-scope.ts). */
@Injectable()
export class OrgRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The units at or below `scopePath`, parents before children. */
  async subtree(scopePath: string, em: EntityManager = this.ds.manager): Promise<OrgUnitRow[]> {
    return (await em.query(`${SELECT} WHERE path = $1 OR path LIKE $1 || '.%' ORDER BY path, code`, [
      scopePath,
    ])) as OrgUnitRow[];
  }

  async find(id: string, em: EntityManager = this.ds.manager, lock = false): Promise<OrgUnitRow | undefined> {
    const [row] = (await em.query(`${SELECT} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [
      id,
    ])) as OrgUnitRow[];
    return row;
  }

  async codeTaken(code: string, em: EntityManager = this.ds.manager): Promise<boolean> {
    const rows = (await em.query(`SELECT 1 FROM org_units WHERE code = $1`, [code])) as unknown[];
    return rows.length > 0;
  }

  async insert(
    u: {
      code: string;
      nameZh: string;
      nameEn: string;
      kind: OrgUnitKindCode;
      parentId: string;
      parentPath: string;
    },
    em: EntityManager,
  ): Promise<string> {
    const [row] = (await em.query(
      `INSERT INTO org_units (code, name_zh, name_en, kind, parent_id, path) VALUES ($1, $2, $3, $4, $5, 'pending:' || gen_random_uuid())
       RETURNING id`,
      [u.code, u.nameZh, u.nameEn, u.kind, u.parentId],
    )) as Array<{ id: string }>;
    await em.query(`UPDATE org_units SET path = $2 WHERE id = $1`, [row!.id, orgPath(u.parentPath, row!.id)]);
    return row!.id;
  }

  async rename(id: string, names: { nameZh?: string; nameEn?: string }, em: EntityManager): Promise<void> {
    await em.query(
      `UPDATE org_units SET name_zh = COALESCE($2, name_zh), name_en = COALESCE($3, name_en), updated_at = now() WHERE id = $1`,
      [id, names.nameZh ?? null, names.nameEn ?? null],
    );
  }

  /**
   * Moves a subtree: the unit's parent, and every path under the old prefix (units, and the tasks
   * that keep a copy of their unit's path for the inbox, and the audit log's rows) rewritten to the new prefix, in one statement
   * each, inside the caller's transaction. Answers how many units moved.
   */
  async moveSubtree(
    c: { id: string; newParentId: string; oldPath: string; newPath: string },
    em: EntityManager,
  ): Promise<number> {
    await em.query(`UPDATE org_units SET parent_id = $2, updated_at = now() WHERE id = $1`, [
      c.id,
      c.newParentId,
    ]);
    const [moved] = (await em.query(
      `WITH m AS (UPDATE org_units SET path = $2 || substr(path, length($1) + 1)
                   WHERE path = $1 OR path LIKE $1 || '.%' RETURNING id)
       SELECT count(*)::int AS n FROM m`,
      [c.oldPath, c.newPath],
    )) as Array<{ n: number }>;
    await em.query(
      `UPDATE tasks SET org_path = $2 || substr(org_path, length($1) + 1)
        WHERE org_path = $1 OR org_path LIKE $1 || '.%'`,
      [c.oldPath, c.newPath],
    );
    // the units' history follows them: the audit log's derived org_path (what scopes an auditor's
    // reads) is the one column its append-only trigger lets change (migration 1765850000000)
    await em.query(
      `UPDATE audit_log SET org_path = $2 || substr(org_path, length($1) + 1)
        WHERE org_path = $1 OR org_path LIKE $1 || '.%'`,
      [c.oldPath, c.newPath],
    );
    return moved!.n;
  }

  /** Open files, cases, loans and tasks anywhere in the subtree at `path`. */
  async openWork(path: string, em: EntityManager = this.ds.manager): Promise<OpenWork> {
    const [r] = (await em.query(
      `WITH s AS (SELECT id FROM org_units WHERE path = $1 OR path LIKE $1 || '.%')
       SELECT (SELECT count(*) FROM hardship_files WHERE org_unit_id IN (SELECT id FROM s)
                 AND ${fileIsOpenSql('status')})::int AS files,
              (SELECT count(*) FROM aid_cases WHERE org_unit_id IN (SELECT id FROM s) AND status = ANY ($2::text[]))::int AS cases,
              (SELECT count(*) FROM loans WHERE org_unit_id IN (SELECT id FROM s) AND status = ANY ($3::text[]))::int AS loans,
              (SELECT count(*) FROM tasks WHERE org_unit_id IN (SELECT id FROM s) AND status = 'open')::int AS tasks`,
      [path, OPEN_CASE_STATUSES, OPEN_LOAN_STATUSES],
    )) as Array<Omit<OpenWork, 'total'>>;
    return { ...r!, total: r!.files + r!.cases + r!.loans + r!.tasks };
  }

  /** Deactivates the unit and its whole subtree (rows stay; history keeps pointing at them). */
  async deactivateSubtree(path: string, em: EntityManager): Promise<number> {
    const [r] = (await em.query(
      `WITH d AS (UPDATE org_units SET active = false, deactivated_at = now(), updated_at = now()
                   WHERE (path = $1 OR path LIKE $1 || '.%') AND active RETURNING id)
       SELECT count(*)::int AS n FROM d`,
      [path],
    )) as Array<{ n: number }>;
    return r!.n;
  }

  async reactivate(id: string, em: EntityManager): Promise<void> {
    await em.query(
      `UPDATE org_units SET active = true, deactivated_at = NULL, updated_at = now() WHERE id = $1`,
      [id],
    );
  }
}
