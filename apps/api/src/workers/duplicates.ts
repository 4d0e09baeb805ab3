import { AuditRepository } from '../../../../libs/audit/audit.repository';
import { isWithinScope } from '../../../../libs/domain/org-scope';
import type { PersonOnRecord } from '../../../../libs/households/households.repository';
import type { AuthUser } from '../auth/auth.decorators';
import { WorkerExceptions } from './workers.exceptions';

/**
 * The one answer to "this ID number is already on record" (issue 14: no oracle). A caller whose
 * subtree holds the existing record (its own unit, or the federation: admin at the root) is told
 * where; anyone else hears only "already registered elsewhere; ask the federation" — no unit, no
 * household, no name — and an audit row records the attempt with the place, for the federation to
 * follow up (GET /api/workers/duplicate-attempts).
 */
export async function refuseDuplicate(
  audit: AuditRepository,
  user: AuthUser,
  existing: PersonOnRecord,
  attempt: { as: 'worker' | 'household_member'; orgUnitId: string; field: string },
): Promise<never> {
  if (isWithinScope(user.orgPath, existing.path)) {
    throw WorkerExceptions.registered(attempt.field, {
      id: existing.workerId ?? existing.memberId ?? '',
      employeeNo: existing.employeeNo ?? existing.householdCode ?? '',
      name: existing.name,
      orgUnitName: existing.orgUnitName,
    });
  }
  await audit.append({
    actorId: user.userId,
    actorName: user.displayName,
    action: 'person.duplicate_refused',
    entityType: existing.kind,
    entityId: existing.kind === 'worker' ? existing.workerId! : existing.memberId!,
    details: {
      attemptedAs: attempt.as,
      attemptedOrgUnitId: attempt.orgUnitId,
      existingOrgUnitId: existing.orgUnitId,
      existingHouseholdId: existing.householdId,
    },
  });
  throw WorkerExceptions.registeredElsewhere(attempt.field);
}
