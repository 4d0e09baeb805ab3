/**
 * What the console says for each refusal rule of the API's error catalog (libs/domain/error-rules.ts),
 * zh-CN first, English beside it. A new rule is ONE line here: `rule: ['中文', 'English'],`.
 * test/unit/error-rules.test.ts fails when a rule of the catalog has no line here.
 *
 * Placeholders are the detail's `params`, rendered by apps/web/src/errors.ts:
 *   `{…Fen}` amounts in fen → 5,000.00 元 / ¥5,000.00; `{…At}`, `{…Date}`, `{paidOn}` → dates;
 *   `{program}`, `{status}`, `{category}`, `{reason}`, `{roles}`, `{allowed}`, `{decision}`, `{entity}`,
 *   `{column}` → labels from the dictionary when there is one; `{field}` → the field's label.
 * A text may use a placeholder the API did not send: the sentence is then cut at that clause
 * (write such clauses last, after "；" / "; ").
 */
export const ERROR_TEXTS: Record<string, [zh: string, en: string]> = {
  // ---- records and scope
  exists: ['找不到该{entity}', 'No such {entity}'],
  org_scope: ['超出您的管辖范围', 'Outside your org scope'],
  role: ['您的角色无权执行此操作；需要：{roles}', 'Your role may not do this; needs: {roles}'],
  unique: ['已提交过，不能重复提交；编号 {subjectNo}', 'This was already submitted; number {subjectNo}'],
  required: ['{field}不能为空', '{field} is required'],
  type: ['{field}格式不正确；允许：{allowed}', '{field} has the wrong type; allowed: {allowed}'],
  not_empty: ['{field}不能为空', '{field} must not be empty'],
  unknown_field: ['不认识的字段：{field}', 'Unknown field: {field}'],
  cursor: ['分页参数无效，请刷新页面', 'Invalid page cursor: refresh the page'],
  length: ['{field}长度不符合要求', '{field} has the wrong length'],
  month: ['月份格式应为 YYYY-MM', 'The month must be YYYY-MM'],
  min: ['{field}不能小于 {min}', '{field} must be at least {min}'],
  date: ['{field}不是有效日期：{value}', '{field} is not a valid date: {value}'],
  not_in_future: [
    '{field}不能晚于今天；今天是 {todayDate}',
    '{field} cannot be in the future; today is {todayDate}',
  ],
  open: ['该事项已关闭', 'This item is already closed'],
  active: [
    '档案 {fileNo} 当前状态为{status}，只有有效档案才能关闭或脱困',
    'File {fileNo} is {status}: only an active file can be closed or exited',
  ],
  request: ['请求内容无效', 'The request is not valid'],
  multipart: ['请以文件上传方式提交', 'Send the file as a multipart upload'],
  file_name: ['文件名应为 1–255 个字符', 'The file name must be 1–255 characters'],
  max_size: ['文件超过 {maxMb} MB 的大小限制', 'The file is larger than {maxMb} MB'],
  max_depth: ['提交的数据嵌套超过 {max} 层', 'The data is nested deeper than {max} levels'],
  no_nul: ['{field}含有不允许的控制字符', '{field} contains a character that is not allowed'],
  json: ['提交的数据格式不正确', 'The data sent is not valid JSON'],
  encoding: ['提交的数据编码不受支持，请使用 UTF-8', 'The data encoding is not supported: use UTF-8'],
  decodable: [
    '数据无法解密（密钥不匹配或数据已损坏）',
    'The data cannot be decrypted (unknown key or damaged data)',
  ],
  file_type: ['文件类型不允许；允许：{allowed}', 'File type not accepted; allowed: {allowed}'],
  readable: [
    '文件无法读取，请确认是有效的 {format} 文件',
    'The file cannot be read: is it a valid {format} file?',
  ],
  column_required: [
    '缺少“{column}”列（可用列名：{allowed}）',
    'Column “{column}” is missing (accepted: {allowed})',
  ],
  max_rows: ['每个文件最多 {max} 行', 'At most {max} rows per file'],

  // ---- authentication
  bearer_token: ['请先登录', 'Sign in first'],
  token_expired: ['会话已过期，请重新登录', 'Your session has expired: sign in again'],
  token_valid: ['登录已失效，请重新登录', 'Your sign-in is no longer valid: sign in again'],
  credentials: ['用户名或密码错误', 'Wrong username or password'],
  demo_account: ['演示账号在生产环境中不可用', 'Demo accounts are refused in production'],

  // ---- workers and households
  has_household: [
    '请先登记该职工的家庭情况，再建立档案',
    'Record the worker’s household before opening a file',
  ],
  one_household: ['该职工已登记在一个家庭中', 'The worker already belongs to a household'],
  format: ['身份证号格式不正确', 'The ID number is not well-formed'],
  birth_date: ['身份证号中的出生日期无效', 'The birth date in the ID number is not valid'],
  checksum: ['身份证号码校验码错误', 'The ID number’s check digit is wrong'],

  // ---- hardship files and aid cases
  one_open_file: [
    '该家庭或职工已有在办档案 {fileNo}（{status}）',
    'The household or worker already has an open file {fileNo} ({status})',
  ],
  investigating: [
    '档案 {fileNo} 当前为{status}，入户调查已不能修改',
    'File {fileNo} is {status}: the investigation can no longer change',
  ],
  in_notice: [
    '只有在公示期内才能提出异议；{subjectNo} 当前为{status}',
    'Objections are taken only during the public notice; {subjectNo} is {status}',
  ],
  withdrawable: [
    '当前状态不能撤回；{subjectNo} 当前为{status}',
    'It cannot be withdrawn now; {subjectNo} is {status}',
  ],
  investigation_complete: ['五清一访尚未完成', 'The five clears and the home visit are not complete'],
  program_exists: [
    '未知的帮扶项目“{program}”；可选：{allowed}',
    'Unknown aid program “{program}”; known: {allowed}',
  ],
  amount_in_program_range: [
    '{program}的金额须在 {minFen} 至 {maxFen} 之间；申请金额为 {amountFen}',
    '{program} amounts must be from {minFen} to {maxFen}; the application asks for {amountFen}',
  ],
  active_file_required: [
    '{program}需要有效的困难职工档案（该职工档案状态：{fileStatus}）',
    '{program} needs an active hardship file (the worker’s file: {fileStatus})',
  ],
  category_eligible: [
    '{program}只适用于{allowed}；该职工为{category}',
    '{program} is only for {allowed}; the worker has {category}',
  ],
  eligible: ['不符合申请条件', 'Not eligible'],
  no_open_case_same_program: [
    '该家庭已有在办的{program}申请，请办结后再申请',
    'The household already has an open {program} application: finish it first',
  ],
  once_per_year: [
    '{program}每户每年原则上只享受一次，今年已享受',
    '{program} is given once a year per household and was already given this year',
  ],

  // ---- tasks and approvals
  task_open: ['该待办已处理或已失效', 'This task is no longer open'],
  task_claimed: [
    '该待办已被他人认领，需其释放后才能办理',
    'Someone else has claimed this task: they must release it first',
  ],
  candidate_role: [
    '您的角色不能处理该待办（需要：{roles}）',
    'Your role cannot act on this task (needs: {roles})',
  ],
  four_eyes: ['四眼原则：{reason}，不能审批', 'Four-eyes rule: {reason}, so you may not approve'],
  decision: ['审批意见无效；可选：{allowed}', 'Not a valid decision; allowed: {allowed}'],
  comment_required: ['{decision}时必须填写意见', 'A comment is required to {decision}'],
  assignee_eligible: ['不能转交给该用户', 'The task cannot be handed to that user'],
  workflow_running: ['该事项已办结，不能再操作', 'This item has finished: nothing more can be done'],

  // ---- money
  budget_available: [
    '预算不足：已批准，等待财务追加预算',
    'Not enough budget: approved, waiting for finance to top it up',
  ],
  same_amount: [
    '该流水号已用于 {priorFen} 的还款，金额不同不能再次入账',
    'This reference was already used for a repayment of {priorFen}: a different amount is refused',
  ],
  loan_amount_range: [
    '借款金额须在 {minFen} 至 {maxFen} 之间；申请金额为 {amountFen}',
    'A loan must be from {minFen} to {maxFen}; the application asks for {amountFen}',
  ],
  loan_term_range: [
    '借款期限须为 {min}–{max} 个月；填写为 {value} 个月',
    'The term must be {min}–{max} months; got {value}',
  ],
  splittable: [
    '金额过小，不能分成 {termMonths} 期',
    'The amount is too small to split into {termMonths} instalments',
  ],
  chronic_borrower: [
    '该职工有逾期未还借款，不能再借；借款 {loanNo}',
    'The worker has an overdue loan: no new loan; loan {loanNo}',
  ],
  chronic_override: [
    '只有指定角色可以放行逾期借款人',
    'Only the designated role may override the overdue-borrower gate',
  ],
  loan_open: ['该借款当前不能办理此申请', 'The loan cannot take this request now'],
  repayable: ['该借款状态为{status}，不能还款', 'The loan is {status}: it takes no repayments'],
  not_above_outstanding: [
    '还款金额 {amountFen} 超过未还余额 {outstandingFen}',
    'The repayment of {amountFen} is more than the outstanding {outstandingFen}',
  ],
  loan_borrower: [
    '借款 {loanNo} 不属于工号 {employeeNo}',
    'Loan {loanNo} does not belong to employee {employeeNo}',
  ],
  duplicate_reference: [
    '流水号 {reference} 已入账（重复）',
    'Reference {reference} was already recorded (duplicate)',
  ],

  // ---- re-assessment
  quarter: ['季度格式应为 2026Q1 这样的形式', 'The quarter must look like 2026Q1'],
  unique_quarter: [
    '{quarter} 已发起过动态复核，每个季度只复核一次',
    '{quarter} has already been re-assessed: once a quarter',
  ],
  one_exit: ['该档案已有脱困申请在办', 'An exit of this file is already under way'],
  file_cause: ['致困原因不正确', 'The cause is not valid'],

  // ---- policy documents
  isDate: ['{field}不是有效日期', '{field} is not a valid date'],
  catch_all_required: ['必须有一条兜底规则', 'A catch-all rule is required'],
  integer: ['{field}须为整数', '{field} must be a whole number'],
  must_be_null: ['{field}必须为空', '{field} must be empty'],
  non_empty: ['{field}不能为空', '{field} must not be empty'],
  one_of: ['{field}只能取：{allowed}', '{field} must be one of: {allowed}'],
  range: ['{field}须在 {min}–{max} 之间', '{field} must be from {min} to {max}'],
  positive_fen: [
    '{field}须为大于零的金额（最多两位小数）；填写为“{value}”',
    '{field} must be an amount above zero (at most two decimals); got “{value}”',
  ],
  unknown_role: ['{field}不是已知角色', '{field} is not a known role'],
  unknown_stage: ['{field}不是已定义的审批环节', '{field} is not a defined stage'],
  unknown_program: ['{field}不是已定义的帮扶项目', '{field} is not a defined program'],
  unknown_category: ['{field}不是已知的困难类别', '{field} is not a known category'],
  min_le_max: ['{field}的下限不能大于上限', 'The lower limit of {field} cannot exceed the upper one'],
  ascending: ['{field}须按从小到大排列', '{field} must be in ascending order'],
  increasing: ['{field}须逐项递增', '{field} must increase'],
  ends_with_default: ['{field}最后一条须为默认规则', 'The last entry of {field} must be the default'],
  unreachable_rule: ['{field}这条规则永远不会生效', 'The rule {field} can never apply'],
  code_format: [
    '{field}只能用小写字母、数字和下划线',
    '{field} may use lower-case letters, digits and _ only',
  ],
  fen: ['{field}须为以分计的整数金额', '{field} must be a whole number of fen'],
  timezone: ['{field}不是有效的时区', '{field} is not a valid time zone'],
  category_needs_file: ['{field}要求有困难档案', '{field} needs a hardship file'],

  // ---- request validation (class-validator)
  isString: ['{field}须为文字', '{field} must be text'],
  isNotEmpty: ['{field}不能为空', '{field} must not be empty'],
  isDefined: ['{field}不能为空', '{field} is required'],
  maxLength: ['{field}最多 {max} 个字符', '{field} must be at most {max} characters'],
  isBase64: ['{field}须为 Base64 编码', '{field} must be Base64-encoded'],
  minLength: ['{field}至少 {min} 个字符', '{field} must be at least {min} characters'],
  isIn: ['{field}只能取：{allowed}', '{field} must be one of: {allowed}'],
  isEnum: ['{field}只能取：{allowed}', '{field} must be one of: {allowed}'],
  isInt: ['{field}须为整数', '{field} must be a whole number'],
  isNumber: ['{field}须为数字', '{field} must be a number'],
  isPositive: ['{field}须大于零', '{field} must be above zero'],
  max: ['{field}不能大于 {max}', '{field} must be at most {max}'],
  isUuid: ['{field}不是有效的编号', '{field} is not a valid id'],
  matches: ['{field}格式不正确', '{field} is not in the expected format'],
  isBoolean: ['{field}须为是或否', '{field} must be yes or no'],
  isArray: ['{field}须为列表', '{field} must be a list'],
  isObject: ['{field}格式不正确', '{field} must be an object'],
  arrayMinSize: ['{field}至少选择 {min} 项', 'Choose at least {min} for {field}'],
  arrayMaxSize: ['{field}最多 {max} 项', '{field} takes at most {max}'],
  arrayNotEmpty: ['{field}至少选择一项', 'Choose at least one for {field}'],
  isDateString: ['{field}不是有效日期', '{field} is not a valid date'],
  isIso8601: ['{field}不是有效日期', '{field} is not a valid date'],
  isEmail: ['{field}不是有效的邮箱地址', '{field} is not a valid e-mail address'],
  nestedValidation: ['{field}内容不正确', '{field} is not valid'],
  // ---- rules merged from other features: generic texts, to be worded by their owners
  account_locked: [
    '账号已被锁定，请 {retryAfterSeconds} 秒后再试或联系管理员解锁',
    'The account is locked: try again in {retryAfterSeconds} s or ask an administrator to unlock it',
  ],
  after_from: ['结束日期不能早于开始日期 {from}', 'The end date must not be before the start date {from}'],
  after_start: ['结束日期不能早于开始日期', 'The end of the period must not be before its start'],
  application_window: [
    '不在申请期内：受理时间为 {from} 至 {to}',
    'Outside the application window: applications are taken from {from} to {to}',
  ],
  apply_through_tuition: [
    '金秋助学须通过“金秋助学申请”办理（按子女和学年登记，须在受理期内）',
    'Golden Autumn tuition aid is applied for on the tuition application page (per child and school year, within the window)',
  ],
  attachment_of_recipient: [
    '附件须上传到该户的发放记录下',
    'The attachment must be uploaded for this household',
  ],
  auditor_read_only: ['审计角色只能查阅，不能修改', 'The auditor role is read-only'],
  available: [
    '服务暂不可用（数据库或流程引擎无法连接），请稍后再试',
    'A back-end service is unreachable: try again later',
  ],
  cash_or_goods: ['须发放现金或物品（或两者）', 'Hand over cash, goods or both'],
  client_rate_limit: [
    '登录尝试过于频繁，请 {retryAfterSeconds} 秒后再试',
    'Too many sign-in attempts: try again in {retryAfterSeconds} s',
  ],
  code_unique: ['单位编码已被使用', 'The code is taken'],
  decreasing: ['数值须依次递减', 'The values must decrease in order'],
  delivering: [
    '活动当前不在发放阶段（当前状态：{status}）',
    'The campaign does not take deliveries now (status: {status})',
  ],
  employee_no_unique: ['工号已被使用', 'The employee number is taken'],
  grant_covers_primary_unit: [
    '至少一个角色须授权在所属单位或其上级单位',
    'At least one role must be granted at the primary unit or above it',
  ],
  kind_under_parent: ['该类型单位不能设在此上级单位下', 'This kind of unit cannot sit under that parent'],
  locality_known: [
    '当前政策没有该地区的低保标准',
    'The policy has no minimum living standard for this locality',
  ],
  member_active: ['该成员已移出家庭', 'The member was removed from the household'],
  member_of_household: ['子女须为该职工家庭成员', 'The child must be a member of the worker’s household'],
  metrics_token: ['监控指标须携带访问令牌', 'The metrics endpoint needs its token'],
  no_open_work: [
    '该单位尚有未办结事项，不能停用（共 {count} 项）',
    'The unit has open work and cannot be deactivated ({count} items)',
  ],
  no_reversal_of_reversal: ['冲销记录不能再冲销', 'A reversal cannot be reversed'],
  nominations_open: ['提名已截止', 'Nominations are closed'],
  not_into_own_subtree: [
    '不能移到本单位或其下级单位之下',
    'A unit cannot move under itself or its sub-units',
  ],
  not_self: [
    '不能对自己的账号执行此操作，请由其他管理员办理',
    'You cannot do this to your own account: ask another administrator',
  ],
  once_per_child_per_school_year: [
    '该子女本学年（{schoolYear}）已申请过金秋助学（{caseNo}）',
    'This child already has a Golden Autumn tuition application for school year {schoolYear} ({caseNo})',
  ],
  one_delivery_per_household: [
    '每户每次活动只发放一次，该户已发放',
    'A household gets one delivery per campaign: this one already has it',
  ],
  order: ['顺序不正确', 'The order is not valid'],
  org_unit_exists: ['所选单位不存在', 'The org unit does not exist'],
  parent_active: ['新的上级单位已停用', 'The new parent unit is deactivated'],
  password_change_required: ['请先修改初始密码', 'Change your initial password first'],
  password_length: ['密码长度不足：至少 {min} 位', 'The password needs at least {min} characters'],
  password_not_username: ['密码不能包含用户名', 'The password must not contain the username'],
  password_reused: ['新密码不能与当前密码相同', 'The new password must differ from the current one'],
  password_variety: ['密码至少包含 4 个不同字符', 'The password needs at least 4 different characters'],
  previewed: ['只有完成预检的导入才能确认或取消', 'Only a finished dry run can be committed or cancelled'],
  registered: ['此人已登记', 'This person is already registered'],
  registered_elsewhere: [
    '此人已在其他单位登记，请联系县总工会核实',
    'Already registered elsewhere; ask the federation',
  ],
  reverse_once: [
    '该记录已冲销，如需再次更正请新增记录',
    'This entry was already reversed: record a new entry for a further change',
  ],
  roles_or_grants: ['请至少分配一个角色及其单位', 'Give at least one role with its org unit'],
  root_fixed: [
    '县总工会是根单位，不能移动或停用',
    'The county federation is the root: it cannot move or be deactivated',
  ],
  standard_per_category: [
    '缺少该类别（{category}）的发放标准',
    'There is no standard for category {category}',
  ],
  unit_active: ['该单位已停用', 'The unit is deactivated'],
  user_unknown: ['用户不存在', 'No such user'],
  username_unique: ['用户名已被使用', 'The username is taken'],
  within_period: [
    '发放截止日期须在活动期间内（{periodStart} 至 {periodEnd}）',
    'The delivery deadline must lie within the period ({periodStart} to {periodEnd})',
  ],
  within_standard: ['发放现金不能超过标准 {maxFen}', 'Cash given must not exceed the standard of {maxFen}'],
  worker_active: ['职工已离职或退休，不再受理新的申请', 'The member left or retired: no new applications'],
  pairing_exists: [
    '该领导已与 {householdCode} 户结对',
    'This leader is already paired with household {householdCode}',
  ],
  pairing_live: ['该结对已{status}，不能再登记走访', 'The pairing is {status}: no more visits can be logged'],
  pairing_leader_only: ['只有结对领导本人可以登记走访', 'Only the paired leader logs visits'],
  after_pairing_start: [
    '走访日期不能早于结对开始日期 {startDate}',
    'The visit cannot be before the pairing started on {startDate}',
  ],
  end_after_start: [
    '结束日期不能早于开始日期 {startDate}',
    'The end date cannot be before the start date {startDate}',
  ],
  leader_active: ['结对领导须为有效的用户账号', 'The pairing leader must be an active user account'],
};

