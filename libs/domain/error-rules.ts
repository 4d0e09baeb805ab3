/**
 * The one catalog of refusal rules. Every error detail the API answers with,
 * `{field, rule, message, params}`, names its `rule` from this enum; `params` carry the figures the
 * person needs (amounts in fen as numbers named `…Fen`, limits, dates named `…At`/`…Date`, codes).
 * The console turns `rule` + `params` into zh-CN and English text (apps/web/src/error-texts.ts, one
 * line per rule); the API's own `message` stays English for logs and API clients.
 *
 * Adding a refusal: add its rule here (or reuse one), give it params, add one line to
 * apps/web/src/error-texts.ts. test/unit/error-rules.test.ts fails when a rule used by the API is
 * missing here or a rule here has no Chinese or English text.
 *
 * Pure (no imports): used by libs/domain, the API and the worker alike.
 */
export enum ErrorRule {
  // ---- records and scope
  /** The subject named by `field` does not exist (params: entity, id). */
  Exists = 'exists',
  OrgScope = 'org_scope',
  Role = 'role',
  Unique = 'unique',
  Required = 'required',
  Type = 'type',
  NotEmpty = 'not_empty',
  UnknownField = 'unknown_field',
  Cursor = 'cursor',
  Length = 'length',
  Month = 'month',
  /** Below a lower limit (class-validator @Min too; params: min). */
  Min = 'min',
  Date = 'date',
  NotInFuture = 'not_in_future',
  Open = 'open',
  Active = 'active',
  Request = 'request',
  Multipart = 'multipart',
  FileName = 'file_name',
  MaxSize = 'max_size',
  MaxDepth = 'max_depth',
  NoNul = 'no_nul',
  Json = 'json',
  Encoding = 'encoding',
  Decodable = 'decodable',
  FileType = 'file_type',
  Readable = 'readable',
  ColumnRequired = 'column_required',
  MaxRows = 'max_rows',

  // ---- authentication
  BearerToken = 'bearer_token',
  TokenExpired = 'token_expired',
  TokenValid = 'token_valid',
  Credentials = 'credentials',
  DemoAccount = 'demo_account',

  // ---- workers and households
  HasHousehold = 'has_household',
  OneHousehold = 'one_household',
  Format = 'format',
  BirthDate = 'birth_date',
  Checksum = 'checksum',

  // ---- hardship files and aid cases
  OneOpenFile = 'one_open_file',
  Investigating = 'investigating',
  InNotice = 'in_notice',
  Withdrawable = 'withdrawable',
  InvestigationComplete = 'investigation_complete',
  ProgramExists = 'program_exists',
  AmountInProgramRange = 'amount_in_program_range',
  ActiveFileRequired = 'active_file_required',
  CategoryEligible = 'category_eligible',
  Eligible = 'eligible',
  NoOpenCaseSameProgram = 'no_open_case_same_program',
  OncePerYear = 'once_per_year',

  // ---- tasks and approvals
  TaskOpen = 'task_open',
  TaskClaimed = 'task_claimed',
  CandidateRole = 'candidate_role',
  FourEyes = 'four_eyes',
  Decision = 'decision',
  CommentRequired = 'comment_required',
  AssigneeEligible = 'assignee_eligible',
  WorkflowRunning = 'workflow_running',

  // ---- money
  BudgetAvailable = 'budget_available',
  SameAmount = 'same_amount',
  LoanAmountRange = 'loan_amount_range',
  LoanTermRange = 'loan_term_range',
  Splittable = 'splittable',
  ChronicBorrower = 'chronic_borrower',
  ChronicOverride = 'chronic_override',
  LoanOpen = 'loan_open',
  Repayable = 'repayable',
  NotAboveOutstanding = 'not_above_outstanding',
  LoanBorrower = 'loan_borrower',
  DuplicateReference = 'duplicate_reference',

  // ---- re-assessment
  Quarter = 'quarter',
  UniqueQuarter = 'unique_quarter',
  OneExit = 'one_exit',
  FileCause = 'file_cause',

