import type { EntityManager } from 'typeorm';
import type { AuditEntry, AuditRepository } from './audit.repository';

/**
 * The one way a subject's status is written: the feature's guarded UPDATE of its own row (a no-op
 * when the row is already in that status) and, only when it changed something, the timeline event
 * (`<subject>.status` in the audit log), in the caller's transaction. Retried activities therefore
 * leave one row change and one event. The search attribute is upserted by the workflow itself
 * right after its status activity returns (workflow code only).
 *
 * `update` is an `UPDATE … WHERE … RETURNING id` over the feature's own table.
 */
export async function writeStatus(
  em: EntityManager,
  audit: AuditRepository,
  w: { update: string; params: unknown[]; event: AuditEntry },
): Promise<boolean> {
  // as a CTE the statement answers plain rows (TypeORM answers a bare UPDATE … RETURNING as [rows, count])
  const rows = (await em.query(`WITH changed AS (${w.update}) SELECT * FROM changed`, w.params)) as unknown[];
  if (rows.length === 0) return false;
  await audit.append(w.event, em);
  return true;
}
