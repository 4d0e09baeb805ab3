/**
 * Grants (授权): a user holds one or more roles, each in an org unit (and its subtree). Code written
 * before grants reads a single `roles` list and one `orgPath`; `legacyView` gives it only the roles
 * whose grant covers the user's primary unit, so those checks never reach further than a grant.
 *
 * Pure: no I/O.
 */
import { isWithinScope } from './org-scope';
import type { Role } from './roles';

export interface Grant {
  role: Role;
  orgUnitId: string;
  /** materialised path of the grant's unit */
  orgPath: string;
}

/** Roles for code that reads one scope: those granted at the primary unit or at a unit above it. */
export function legacyRoles(grants: ReadonlyArray<Grant>, primaryPath: string): Role[] {
  const out: Role[] = [];
  for (const g of grants)
    if (isWithinScope(g.orgPath, primaryPath) && !out.includes(g.role)) out.push(g.role);
  return out;
}

/** True when some grant gives one of `roles` over the unit at `unitPath`. */
export function hasRoleAt(
  grants: ReadonlyArray<Grant>,
  roles: ReadonlyArray<Role>,
  unitPath: string,
): boolean {
  return grants.some((g) => roles.includes(g.role) && isWithinScope(g.orgPath, unitPath));
}

/** Roles a union chair may hand out within their own subtree (admin and auditor stay with admins). */
export const CHAIR_GRANTABLE_ROLES: ReadonlyArray<Role> = [
  'caseworker',
  'branch_chair',
  'union_chair',
  'leader',
  'finance',
];

export type ManageRefusal = 'not_account_admin' | 'outside_scope' | 'role_not_grantable';

/**
 * May `actor` create or change an account whose primary unit is `targetPrimaryPath` and whose
 * grants become `targetGrants` (and, for a change, were `currentGrants`)? Admins manage everyone;
 * a union chair manages accounts in their own subtree and grants only CHAIR_GRANTABLE_ROLES there.
 */
export function manageRefusal(
  actor: ReadonlyArray<Grant>,
  targetPrimaryPath: string,
  targetGrants: ReadonlyArray<Grant>,
  currentGrants: ReadonlyArray<Grant> = [],
): ManageRefusal | null {
  if (actor.some((g) => g.role === 'admin')) return null;
  const chairs = actor.filter((g) => g.role === 'union_chair');
  if (chairs.length === 0) return 'not_account_admin';
  const inScope = (path: string) => chairs.some((g) => isWithinScope(g.orgPath, path));
  if (!inScope(targetPrimaryPath)) return 'outside_scope';
  for (const g of [...targetGrants, ...currentGrants]) {
    if (!inScope(g.orgPath)) return 'outside_scope';
    if (!CHAIR_GRANTABLE_ROLES.includes(g.role)) return 'role_not_grantable';
  }
  return null;
}
