import { CASE_STATUS_LABELS, CaseStatus } from '../../../../libs/domain/aid-case';

const ACTIONS: Record<string, { zh: string; en: string }> = {
  'case.submitted': { zh: '提交申请', en: 'Application submitted' },
  'case.notice_started': { zh: '开始公示', en: 'Public notice started' },
  'case.objection': { zh: '公示期间收到异议', en: 'Objection during public notice' },
  'task.opened': { zh: '生成待办', en: 'Task opened' },
  'task.approve': { zh: '审批同意', en: 'Approved' },
  'task.reject': { zh: '审批不同意', en: 'Rejected' },
  'task.return': { zh: '退回补充材料', en: 'Returned for more information' },
  'task.done': { zh: '办理完成', en: 'Task completed' },
  'task.claim': { zh: '认领待办', en: 'Task claimed' },
  'task.release': { zh: '释放待办', en: 'Task released' },
  'task.reassign': { zh: '转办', en: 'Task reassigned' },
  'task.reminded': { zh: '到期提醒', en: 'Reminder sent' },
  'task.escalated': { zh: '超期上报', en: 'Escalated' },
  'funds.reserved': { zh: '预留资金', en: 'Funds reserved' },
  'funds.released': { zh: '释放预留资金', en: 'Reservation released' },
  'funds.paid': { zh: '资金已发放', en: 'Paid' },
  'file.opened': { zh: '建档申请', en: 'File opened' },
  'file.investigation': { zh: '记录五清一访', en: 'Investigation recorded' },
  'file.category': { zh: '困难类别认定', en: 'Category computed' },
  'file.notice_started': { zh: '开始公示', en: 'Public notice started' },
  'file.objection': { zh: '公示期间收到异议', en: 'Objection during public notice' },
  'file.measure': { zh: '帮扶措施', en: 'Help measure added' },
  'pii.read': { zh: '查看敏感信息', en: 'Sensitive data read' },
  'attachment.uploaded': { zh: '上传附件', en: 'Attachment uploaded' },
  'subsidy.paid': { zh: '定期补助已发放', en: 'Regular subsidy paid' },
  'subsidy.suspended': { zh: '定期补助暂停', en: 'Regular subsidy suspended' },
  'subsidy.resumed': { zh: '补发暂停的定期补助', en: 'Suspended regular subsidy paid' },
  'subsidy.skipped': { zh: '定期补助不发放', en: 'Regular subsidy not paid' },
  'recertification.opened': { zh: '年度复核开始', en: 'Annual re-certification opened' },
  'recertification.recertified': { zh: '年度复核续认', en: 'Recertified' },
  'recertification.not_recertified': { zh: '年度复核不予续认', en: 'Not recertified' },
  'recertification.cancelled': { zh: '年度复核取消', en: 'Re-certification cancelled' },
  'early_warning.reported': { zh: '登记预警事件', en: 'Early warning reported' },
  'early_warning.outreach': { zh: '已走访慰问', en: 'Outreach done' },
  'early_warning.closed': { zh: '预警事件关闭', en: 'Early warning closed' },
  // accounts and logins (issue 11/14: users, auth)
  'auth.login': { zh: '登录成功', en: 'Logged in' },
  'auth.login_failed': { zh: '登录失败', en: 'Login failed' },
  'auth.lockout': { zh: '账户锁定', en: 'Account locked' },
  'auth.logout': { zh: '退出登录', en: 'Logged out' },
  'auth.refresh_reused': { zh: '刷新令牌被重复使用', en: 'Refresh token reused' },
  'user.created': { zh: '创建账户', en: 'Account created' },
  'user.updated': { zh: '修改账户', en: 'Account changed' },
  'user.grants_changed': { zh: '修改角色授权', en: 'Roles changed' },
  'user.disabled': { zh: '停用账户', en: 'Account disabled' },
  'user.enabled': { zh: '启用账户', en: 'Account enabled' },
  'user.password_reset': { zh: '重置密码', en: 'Password reset' },
  'user.password_changed': { zh: '修改密码', en: 'Password changed' },
  'user.unlocked': { zh: '解除锁定', en: 'Account unlocked' },
  'user.first_admin': { zh: '创建首个管理员', en: 'First admin created' },
};

/** Chinese and English label of a timeline entry. */
export function timelineLabel(action: string, data: Record<string, unknown>): { zh: string; en: string } {
  if (action === 'file.status') {
    const st = String(data.status);
    const zh: Record<string, string> = {
      investigating: '调查中',
      pending_approval: '审批中',
      returned: '退回补充',
      in_notice: '公示中',
      active: '已建档',
      rejected: '未通过',
      withdrawn: '已撤回',
      closed: '已销档',
    };
    return { zh: `状态：${zh[st] ?? st}`, en: `Status: ${st}` };
  }
  if (action === 'case.status') {
    const s = CASE_STATUS_LABELS[data.status as CaseStatus];
    return s ? { zh: `状态：${s.zh}`, en: `Status: ${s.en}` } : { zh: action, en: action };
  }
  return ACTIONS[action] ?? { zh: action, en: action };
}
