import { DEFAULT_POLICY } from '../../libs/domain/policy/defaults';
import type { PolicyData } from '../../libs/domain/policy-types';
import { routeStages } from '../../libs/domain/routing';

/** A mutable deep copy of the default policy to break in tests. */
function policy(): PolicyData {
  return JSON.parse(JSON.stringify(DEFAULT_POLICY)) as PolicyData;
}

describe('routeStages', () => {
  const codes = (programCode: string, amountFen: number, p: PolicyData = DEFAULT_POLICY) =>
    routeStages(p, programCode, amountFen).map((s) => s.code);

  test('up to 2,000 yuan: grassroots then union; above: the leader too', () => {
    expect(codes('illness', 50_000)).toEqual(['grassroots', 'union']);
    expect(codes('illness', 200_000)).toEqual(['grassroots', 'union']);
    expect(codes('illness', 200_001)).toEqual(['grassroots', 'union', 'leader']);
    expect(codes('disaster', 500_000)).toEqual(['grassroots', 'union', 'leader']);
    expect(codes('tuition', 200_000)).toEqual(['grassroots', 'union']);
  });

  test('returns full stage definitions, as copies', () => {
    const stages = routeStages(DEFAULT_POLICY, 'illness', 300_000);
    expect(stages[2]).toEqual({
      code: 'leader',
      nameZh: '公司负责人审批',
      nameEn: expect.any(String),
      candidateRole: 'leader',
    });
    stages[0]!.candidateRole = 'admin';
    expect(DEFAULT_POLICY.stages[0]!.candidateRole).toBe('branch_chair');
  });

  test('first matching rule wins; a program-specific rule can precede the catch-alls', () => {
    const p = policy();
    p.routing.unshift({ program: 'hospital_visit', upToFen: null, stages: ['grassroots'] });
    expect(codes('hospital_visit', 100_000, p)).toEqual(['grassroots']);
    expect(codes('illness', 100_000, p)).toEqual(['grassroots', 'union']);
  });

  test('the catch-all routes any program, even one the rules do not name', () => {
    expect(codes('some_new_program', 10_000_000)).toEqual(['grassroots', 'union', 'leader']);
  });

  test('throws when no rule matches or a stage is undefined', () => {
    const p = policy();
    p.routing = [{ program: '*', upToFen: 200_000, stages: ['grassroots'] }];
    expect(() => routeStages(p, 'illness', 200_001)).toThrow(/no routing rule/);
    p.routing = [{ program: '*', upToFen: null, stages: ['county'] }];
    expect(() => routeStages(p, 'illness', 1)).toThrow(/undefined stage "county"/);
  });

  test('refuses amounts that are not fen', () => {
    expect(() => routeStages(DEFAULT_POLICY, 'illness', 1.5)).toThrow(RangeError);
    expect(() => routeStages(DEFAULT_POLICY, 'illness', -1)).toThrow(RangeError);
  });
});
