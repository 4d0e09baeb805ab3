import type { DataSource } from 'typeorm';
import { timelineLabel } from './timeline-labels';

/** One entry of a subject's timeline (from the audit log), with zh/en labels. */
export interface TimelineEventView {
  type: string;
  label: { zh: string; en: string };
  actorId: string | null;
  actorName: string | null;
  data: Record<string, unknown>;
  at: string;
}

/** A subject's timeline from the audit log, with Chinese and English labels. */
export async function timelineOf(
  ds: DataSource,
  entityType: string,
  id: string,
): Promise<TimelineEventView[]> {
  const rows = (await ds.query(
    `SELECT action AS type, actor_id AS "actorId", actor_name AS "actorName", COALESCE(after, '{}'::jsonb) || details AS data, at
       FROM audit_log WHERE entity_type = $1 AND entity_id = $2 ORDER BY id`,
    [entityType, id],
  )) as Array<Omit<TimelineEventView, 'at' | 'label'> & { at: Date }>;
  return rows.map((r) => ({ ...r, label: timelineLabel(r.type, r.data), at: r.at.toISOString() }));
}
