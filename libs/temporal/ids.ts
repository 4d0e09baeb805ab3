/** Workflow IDs come from business keys, never from time or randomness. */
export const workflowIds = {
  aidCase: (caseId: string): string => `aid-case:${caseId}`,
  hardshipFile: (fileId: string): string => `hardship-file:${fileId}`,
  loan: (loanId: string): string => `loan:${loanId}`,
  reassessment: (year: number, quarter: 1 | 2 | 3 | 4): string => `reassessment:${year}Q${quarter}`,
  subsidy: (fileId: string): string => `subsidy:${fileId}`,
  recertification: (fileId: string): string => `recertification:${fileId}`,
  earlyWarning: (eventId: string): string => `early-warning:${eventId}`,
  lifecycleSweep: (): string => 'lifecycle-sweep',
  /** A holiday campaign (节日送温暖) by its code, e.g. "2027-spring". */
  campaign: (code: string): string => `campaign:${code}`,
  /** A pairing (结对帮扶) of a leader with a household, by its pairings id (also pairings.workflow_id). */
  pairing: (pairingId: string): string => `pairing:${pairingId}`,
  /** A quarter given as "2026Q4". */
  reassessmentQuarter: (quarter: string): string => `reassessment:${quarter}`,
  policyChangeReassessment: (policyVersion: number): string => `reassessment:policy-v${policyVersion}`,
  /** A person's step a campaign needs for one file: kind recheck | exit | escalation. */
  reassessmentReview: (campaignId: string, kind: string, fileId: string): string =>
    `${campaignId}:${kind}:${fileId}`,
  /** An HR import (roster 花名册 or payroll 工资收入) by its hr_imports id. */
  hrImport: (kind: 'roster' | 'payroll', importId: string): string => `${kind}-import:${importId}`,
  reassessmentSchedule: (taskQueue: string): string =>
    taskQueue === 'bangfu' ? 'reassessment-quarterly' : `reassessment-quarterly@${taskQueue}`,
};

export function caseIdFromWorkflowId(workflowId: string): string | null {
  const m = /^aid-case:(.+)$/.exec(workflowId);
  return m ? m[1]! : null;
}