/** Texts for the body's top-level `code` when no detail names a rule. */
export const ERROR_CODE_TEXTS: Record<string, [zh: string, en: string]> = {
  VALIDATION_FAILED: ['填写的内容不正确', 'Some input is not valid'],
  UNAUTHENTICATED: ['请先登录', 'Sign in first'],
  FORBIDDEN: ['您无权执行此操作', 'You may not do this'],
  NOT_FOUND: ['找不到该记录', 'Not found'],
  CONFLICT: ['与现有记录冲突', 'This conflicts with an existing record'],
  STALE_TASK: ['该事项已变化，请刷新后重试', 'This has moved on: refresh and try again'],
  BUSINESS_RULE: ['不符合业务规则', 'A business rule refuses this'],
  INTERNAL: ['服务器内部错误，请稍后再试', 'Server error: try again later'],
  UNAVAILABLE: ['服务暂不可用，请稍后再试', 'The service is unavailable: try again later'],
  PAYLOAD_TOO_LARGE: ['提交的数据过大', 'The data sent is too large'],
  UNSUPPORTED_MEDIA_TYPE: ['提交的数据类型不受支持', 'The data type sent is not supported'],
  TOO_MANY_REQUESTS: ['操作过于频繁，请稍后再试', 'Too many requests: try again later'],
  ACCOUNT_LOCKED: [
    '账号已被锁定，请稍后再试或联系管理员',
    'The account is locked: try later or ask an administrator',
  ],
  PASSWORD_CHANGE_REQUIRED: ['请先修改密码', 'Change your password first'],
  CHRONIC_BORROWER: ['该职工有逾期未还借款，不能再借', 'The worker has an overdue loan: no new loan'],
};
