/**
 * The org tree (组织架构): county federation → township / industry unions → enterprise unions →
 * grassroots unions → teams, to any depth. Which kind may sit under which, and where a unit may move.
 * Scope follows the materialised path (libs/domain/org-scope.ts): a move rewrites the path of the unit
 * and of its whole subtree (and of the tasks that carry a copy of it) in one transaction.
 *
 * Pure and deterministic: no I/O.
 */
export const ORG_UNIT_KINDS = [
  'county_federation',
  'township_union',
  'industry_union',
  'enterprise_union',
  'grassroots_unit',
  'team',
] as const;
export type OrgUnitKindCode = (typeof ORG_UNIT_KINDS)[number];

export const ORG_UNIT_KIND_LABELS: Record<OrgUnitKindCode, { zh: string; en: string }> = {
  county_federation: { zh: '县总工会', en: 'County federation' },
  township_union: { zh: '乡镇（街道）工会', en: 'Township union' },
  industry_union: { zh: '产业（系统）工会', en: 'Industry union' },
  enterprise_union: { zh: '企业工会', en: 'Enterprise union' },
  grassroots_unit: { zh: '基层工会', en: 'Grassroots union' },
  team: { zh: '班组', en: 'Team' },
};

/** Level of a kind: a unit sits under a unit of the same or a higher level (a lower number). */
const LEVEL: Record<OrgUnitKindCode, number> = {
  county_federation: 0,
  township_union: 1,
  industry_union: 1,
  enterprise_union: 2,
  grassroots_unit: 3,
  team: 4,
};

export interface OrgRefusal {
  field: string;
  rule: string;
  message: string;
}

/** Whether a unit of `child` kind may sit under a unit of `parent` kind (the federation is only the root). */
export function kindRefusal(parent: OrgUnitKindCode, child: OrgUnitKindCode): OrgRefusal | null {
  if (child === 'county_federation' || LEVEL[child] < LEVEL[parent]) {
    return {
      field: 'kind',
      rule: 'kind_under_parent',
      message: `a ${ORG_UNIT_KIND_LABELS[child].en} (${ORG_UNIT_KIND_LABELS[child].zh}) cannot sit under a ${ORG_UNIT_KIND_LABELS[parent].en} (${ORG_UNIT_KIND_LABELS[parent].zh})`,
    };
  }
  return null;
}

/** Why `unit` cannot move under `newParent`, or null. */
export function moveRefusal(
  unit: { id: string; path: string; kind: OrgUnitKindCode; parentId: string | null },
  newParent: { id: string; path: string; kind: OrgUnitKindCode; active: boolean },
): OrgRefusal | null {
  if (unit.parentId === null) {
    return {
      field: 'id',
      rule: 'root_fixed',
      message: 'the county federation is the root and does not move',
    };
  }
  if (newParent.path === unit.path || newParent.path.startsWith(`${unit.path}.`)) {
    return {
      field: 'parentId',
      rule: 'not_into_own_subtree',
      message: 'a unit cannot move under itself or one of its own sub-units',
    };
  }
  if (!newParent.active) {
    return { field: 'parentId', rule: 'parent_active', message: 'the new parent unit is deactivated' };
  }
  return kindRefusal(newParent.kind, unit.kind);
}

/** The path of a unit in the moved subtree: the old prefix replaced by the new one. */
export function rebasePath(path: string, oldPrefix: string, newPrefix: string): string {
  if (path !== oldPrefix && !path.startsWith(`${oldPrefix}.`)) {
    throw new RangeError(`${path} is not in the subtree ${oldPrefix}`);
  }
  return newPrefix + path.slice(oldPrefix.length);
}

/** New work (a member, a file, an application, a loan) is not accepted in a deactivated unit. */
export function unitActiveRefusal(active: boolean): OrgRefusal | null {
  return active
    ? null
    : {
        field: 'orgUnitId',
        rule: 'unit_active',
        message: 'the unit is deactivated (已停用): transfer the member to an active unit first',
      };
}
