/**
 * Sensitive reads (敏感信息查阅): audit actions that record someone reading personal data
 * (a national ID number revealed, a health note, an attachment opened). The auditor's
 * "sensitive reads only" filter is this rule. Pure.
 */
export const SENSITIVE_READ_ACTIONS = ['pii.read', 'attachment.read'] as const;

/** Any action named `<something>.read` is a sensitive read too (new features follow the naming). */
export function isSensitiveRead(action: string): boolean {
  return (SENSITIVE_READ_ACTIONS as readonly string[]).includes(action) || action.endsWith('.read');
}

/** The same rule as SQL over a column holding the action (for set-based filters). */
export function sensitiveReadSql(column: string, param: string): string {
  return `(${column} = ANY(${param}::text[]) OR ${column} LIKE '%.read')`;
}
