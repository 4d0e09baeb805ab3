import type { EntityManager } from 'typeorm';

/**
 * What other features do to help plans (帮扶计划) in their own transactions. A hardship file that
 * ends (closed on exit, rejected, withdrawn: FilesRepository.recordStatus) drops the measures still
 * open on it, and their tasks leave the owners' inboxes.
 */
export async function dropOpenMeasures(em: EntityManager, fileId: string): Promise<void> {
  await em.query(
    `WITH dropped AS (
       UPDATE help_measures SET status = 'dropped', updated_at = now()
        WHERE file_id = $1 AND status IN ('planned','in_progress') RETURNING task_id)
     UPDATE tasks SET status = 'cancelled', completed_at = now()
      WHERE id IN (SELECT task_id FROM dropped) AND status = 'open'`,
    [fileId],
  );
}
