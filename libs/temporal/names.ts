/**
 * Temporal names shared by the API, the worker and the workflows. Plain constants: safe to import
 * from workflow code.
 */
export const DEFAULT_TASK_QUEUE = 'bangfu';

/** Custom search attributes registered on the namespace (all Keyword). */
export const SEARCH_ATTRIBUTES = {
  caseStatus: 'BangfuCaseStatus',
  program: 'BangfuProgram',
  orgUnit: 'BangfuOrgUnit',
} as const;

export const SEARCH_ATTRIBUTE_NAMES: readonly string[] = Object.values(SEARCH_ATTRIBUTES);

export const WORKFLOW_TYPES = {
  aidCase: 'aidCaseWorkflow',
} as const;
