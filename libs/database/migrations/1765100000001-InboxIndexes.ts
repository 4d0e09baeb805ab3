import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inbox (GET /api/tasks) at 100,000 open tasks: one partial index per way a task reaches a user
 * (its candidate role, its escalated role, its assignee), each in the page order (created_at, id)
 * with the org path included, so each branch of the inbox query reads its first page in order and
 * filters the subtree from the index (apps/api/src/tasks/tasks.service.ts TASK_LIST_SQL; plans in
 * docs/performance.md).
 */
export class InboxIndexes1765100000001 implements MigrationInterface {
  name = 'InboxIndexes1765100000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX tasks_inbox_role ON tasks (candidate_role, created_at, id) INCLUDE (org_path) WHERE status = 'open'`,
    );
    await q.query(
      `CREATE INDEX tasks_inbox_escalated ON tasks (escalated_role, created_at, id) INCLUDE (org_path)
        WHERE status = 'open' AND escalated_role IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX tasks_inbox_assignee ON tasks (assignee_id, created_at, id) INCLUDE (org_path)
        WHERE status = 'open' AND assignee_id IS NOT NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tasks_inbox_assignee`);
    await q.query(`DROP INDEX tasks_inbox_escalated`);
    await q.query(`DROP INDEX tasks_inbox_role`);
  }
}