  // ---- policy documents (libs/domain/policy/schema.ts, libs/domain/loan.ts)
  IsDate = 'isDate',
  CatchAllRequired = 'catch_all_required',
  Integer = 'integer',
  MustBeNull = 'must_be_null',
  NonEmpty = 'non_empty',
  OneOf = 'one_of',
  Range = 'range',
  PositiveFen = 'positive_fen',
  UnknownRole = 'unknown_role',
  UnknownStage = 'unknown_stage',
  UnknownProgram = 'unknown_program',
  UnknownCategory = 'unknown_category',
  MinLeMax = 'min_le_max',
  Ascending = 'ascending',
  Increasing = 'increasing',
  EndsWithDefault = 'ends_with_default',
  UnreachableRule = 'unreachable_rule',
  CodeFormat = 'code_format',
  Fen = 'fen',
  Timezone = 'timezone',
  CategoryNeedsFile = 'category_needs_file',

  // ---- request validation (class-validator constraint names, params from the decorator)
  IsString = 'isString',
  IsNotEmpty = 'isNotEmpty',
  IsDefined = 'isDefined',
  MaxLength = 'maxLength',
  IsBase64 = 'isBase64',
  MinLength = 'minLength',
  IsIn = 'isIn',
  IsEnum = 'isEnum',
  IsInt = 'isInt',
  IsNumber = 'isNumber',
  IsPositive = 'isPositive',
  Max = 'max',
  IsUuid = 'isUuid',
  Matches = 'matches',
  IsBoolean = 'isBoolean',
  IsArray = 'isArray',
  IsObject = 'isObject',
  ArrayMinSize = 'arrayMinSize',
  ArrayMaxSize = 'arrayMaxSize',
  ArrayNotEmpty = 'arrayNotEmpty',
  IsDateString = 'isDateString',
  IsIso8601 = 'isIso8601',
  IsEmail = 'isEmail',
  NestedValidation = 'nestedValidation',

  // ---- rules added by other features (merged from main); texts are generic until worded
  AccountLocked = 'account_locked',
  AfterFrom = 'after_from',
  AfterStart = 'after_start',
  ApplicationWindow = 'application_window',
  ApplyThroughTuition = 'apply_through_tuition',
  AttachmentOfRecipient = 'attachment_of_recipient',
  AuditorReadOnly = 'auditor_read_only',
  Available = 'available',
  CashOrGoods = 'cash_or_goods',
  ClientRateLimit = 'client_rate_limit',
  CodeUnique = 'code_unique',
  Decreasing = 'decreasing',
  Delivering = 'delivering',
  EmployeeNoUnique = 'employee_no_unique',
  GrantCoversPrimaryUnit = 'grant_covers_primary_unit',
  KindUnderParent = 'kind_under_parent',
  LocalityKnown = 'locality_known',
  MemberActive = 'member_active',
  MemberOfHousehold = 'member_of_household',
  MetricsToken = 'metrics_token',
  NoOpenWork = 'no_open_work',
  NoReversalOfReversal = 'no_reversal_of_reversal',
  NominationsOpen = 'nominations_open',
  NotIntoOwnSubtree = 'not_into_own_subtree',
  NotSelf = 'not_self',
  OncePerChildPerSchoolYear = 'once_per_child_per_school_year',
  OneDeliveryPerHousehold = 'one_delivery_per_household',
  Order = 'order',
  OrgUnitExists = 'org_unit_exists',
  ParentActive = 'parent_active',
  PairingExists = 'pairing_exists',
  PairingLive = 'pairing_live',
  PairingLeaderOnly = 'pairing_leader_only',
  AfterPairingStart = 'after_pairing_start',
  EndAfterStart = 'end_after_start',
  LeaderActive = 'leader_active',
  PasswordChangeRequired = 'password_change_required',
  PasswordLength = 'password_length',
  PasswordNotUsername = 'password_not_username',
  PasswordReused = 'password_reused',
  PasswordVariety = 'password_variety',
  Previewed = 'previewed',
  Registered = 'registered',
  RegisteredElsewhere = 'registered_elsewhere',
  ReverseOnce = 'reverse_once',
  RolesOrGrants = 'roles_or_grants',
  RootFixed = 'root_fixed',
  StandardPerCategory = 'standard_per_category',
  UnitActive = 'unit_active',
  UserUnknown = 'user_unknown',
  UsernameUnique = 'username_unique',
  WithinPeriod = 'within_period',
  WithinStandard = 'within_standard',
  WorkerActive = 'worker_active',
}

/** Every rule in the catalog. */
export const ERROR_RULES: readonly string[] = Object.values(ErrorRule);

export function isErrorRule(rule: string): rule is ErrorRule {
  return ERROR_RULES.includes(rule);
}

/** Params of an error detail: figures, never prose (amounts in fen named `…Fen`). */
export type ErrorParams = Record<string, string | number>;
