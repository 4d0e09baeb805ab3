import type {
  CaseRecordsService,
  CaseSubmission,
  DecisionRecord,
} from '../libs/records/case-records.service';
import type { Role } from '../libs/domain/roles';

/** Aid-case activities: thin wrappers over the records service (which holds the idempotent writes). */
export function createCaseActivities({ cases }: { cases: CaseRecordsService }) {
  return {
    async recordCaseSubmitted(s: CaseSubmission): Promise<{ caseNo: string; orgUnitId: string }> {
      return cases.recordSubmitted(s);
    },
    async openApprovalTask(a: {
      caseId: string;
      workflowId: string;
      stage: string;
      candidateRole: Role;
    }): Promise<{
      taskId: string;
    }> {
      return cases.openApprovalTask(a);
    },
    async recordDecision(d: DecisionRecord): Promise<void> {
      return cases.recordDecision(d);
    },
  };
}

export type CaseActivities = ReturnType<typeof createCaseActivities>;
