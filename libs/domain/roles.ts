/** Roles a user can hold. Identifiers in English; labels for the UI in zh-CN and en. */
export const ROLES = [
  'caseworker',
  'branch_chair',
  'union_chair',
  'leader',
  'finance',
  'auditor',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  caseworker: { zh: '工会干部', en: 'Caseworker' },
  branch_chair: { zh: '基层工会主席', en: 'Grassroots union chair' },
  union_chair: { zh: '公司工会主席', en: 'Union chair' },
  leader: { zh: '公司负责人', en: 'Company leader' },
  finance: { zh: '财务', en: 'Finance' },
  auditor: { zh: '审计', en: 'Auditor' },
  admin: { zh: '系统管理员', en: 'Administrator' },
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Who may withdraw a file or a case still in progress (the API's route and the workflow's Update validator). */
export const WITHDRAW_ROLES: readonly Role[] = ['caseworker', 'branch_chair', 'union_chair', 'admin'];
