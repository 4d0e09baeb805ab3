import { createContext, ReactNode, useCallback, useContext, useMemo, useState } from 'react';

export type Lang = 'zh' | 'en';

/** One dictionary, zh-CN first; English beside it. `{name}` placeholders are filled by t(). */
const DICT: Record<string, [zh: string, en: string]> = {
  'app.title': ['帮扶工作台', 'bangfu console'],
  'app.subtitle': ['困难职工帮扶', 'Hardship assistance'],
  'lang.switch': ['English', '中文'],
  'lang.switchLabel': ['切换语言', 'Switch language'],

  // auth
  'login.title': ['登录帮扶工作台', 'Sign in to bangfu'],
  'login.username': ['用户名', 'Username'],
  'login.password': ['密码', 'Password'],
  'login.submit': ['登录', 'Sign in'],
  'login.required': ['请输入{field}', 'Enter the {field}'],
  'login.failed': ['用户名或密码错误', 'Wrong username or password'],
  'session.expired': ['会话已过期，请重新登录', 'Your session has expired: sign in again'],
  'session.loggedOut': ['已退出登录', 'Signed out'],
  'header.logout': ['退出登录', 'Sign out'],
  'header.orgUnit': ['所属单位', 'Org unit'],
  'header.role': ['角色', 'Role'],

  // roles
  'role.caseworker': ['工会干部', 'Caseworker'],
  'role.branch_chair': ['基层工会主席', 'Grassroots union chair'],
  'role.union_chair': ['公司工会主席', 'Union chair'],
  'role.leader': ['公司负责人', 'Company leader'],
  'role.finance': ['财务', 'Finance'],
  'role.auditor': ['审计', 'Auditor'],
  'role.admin': ['系统管理员', 'Administrator'],

  // menu
  'menu.inbox': ['待办', 'Inbox'],
  'menu.work': ['工会干部', 'Caseworker'],
  'menu.openFile': ['建立困难档案', 'Open a hardship file'],
  'menu.newCase': ['提交救助申请', 'File an aid application'],
  'menu.followUps': ['回访登记', 'Follow-up visits'],
  'menu.earlyWarnings': ['预警事件', 'Early warnings'],
  'menu.files': ['困难职工档案', 'Hardship files'],
  'menu.cases': ['救助案件', 'Aid cases'],
  'menu.finance': ['财务', 'Finance'],
  'menu.loans': ['在贷借款', 'Outstanding loans'],
  'menu.aging': ['账龄分析', 'Loan aging'],
  'menu.statement': ['借款人对账单', 'Borrower statement'],
  'menu.imports': ['工资代扣导入', 'Payroll deductions'],
  'menu.funds': ['资金与预算', 'Funds and budgets'],
  'menu.reassessments': ['动态复核', 'Re-assessment'],

  // common
  'common.search': ['搜索', 'Search'],
  'common.filter': ['筛选', 'Filter'],
  'common.reset': ['重置', 'Reset'],
  'common.refresh': ['刷新', 'Refresh'],
  'common.open': ['打开', 'Open'],
  'common.view': ['查看', 'View'],
  'common.submit': ['提交', 'Submit'],
  'common.save': ['保存', 'Save'],
  'common.cancel': ['取消', 'Cancel'],
  'common.back': ['返回', 'Back'],
  'common.all': ['全部', 'All'],
  'common.none': ['无', 'None'],
  'common.yes': ['是', 'Yes'],
  'common.no': ['否', 'No'],
  'common.loading': ['加载中…', 'Loading…'],
  'common.actions': ['操作', 'Actions'],
  'common.status': ['状态', 'Status'],
  'common.orgUnit': ['单位', 'Org unit'],
  'common.worker': ['职工', 'Worker'],
  'common.employeeNo': ['工号', 'Employee no.'],
  'common.amount': ['金额', 'Amount'],
  'common.amountYuan': ['金额（元）', 'Amount (yuan)'],
  'common.date': ['日期', 'Date'],
  'common.comment': ['意见', 'Comment'],
  'common.note': ['备注', 'Note'],
  'common.reason': ['理由', 'Reason'],
  'common.createdAt': ['创建时间', 'Created'],
  'common.exportXlsx': ['导出 Excel', 'Export to Excel'],
  'common.exportCsv': ['导出 CSV', 'Export to CSV'],
  'common.notAvailable': [
    '该功能的接口尚未部署（{path}）',
    'The API for this page is not deployed yet ({path})',
  ],
  'common.loadMore': ['加载更多', 'Load more'],
  'common.done': ['完成', 'Done'],
  'common.total': ['合计', 'Total'],
  'common.saved': ['已保存', 'Saved'],
  'common.success': ['操作成功', 'Done'],
  'common.searchPlaceholder': ['姓名、编号', 'Name, number'],

  // error rules
  'error.title': ['操作被拒绝', 'The request was refused'],
  'rule.four_eyes': ['四眼原则：您不能审批此事项', 'Four-eyes rule: you may not approve this'],
  'rule.task_open': ['该待办已处理或已失效', 'This task is no longer open'],
  'rule.task_claimed': ['该待办已被他人认领', 'Someone else has claimed this task'],
  'rule.candidate_role': ['您的角色不能处理该待办', 'Your role cannot act on this task'],
  'rule.investigation_complete': ['五清一访尚未完成', 'The five clears and the visit are not complete'],
  'rule.budget_available': ['预算不足', 'Not enough budget'],
  'rule.org_scope': ['超出您的管辖范围', 'Outside your org scope'],
  'rule.credentials': ['用户名或密码错误', 'Wrong username or password'],

  // inbox
  'inbox.title': ['我的待办', 'My tasks'],
  'inbox.type': ['类型', 'Type'],
  'inbox.stage': ['环节', 'Stage'],
  'inbox.subject': ['事项', 'Subject'],
  'inbox.due': ['办理期限', 'Due'],
  'inbox.assignee': ['认领人', 'Claimed by'],
  'inbox.claim': ['认领', 'Claim'],
  'inbox.release': ['释放', 'Release'],
  'inbox.claimed': ['已认领', 'Claimed'],
  'inbox.claimedByMe': ['我已认领', 'Claimed by me'],
  'inbox.claimedByOther': ['他人已认领', 'Claimed by someone else'],
  'inbox.overdue': ['已超期', 'Overdue'],
  'inbox.dueSoon': ['即将到期', 'Due soon'],
  'inbox.onlyOverdue': ['只看超期', 'Overdue only'],
  'inbox.onlyDueSoon': ['只看即将到期', 'Due soon only'],
  'inbox.empty': ['暂无待办', 'No open tasks'],
  'inbox.escalated': ['已升级', 'Escalated'],
  'inbox.count': ['共 {n} 项待办', '{n} open tasks'],

  // task types and stages
  'taskType.approval': ['审批', 'Approval'],
  'taskType.rework': ['补充材料', 'Rework'],
  'taskType.funds': ['追加预算', 'Funds top-up'],
  'taskType.payment': ['发放', 'Payment'],
  'taskType.follow_up': ['回访', 'Follow-up visit'],
  'taskType.investigation': ['入户调查', 'Investigation'],
  'taskType.outreach': ['预警走访', 'Outreach'],
  'taskType.recheck_visit': ['复核走访', 'Re-check visit'],
  'taskType.disbursement': ['放款', 'Disbursement'],
  'taskType.reschedule': ['展期审批', 'Reschedule'],
  'taskType.write_off': ['核销审批', 'Write-off'],
  'taskType.early_repayment': ['提前还款', 'Early repayment'],
  'taskType.loan_visit': ['逾期走访', 'Overdue visit'],
  'taskType.loan_escalation': ['逾期升级', 'Overdue escalation'],
  'taskType.loan_reminder': ['还款提醒', 'Repayment reminder'],
  'taskType.exit_approval': ['脱困审批', 'Exit approval'],
  'stage.grassroots': ['基层工会主席审批', 'Grassroots chair'],
  'stage.union': ['公司工会审批', 'Union chair'],
  'stage.leader': ['公司负责人审批', 'Company leader'],
  'stage.county': ['县总工会审批', 'County federation'],
  'stage.investigation': ['入户调查', 'Investigation'],
  'stage.follow_up': ['回访', 'Follow-up'],
  'stage.payment': ['财务发放', 'Payment'],
  'stage.funds': ['财务追加预算', 'Funds'],
  'stage.rework': ['补充材料', 'Rework'],
  'stage.disbursement': ['财务放款', 'Disbursement'],
  'stage.early_repayment': ['提前还款', 'Early repayment'],
  'stage.reminder': ['还款提醒', 'Reminder'],
  'stage.outreach': ['预警走访', 'Outreach visit'],
  'subject.aid_case': ['救助案件', 'Aid case'],
  'subject.hardship_file': ['困难档案', 'Hardship file'],
  'subject.loan': ['借款', 'Loan'],
  'subject.early_warning': ['预警事件', 'Early warning'],

  // task page
  'task.title': ['待办详情', 'Task'],
  'task.decision': ['审批意见', 'Decision'],
  'task.approve': ['同意', 'Approve'],
  'task.reject': ['不同意', 'Reject'],
  'task.return': ['退回补充', 'Return for more information'],
  'task.done': ['办结', 'Done'],
  'task.commentRequired': ['不同意或退回时必须填写意见', 'A comment is required to reject or return'],
  'task.reference': ['付款凭证号', 'Payment reference'],
  'task.submitDecision': ['提交审批', 'Submit decision'],
  'task.decided': ['已提交：{decision}', 'Submitted: {decision}'],
  'task.closedAlready': ['该待办已{status}', 'This task is {status}'],
  'task.case': ['申请信息', 'Application'],
  'task.file': ['困难档案', 'Hardship file'],
  'task.household': ['家庭情况', 'Household'],
  'task.attachments': ['附件', 'Attachments'],
  'task.noAttachments': ['暂无附件', 'No attachments'],
  'task.timeline': ['办理记录', 'Timeline'],
  'task.program': ['救助项目', 'Program'],
  'task.noFile': ['该职工暂无有效困难档案', 'The worker has no active hardship file'],
  'task.payload': ['事项说明', 'Details'],

  // file
  'file.no': ['档案编号', 'File no.'],
  'file.causes': ['致困原因', 'Causes'],
  'file.category': ['困难类别', 'Category'],
  'file.categoryReason': ['认定依据', 'Why this category'],
  'file.policyVersion': ['政策版本', 'Policy version'],
  'file.policyFigures': ['政策测算数据', 'Policy figures'],
  'file.fiveClears': ['五清', 'Five clears'],
  'file.address': ['家庭住址清', 'Home address'],
  'file.family': ['家庭状况清', 'Family situation'],
  'file.income': ['经济收入清', 'Economic income'],
  'file.cause': ['致困原因清', 'Cause of hardship'],
  'file.urgentNeed': ['当前急需解决的问题清', 'Most urgent need'],
  'file.visit': ['入户走访（一访）', 'Home visit'],
  'file.visitDate': ['走访日期', 'Visit date'],
  'file.visitors': ['走访人', 'Visitors'],
  'file.visitorsHelp': ['多人用顿号或逗号分隔', 'Separate names with commas'],
  'file.visitNotes': ['走访记录', 'Visit notes'],
  'file.openedAt': ['建档时间', 'Opened'],
  'file.noticeEndsAt': ['公示截止', 'Notice ends'],
  'file.measures': ['帮扶措施', 'Help measures'],
  'file.open.title': ['建立困难职工档案', 'Open a hardship file'],
  'file.open.help': [
    '五清一访全部填写后才能提交；提交后档案进入审批。',
    'All five clears and the home visit are required; the file then goes to approval.',
  ],
  'file.open.done': ['档案 {no} 已建立并提交审批', 'File {no} opened and sent for approval'],
  'file.members': ['家庭人口', 'Members'],
  'file.annualIncome': ['家庭年收入', 'Annual household income'],
  'file.rigidExpenses': ['刚性支出（年）', 'Rigid expenses (year)'],
  'file.hardshipCosts': ['致困支出（年）', 'Hardship costs (year)'],
  'file.perCapita': ['人均月收入', 'Per-capita monthly income'],
  'file.dibao': ['当地低保标准', 'Local minimum living standard'],
  'file.locality': ['地区代码', 'Locality'],
  'file.accidentEvent': ['意外事件', 'Accident event'],
  'file.incomes': ['月收入明细', 'Monthly incomes'],
  'file.expenses': ['年度支出', 'Yearly expenses'],
  'file.month': ['月份', 'Month'],
  'file.source': ['来源', 'Source'],
  'file.kind': ['类别', 'Kind'],
  'file.year': ['年度', 'Year'],
  'file.memberName': ['姓名', 'Name'],
  'file.relation': ['关系', 'Relation'],
  'file.nationalId': ['身份证号', 'National ID'],
  'file.workStatus': ['就业/就学', 'Work / school'],
  'file.recorded': ['已核实（未存文字）', 'Recorded (no text kept)'],
  'file.missing': ['未填写', 'Missing'],
  'file.noMembers': ['未登记家庭成员', 'No household members recorded'],
  'file.noIncomes': ['近 12 个月无收入记录', 'No incomes recorded in the last 12 months'],
  'file.noExpenses': ['无年度支出记录', 'No yearly expenses recorded'],

  // PII
  'pii.show': ['显示', 'Show'],
  'pii.audited': ['查看已记入审计日志', 'This read was written to the audit log'],
  'pii.notAllowed': ['您的角色无权查看完整证件号', 'Your role may not see the full number'],

  // cases
  'case.no': ['案件编号', 'Case no.'],
  'case.new.title': ['提交救助申请', 'File an aid application'],
  'case.new.done': ['申请 {no} 已提交', 'Application {no} filed'],
  'case.applicantKind': ['申请人', 'Applicant'],
  'case.applicant.worker': ['职工本人', 'The worker'],
  'case.applicant.relative': ['直系亲属', 'A direct relative'],
  'case.applicantName': ['亲属姓名及关系', 'Relative’s name and relation'],
  'case.amountRange': ['可申请 {min}–{max}', 'Allowed {min}–{max}'],
  'case.history': ['办理记录', 'History'],

  // follow-up
  'followUp.title': ['待回访案件', 'Follow-up visits due'],
  'followUp.record': ['登记回访', 'Record the visit'],
  'followUp.visitedOn': ['回访日期', 'Visit date'],
  'followUp.situation': ['回访情况', 'What was found'],
  'followUp.effect': ['帮扶效果', 'Effect of the help'],
  'followUp.effect.improved': ['明显改善', 'Improved'],
  'followUp.effect.same': ['基本不变', 'No change'],
  'followUp.effect.worse': ['有所恶化', 'Worse'],
  'followUp.done': ['回访已登记', 'Visit recorded'],

  // early warnings
  'ew.title': ['预警事件', 'Early-warning events'],
  'ew.post': ['登记预警事件', 'Post an early-warning event'],
  'ew.kind': ['事件类型', 'Event'],
  'ew.kind.hospitalisation': ['住院', 'Hospitalisation'],
  'ew.kind.injury': ['工伤/意外受伤', 'Injury'],
  'ew.kind.family_death': ['家庭成员亡故', 'Death in the family'],
  'ew.kind.layoff': ['下岗/失业', 'Lay-off'],
  'ew.kind.disaster': ['受灾', 'Disaster'],
  'ew.occurredOn': ['发生日期', 'Occurred on'],
  'ew.posted': ['预警已登记，走访待办已生成', 'Event posted; an outreach task was opened'],
  'ew.close': ['关闭', 'Close'],
  'ew.noteRecorded': ['已记录（保密）', 'Recorded (confidential)'],
  'ew.outreach': ['走访期限', 'Outreach due'],

  // finance
  'loan.no': ['借款编号', 'Loan no.'],
  'loan.amount': ['借款金额', 'Amount lent'],
  'loan.outstanding': ['未还余额', 'Outstanding'],
  'loan.nextDue': ['下次应还', 'Next due'],
  'loan.daysOverdue': ['逾期天数', 'Days overdue'],
  'loan.purpose': ['用途', 'Purpose'],
  'loan.term': ['期限（月）', 'Term (months)'],
  'loan.schedule': ['还款计划', 'Schedule'],
  'loan.seq': ['期次', 'No.'],
  'loan.dueDate': ['应还日期', 'Due date'],
  'loan.paid': ['已还', 'Paid'],
  'loan.repayments': ['还款记录', 'Repayments'],
  'loan.ledger': ['放款与还款记录', 'Disbursements and repayments'],
  'loan.recordRepayment': ['登记还款', 'Record a repayment'],
  'loan.paidOn': ['还款日期', 'Paid on'],
  'loan.reference': ['凭证号', 'Reference'],
  'loan.repaymentRecorded': ['还款已登记', 'Repayment recorded'],
  'loan.statement': ['对账单', 'Statement'],
  'loan.status.pending_approval': ['审批中', 'Pending approval'],
  'loan.status.awaiting_funds': ['待筹资金', 'Awaiting funds'],
  'loan.status.awaiting_disbursement': ['待放款', 'Awaiting disbursement'],
  'loan.status.active': ['还款中', 'Repaying'],
  'loan.status.overdue': ['逾期', 'Overdue'],
  'loan.status.defaulted': ['违约', 'Defaulted'],
  'loan.status.repaid': ['已结清', 'Repaid'],
  'loan.status.written_off': ['已核销', 'Written off'],
  'loan.status.rejected': ['未批准', 'Rejected'],
  'loan.status.paid': ['已还清', 'Paid'],
  'loan.status.partial': ['部分还款', 'Partly paid'],
  'loan.status.due': ['待还', 'Due'],
  'ra.total': ['户数', 'Files'],
  'aging.title': ['借款账龄分析', 'Loan aging'],
  'aging.asOf': ['统计日期', 'As of'],
  'aging.bucket': ['账龄', 'Aging bucket'],
  'aging.loans': ['笔数', 'Loans'],
  'aging.outstanding': ['未还余额', 'Outstanding'],
  'aging.total': ['未还合计', 'Total outstanding'],
  'aging.par': ['风险贷款（逾期）', 'Portfolio at risk'],
  'aging.parPercent': ['风险贷款占比', 'Portfolio at risk %'],
  'aging.current': ['未逾期', 'Current'],
  'aging.1-30': ['逾期 1–30 天', '1–30 days'],
  'aging.31-60': ['逾期 31–60 天', '31–60 days'],
  'aging.61-90': ['逾期 61–90 天', '61–90 days'],
  'aging.90+': ['逾期 90 天以上', 'Over 90 days'],
  'statement.title': ['借款人对账单', 'Borrower statement'],
  'statement.pick': ['选择职工', 'Choose a worker'],
  'statement.balance': ['借款余额', 'Balance'],
  'import.title': ['工资代扣还款导入', 'Payroll-deduction import'],
  'import.file': ['代扣文件（.csv 或 .xlsx）', 'Deduction file (.csv or .xlsx)'],
  'import.choose': ['选择文件', 'Choose file'],
  'import.noFile': ['未选择文件', 'No file chosen'],
  'import.upload': ['上传并导入', 'Upload and import'],
  'import.progress': ['导入进度', 'Progress'],
  'import.rows': ['逐行结果', 'Row by row'],
  'import.rowNo': ['行号', 'Row'],
  'import.outcome': ['结果', 'Outcome'],
  'import.accepted': ['已入账', 'Accepted'],
  'import.duplicate': ['重复', 'Duplicate'],
  'import.rejected': ['拒绝', 'Rejected'],
  'import.status.running': ['导入中', 'Running'],
  'import.status.done': ['已完成', 'Done'],
  'import.status.failed': ['失败', 'Failed'],
  'import.summary': [
    '共 {total} 行：入账 {accepted}，重复 {duplicate}，拒绝 {rejected}',
    '{total} rows: {accepted} accepted, {duplicate} duplicate, {rejected} rejected',
  ],
  'funds.balances': ['各资金来源余额', 'Balances by fund source'],
  'funds.source': ['资金来源', 'Fund source'],
  'funds.allocated': ['预算', 'Allocated'],
  'funds.reserved': ['已预留', 'Reserved'],
  'funds.paidOut': ['已支出', 'Paid'],
  'funds.available': ['可用', 'Available'],
  'funds.repaid': ['已收回', 'Repaid'],
  'funds.budgetVsActual': ['预算执行情况', 'Budget vs actual'],
  'funds.year': ['年度', 'Year'],
  'funds.program': ['项目', 'Program'],
  'funds.month': ['月份', 'Month'],
  'funds.budget': ['预算', 'Budget'],
  'funds.actual': ['实际支出', 'Actual'],

  // re-assessment
  'ra.title': ['动态复核', 'Re-assessment campaigns'],
  'ra.quarter': ['季度', 'Quarter'],
  'ra.kind': ['类型', 'Kind'],
  'ra.kind.quarterly': ['季度复核', 'Quarterly'],
  'ra.kind.policy_change': ['政策调整复核', 'Policy change'],
  'ra.progress': ['进度', 'Progress'],
  'ra.startedAt': ['开始时间', 'Started'],
  'ra.finishedAt': ['完成时间', 'Finished'],
  'ra.start': ['发起复核', 'Start a campaign'],
  'ra.started': ['复核已发起', 'Campaign started'],
  'ra.outcomes': ['复核结果', 'Outcomes'],
  'ra.report': ['复核报告', 'Report'],
  'ra.byOrgUnit': ['按单位', 'By org unit'],
  'ra.byCategory': ['按类别', 'By category'],
  'ra.status.running': ['进行中', 'Running'],
  'ra.status.completed': ['已完成', 'Completed'],
  'ra.status.failed': ['失败', 'Failed'],
  'ra.outcome.unchanged': ['无变化', 'Unchanged'],
  'ra.outcome.category_up': ['类别上调', 'Category up'],
  'ra.outcome.category_down': ['类别下调', 'Category down'],
  'ra.outcome.exit_proposed': ['建议脱困', 'Exit proposed'],
  'ra.outcome.stale': ['资料过期', 'Data stale'],
  'ra.outcome.worse': ['情况恶化', 'Worse'],
  'ra.processed': ['已复核 {processed} / {total} 户', '{processed} of {total} files re-checked'],

  // statuses
  'status.submitted': ['已提交', 'Submitted'],
  'status.pending_approval': ['审批中', 'Pending approval'],
  'status.returned': ['退回补充材料', 'Returned'],
  'status.awaiting_funds': ['待财务追加预算', 'Awaiting funds'],
  'status.in_notice': ['公示中', 'In public notice'],
  'status.awaiting_payment': ['待发放', 'Awaiting payment'],
  'status.paid': ['已发放', 'Paid'],
  'status.follow_up': ['待回访', 'Follow-up due'],
  'status.closed': ['已办结', 'Closed'],
  'status.rejected': ['未批准', 'Rejected'],
  'status.withdrawn': ['已撤回', 'Withdrawn'],
  'status.expired': ['逾期未发放', 'Expired'],
  'status.investigating': ['调查中', 'Investigating'],
  'status.active': ['有效', 'Active'],
  'status.open': ['待办', 'Open'],
  'status.done': ['已办结', 'Done'],
  'status.completed': ['已办结', 'Completed'],
  'status.cancelled': ['已取消', 'Cancelled'],
  'decision.approve': ['同意', 'Approved'],
  'decision.reject': ['不同意', 'Rejected'],
  'decision.return': ['退回', 'Returned'],
  'decision.done': ['办结', 'Done'],

  'category.deep': ['深度困难', 'Deep hardship'],
  'category.relative': ['相对困难', 'Relative hardship'],
  'category.accident': ['意外致困', 'Accident-caused hardship'],
  'cause.illness': ['因病', 'Illness'],
  'cause.disability': ['因残', 'Disability'],
  'cause.disaster': ['因灾', 'Disaster'],
  'cause.accident': ['因意外/工伤', 'Accident or work injury'],
  'cause.education': ['因学', 'Education costs'],
  'cause.unemployment': ['因失业/下岗', 'Unemployment'],
  'cause.dependency_burden': ['赡养/抚养负担重', 'Heavy dependency burden'],
  'cause.enterprise_difficulty': ['企业困难', 'Enterprise in difficulty'],
  'cause.other': ['其他', 'Other'],
  'expense.medical': ['医疗', 'Medical'],
  'expense.tuition': ['教育', 'Tuition'],
  'expense.elder_care': ['养老', 'Elder care'],
  'expense.hardship': ['致困支出', 'Hardship costs'],
  'expense.other': ['其他', 'Other'],
};

export function translate(lang: Lang, key: string, vars?: Record<string, string | number>): string {
  const entry = DICT[key];
  let s = entry ? entry[lang === 'zh' ? 0 : 1] : key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

export function hasKey(key: string): boolean {
  return key in DICT;
}

interface I18n {
  lang: Lang;
  setLang: (l: Lang) => void;
  t: (key: string, vars?: Record<string, string | number>) => string;
  /** A label for a code: `prefix.code` from the dictionary, else the code itself. */
  label: (prefix: string, code: string | null | undefined) => string;
}

const I18nContext = createContext<I18n | null>(null);
const LANG_KEY = 'bangfu.lang';

function initialLang(): Lang {
  const stored = localStorage.getItem(LANG_KEY);
  return stored === 'en' ? 'en' : 'zh';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(LANG_KEY, l);
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(() => {
    const t = (key: string, vars?: Record<string, string | number>) => translate(lang, key, vars);
    return {
      lang,
      setLang,
      t,
      label: (prefix, code) => {
        if (!code) return '—';
        const key = `${prefix}.${code}`;
        return hasKey(key) ? t(key) : code;
      },
    };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
