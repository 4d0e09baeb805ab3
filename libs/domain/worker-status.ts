/**
 * Employment status of a member (职工): active, left (离职) or retired (退休). A worker who has left or
 * retired keeps every open file, case and loan (open work stays visible and is finished), but no new
 * hardship file, aid application or loan is accepted for them. Checked by file opening, by the aid
 * eligibility rules (libs/domain/eligibility.ts, API and workflow alike) and by loan applications.
 *
 * Pure and deterministic: no I/O.
 */
export const WORKER_STATUSES = ['active', 'left', 'retired'] as const;
export type WorkerStatus = (typeof WORKER_STATUSES)[number];

export const WORKER_STATUS_LABELS: Record<WorkerStatus, { zh: string; en: string }> = {
  active: { zh: '在职', en: 'active' },
  left: { zh: '已离职', en: 'left' },
  retired: { zh: '已退休', en: 'retired' },
};

/** The rule a refusal names. */
export const WORKER_ACTIVE_RULE = 'worker_active';

/** Why a new application for this worker is refused, or null when the worker is active. */
export function workerStatusRefusal(
  status: string | null | undefined,
): { field: 'workerId'; rule: typeof WORKER_ACTIVE_RULE; message: string } | null {
  if (status === undefined || status === null || status === 'active') return null;
  const label = WORKER_STATUS_LABELS[status as WorkerStatus] ?? { zh: status, en: status };
  return {
    field: 'workerId',
    rule: WORKER_ACTIVE_RULE,
    message: `the worker is ${label.en} (${label.zh}): open work continues, but no new file, application or loan is accepted`,
  };
}
