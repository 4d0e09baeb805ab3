/**
 * Names for the API's payloads, all from the generated OpenAPI types (./schema.d.ts): nothing here
 * is written by hand. Change the API's DTOs, then run `npm run api:types`.
 */
import type { components, paths } from './schema';

type Schemas = components['schemas'];

/** The query parameters of `GET path`. */
export type QueryOf<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } }
  ? NonNullable<Q>
  : never;

export type ErrorBody = Schemas['ErrorBodyDto'];
export type ErrorDetail = Schemas['ErrorDetailDto'];
export type Label = Schemas['LabelDto'];
export type TimelineEvent = Schemas['TimelineEventDto'];

export type SessionUser = Schemas['SessionUserDto'];
export type LoginResponse = Schemas['LoginResponseDto'];

export type WorkerView = Schemas['WorkerViewDto'];
export type HouseholdView = Schemas['HouseholdViewDto'];
export type ProgramView = Schemas['ProgramViewDto'];
export type AttachmentView = Schemas['AttachmentViewDto'];

export type FileView = Schemas['FileViewDto'];
export type FileDetail = Schemas['FileDetailDto'];
export type FileQuery = QueryOf<'/api/files'>;
export type FileCause = Schemas['OpenFileDto']['causes'][number];

export type CaseStatus = Schemas['CaseStatus'];
export type CaseView = Schemas['CaseViewDto'];
export type CaseDetail = Schemas['CaseDetailDto'];

export type TaskView = Schemas['TaskViewDto'];
export type TaskContext = Schemas['TaskContextDto'];
export type DecideBody = Schemas['DecideDto'];

export type EarlyWarningKind = Schemas['EarlyWarningKind'];
export type EarlyWarningView = Schemas['EarlyWarningViewDto'];
export type EarlyWarningDetail = Schemas['EarlyWarningDetailDto'];

export type LoanStatus = Schemas['LoanStatus'];
export type LoanView = Schemas['LoanViewDto'];
export type LoanDetail = Schemas['LoanDetailDto'];
export type AgingBucket = Schemas['AgingBucket'];
export type AgingReport = Schemas['AgingReportDto'];
export type Statement = Schemas['StatementDto'];
export type FundBalance = Schemas['FundBalanceDto'];
export type BudgetVsActualRow = Schemas['BudgetVsActualRowDto'];
export type ImportView = Schemas['ImportViewDto'];

export type Campaign = Schemas['ReassessmentViewDto'];
export type CampaignDetail = Schemas['ReassessmentDetailDto'];
export type ReportOrgUnitRow = Schemas['ReportOrgUnitRowDto'];
export type ReportCategoryRow = Schemas['ReportCategoryRowDto'];

// members, households, org tree (issue 11)
export type OrgUnitView = Schemas['OrgUnitViewDto'];
export type OrgUnitKind = Schemas['CreateOrgUnitDto']['kind'];
export type RegisterWorkerBody = Schemas['RegisterWorkerDto'];
export type MemberBody = Schemas['MemberDto'];
export type HouseholdMember = Schemas['HouseholdMemberDto'];
export type HouseholdIncome = Schemas['HouseholdIncomeDto'];
export type HouseholdExpense = Schemas['HouseholdExpenseDto'];
export type CategoryPreview = Schemas['CategoryPreviewDto'];
// accounts and audit (issue 11: users, auditor views)
export type UserView = Schemas['UserViewDto'];
export type AssignableUnit = Schemas['AssignableUnitDto'];
export type CreateUserBody = Schemas['CreateUserDto'];
export type UpdateUserBody = Schemas['UpdateUserDto'];
export type AuditEntry = Schemas['AuditEntryDto'];
export type AuditQuery = QueryOf<'/api/audit'>;
export type LoginLogEntry = Schemas['LoginLogEntryDto'];
export type LoginLogQuery = QueryOf<'/api/audit/logins'>;
// holiday campaigns (送温暖)
export type HolidayCampaignView = Schemas['HolidayCampaignViewDto'];
export type HolidayCampaignUnitProgress = Schemas['HolidayCampaignUnitProgressDto'];
export type HolidayCampaignRecipient = Schemas['HolidayCampaignRecipientDto'];
export type DisclosedRecipient = Schemas['DisclosedRecipientDto'];
export type FundUsageRow = Schemas['FundUsageRowDto'];

export type HelpPlanView = Schemas['HelpPlanViewDto'];
export type PlanMeasure = Schemas['PlanMeasureDto'];
export type MeasureSuggestion = Schemas['MeasureSuggestionDto'];
export type OverdueMeasure = Schemas['OverdueMeasureDto'];
export type EvaluationReport = Schemas['EvaluationReportDto'];
export type EvaluationGroup = Schemas['EvaluationGroupDto'];
export type EvaluatedFile = Schemas['EvaluatedFileDto'];
