/**
 * Status of a hardship file (困难职工档案) as the read model shows it, and which statuses are open
 * (at most one open file per household and per person, 一户一档) and which end the file. Every query
 * that asks "does this worker or household have a file now" uses `fileIsOpenSql`.
 */
export const OPEN_FILE_STATUSES = [
  'investigating',
  'pending_approval',
  'returned',
  'in_notice',
  'active',
] as const;

/** A file in one of these has ended: closed on exit, rejected, or withdrawn by its caseworker. */
export const ENDED_FILE_STATUSES = ['rejected', 'withdrawn', 'closed'] as const;

export type FileStatus = (typeof OPEN_FILE_STATUSES)[number] | (typeof ENDED_FILE_STATUSES)[number];

export function fileHasEnded(status: string): boolean {
  return (ENDED_FILE_STATUSES as readonly string[]).includes(status);
}

/** The ended statuses as an SQL list: ('rejected','withdrawn','closed'). */
const ENDED_SQL = `(${ENDED_FILE_STATUSES.map((s) => `'${s}'`).join(',')})`;

/** SQL: the file's status column (e.g. `f.status`) is not an ended one. */
export const fileIsOpenSql = (statusColumn: string): string => `${statusColumn} NOT IN ${ENDED_SQL}`;

/** SQL: the status expression (e.g. `$2`) is an ended one. */
export const fileHasEndedSql = (statusExpr: string): string => `${statusExpr} IN ${ENDED_SQL}`;
