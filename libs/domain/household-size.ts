/**
 * Household size (家庭人口) for the per-capita figures: derived from the records, never typed.
 * Every worker registered in the household counts, plus every household member (家庭成员) who has not
 * been removed and is not one of those workers (a member row linked to a worker is the same person).
 * `households.member_count` holds this figure, recomputed by `householdSizeSql` in the same
 * transaction as every change of a member or of a worker's household (libs/households).
 *
 * Pure and deterministic: no I/O.
 */
export function householdSize(h: { workers: number; otherMembers: number }): number {
  return h.workers + h.otherMembers;
}

/** The same figure as an SQL expression for the household whose id is `householdId` (an SQL expression). */
export function householdSizeSql(householdId: string): string {
  return `((SELECT count(*) FROM workers w WHERE w.household_id = ${householdId})
         + (SELECT count(*) FROM household_members m
             WHERE m.household_id = ${householdId} AND m.removed_at IS NULL AND m.worker_id IS NULL))::int`;
}
