import { kindRefusal, moveRefusal, rebasePath, unitActiveRefusal } from '../../libs/domain/org-tree';

const unit = (
  id: string,
  path: string,
  kind: 'grassroots_unit' | 'enterprise_union' = 'grassroots_unit',
) => ({
  id,
  path,
  kind,
  parentId: path.includes('.') ? path.split('.').slice(-2, -1)[0]! : null,
});

describe('org tree rules', () => {
  test('a unit sits under the same or a higher level; the federation only at the root', () => {
    expect(kindRefusal('county_federation', 'township_union')).toBeNull();
    expect(kindRefusal('township_union', 'enterprise_union')).toBeNull();
    expect(kindRefusal('grassroots_unit', 'grassroots_unit')).toBeNull(); // any depth
    expect(kindRefusal('team', 'team')).toBeNull();
    expect(kindRefusal('grassroots_unit', 'enterprise_union')).toMatchObject({ rule: 'kind_under_parent' });
    expect(kindRefusal('county_federation', 'county_federation')).toMatchObject({
      rule: 'kind_under_parent',
    });
  });

  test('a move into the own subtree, of the root, or under a deactivated unit is refused', () => {
    const g = unit('g', 'r.e.g');
    expect(moveRefusal(g, { id: 't', path: 'r.e.g.t', kind: 'team', active: true })).toMatchObject({
      rule: 'not_into_own_subtree',
    });
    expect(moveRefusal(g, { id: 'g', path: 'r.e.g', kind: 'grassroots_unit', active: true })).toMatchObject({
      rule: 'not_into_own_subtree',
    });
    // a sibling whose path starts with the same characters is not inside the subtree
    expect(moveRefusal(g, { id: 'g2', path: 'r.e.g2', kind: 'grassroots_unit', active: true })).toBeNull();
    expect(
      moveRefusal(unit('r', 'r'), { id: 'x', path: 'x', kind: 'county_federation', active: true }),
    ).toMatchObject({
      rule: 'root_fixed',
    });
    expect(moveRefusal(g, { id: 'e2', path: 'r.e2', kind: 'enterprise_union', active: false })).toMatchObject(
      {
        rule: 'parent_active',
      },
    );
    expect(moveRefusal(g, { id: 'e2', path: 'r.e2', kind: 'enterprise_union', active: true })).toBeNull();
  });

  test('paths below a moved unit are rebased', () => {
    expect(rebasePath('r.e.g.t', 'r.e.g', 'r.z.e2.g')).toBe('r.z.e2.g.t');
    expect(rebasePath('r.e.g', 'r.e.g', 'r.e2.g')).toBe('r.e2.g');
    expect(() => rebasePath('r.e.g2', 'r.e.g', 'r.x.g')).toThrow(RangeError);
  });
});

test('no new work in a deactivated unit', () => {
  expect(unitActiveRefusal(true)).toBeNull();
  expect(unitActiveRefusal(false)).toMatchObject({ field: 'orgUnitId', rule: 'unit_active' });
});
