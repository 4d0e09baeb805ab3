/**
 * Evidence a hardship file needs before it can go to approval (建档依据): household members on record
 * and at least one income entry in the income window (libs/domain/income-window.ts). When the home visit
 * confirmed otherwise (the worker lives alone, the household has no income at all) the caseworker records
 * why in the investigation's evidence note, and the file may proceed with the note shown to approvers.
 *
 * Pure and deterministic: no I/O.
 */
export interface FileEvidence {
  /** Household members on record besides the worker(s) (not removed). */
  otherMembers: number;
  /** Income entries (net of reversals, any amount) in the income window. */
  incomeEntriesInWindow: number;
  /** The caseworker's note on why evidence is missing (trimmed; empty = none). */
  evidenceNote: string | null | undefined;
}

export type EvidenceGap = 'householdMembers' | 'incomeInWindow';

export const EVIDENCE_GAP_LABELS: Record<EvidenceGap, string> = {
  householdMembers: 'householdMembers (家庭成员)',
  incomeInWindow: 'incomeInWindow (近12个月收入记录)',
};

/** The evidence that is missing and not explained by a note (empty: the file may be submitted). */
export function missingEvidence(e: FileEvidence): EvidenceGap[] {
  if (e.evidenceNote && e.evidenceNote.trim().length > 0) return [];
  const gaps: EvidenceGap[] = [];
  if (e.otherMembers < 1) gaps.push('householdMembers');
  if (e.incomeEntriesInWindow < 1) gaps.push('incomeInWindow');
  return gaps;
}
