import { DEFAULT_POLICY } from '../../libs/domain/policy/defaults';
import { validatePolicy, type PolicyValidationError } from '../../libs/domain/policy/schema';

/**
 * A mutable deep copy as untyped JSON, for structural breakage the types would forbid (wrong types,
 * deleted fields, unknown fields).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- deliberately untyped test input
type LooseJson = any;
function raw(): Record<string, LooseJson> {
  return JSON.parse(JSON.stringify(DEFAULT_POLICY)) as Record<string, LooseJson>;
}

function errorsOf(data: unknown): PolicyValidationError[] {
  const result = validatePolicy(data);
  return result.ok ? [] : result.errors;
}

function expectError(data: unknown, field: string, rule: string): void {
  expect(errorsOf(data)).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
}

describe('validatePolicy', () => {
  test('the document itself must be an object', () => {
    expect(errorsOf(undefined)).toEqual([expect.objectContaining({ field: '', rule: 'required' })]);
    expect(errorsOf(null)).toEqual([expect.objectContaining({ field: '', rule: 'type' })]);
    expect(errorsOf([])).toEqual([expect.objectContaining({ field: '', rule: 'type' })]);
    expect(errorsOf('policy')).toEqual([expect.objectContaining({ field: '', rule: 'type' })]);
  });

  test('an empty object reports every missing top-level field', () => {
    const fields = errorsOf({}).map((e) => `${e.field}:${e.rule}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        'localities:required',
        'category:required',
        'programs:required',
        'stages:required',
        'routing:required',
        'fileStages:required',
        'noticeWorkingDays:required',
        'stageDueWorkingDays:required',
        'escalationGraceWorkingDays:required',
        'followUpDays:required',
        'reservationExpiryDays:required',
        'exitMonthsAbove:required',
      ]),
    );
  });

  test('unknown fields are refused at any depth', () => {
    const p = raw();
    p.extra = 1;
    p.programs[1].noticeFromFenn = 5;
    p.category.other = true;
    expectError(p, 'extra', 'unknown_field');
    expectError(p, 'programs[1].noticeFromFenn', 'unknown_field');
    expectError(p, 'category.other', 'unknown_field');
  });

  test('errors carry a message', () => {
    const p = raw();
    p.programs[2].maxAmountFen = -1;
    const [error] = errorsOf(p);
    expect(error).toEqual({
      field: 'programs[2].maxAmountFen',
      rule: 'fen',
      message: expect.stringContaining('programs[2].maxAmountFen'),
    });
  });

  describe('localities', () => {
    test('non-empty list of objects', () => {
      const p = raw();
      p.localities = [];
      expectError(p, 'localities', 'non_empty');
      p.localities = {};
      expectError(p, 'localities', 'type');
      p.localities = ['370000'];
      expectError(p, 'localities[0]', 'type');
    });

    test('code and name required, non-empty strings', () => {
      const p = raw();
      delete p.localities[0].code;
      p.localities[1].nameZh = '  ';
      p.localities[2].code = 310000;
      expectError(p, 'localities[0].code', 'required');
      expectError(p, 'localities[1].nameZh', 'non_empty');
      expectError(p, 'localities[2].code', 'type');
    });

    test('低保 is a positive integer of fen', () => {
      for (const bad of [-1, 1062.5, '106200', null, Number.NaN]) {
        const p = raw();
        p.localities[0].dibaoFenPerPersonMonth = bad;
        expectError(p, 'localities[0].dibaoFenPerPersonMonth', 'fen');
      }
      const p = raw();
      p.localities[0].dibaoFenPerPersonMonth = 0;
      expectError(p, 'localities[0].dibaoFenPerPersonMonth', 'positive_fen');
    });

    test('codes are unique; the repeat is reported', () => {
      const p = raw();
      p.localities[2].code = '370000';
      expect(errorsOf(p)).toEqual([expect.objectContaining({ field: 'localities[2].code', rule: 'unique' })]);
    });
  });

  describe('category settings', () => {
    test('relative multiplier from 100% to 1000%', () => {
      for (const [value, ok] of [
        [99, false],
        [100, true],
        [200, true],
        [1000, true],
        [1001, false],
      ] as const) {
        const p = raw();
        p.category.relativeMultiplierPercent = value;
        if (ok) expect(errorsOf(p)).toEqual([]);
        else expectError(p, 'category.relativeMultiplierPercent', 'range');
      }
    });

    test('accident cost share from 1% to 100%', () => {
      for (const [value, ok] of [
        [0, false],
        [1, true],
        [100, true],
        [101, false],
      ] as const) {
        const p = raw();
        p.category.accidentCostSharePercent = value;
        if (ok) expect(errorsOf(p)).toEqual([]);
        else expectError(p, 'category.accidentCostSharePercent', 'range');
      }
    });

    test('percentages are whole numbers', () => {
      const p = raw();
      p.category.accidentCostSharePercent = 80.5;
      p.category.relativeMultiplierPercent = '200';
      expectError(p, 'category.accidentCostSharePercent', 'integer');
      expectError(p, 'category.relativeMultiplierPercent', 'type');
    });

    test('category must be an object', () => {
      const p = raw();
      p.category = 200;
      expectError(p, 'category', 'type');
    });
  });

  describe('programs', () => {
    test('non-empty list', () => {
      const p = raw();
      p.programs = [];
      expectError(p, 'programs', 'non_empty');
    });

    test('amounts are integer fen ≥ 0', () => {
      const p = raw();
      p.programs[0].minAmountFen = -1;
      p.programs[1].maxAmountFen = 500_000.5;
      p.programs[2].maxAmountFen = '50000';
      expectError(p, 'programs[0].minAmountFen', 'fen');
      expectError(p, 'programs[1].maxAmountFen', 'fen');
      expectError(p, 'programs[2].maxAmountFen', 'fen');
    });

    test('min must not exceed max; equal is fine', () => {
      const p = raw();
      p.programs[2].minAmountFen = 50_001;
      expect(errorsOf(p)).toEqual([
        expect.objectContaining({ field: 'programs[2].maxAmountFen', rule: 'min_le_max' }),
      ]);
      p.programs[2].minAmountFen = 50_000;
      expect(errorsOf(p)).toEqual([]);
    });

    test('noticeFromFen is fen or null', () => {
      const p = raw();
      p.programs[0].noticeFromFen = null;
      expect(errorsOf(p)).toEqual([]);
      p.programs[0].noticeFromFen = -5;
      expectError(p, 'programs[0].noticeFromFen', 'fen');
      delete p.programs[0].noticeFromFen;
      expectError(p, 'programs[0].noticeFromFen', 'required');
    });

    test('flags are booleans', () => {
      const p = raw();
      p.programs[3].oncePerYear = 'yes';
      delete p.programs[4].requiresActiveFile;
      expectError(p, 'programs[3].oncePerYear', 'type');
      expectError(p, 'programs[4].requiresActiveFile', 'required');
    });

    test('codes are unique lower-case identifiers, never "*"', () => {
      const p = raw();
      p.programs[1].code = 'disaster';
      expect(errorsOf(p)).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'programs[1].code', rule: 'unique' })]),
      );
      for (const bad of ['*', 'Illness', '大病', 'ill ness', '1x']) {
        const q = raw();
        q.programs[1].code = bad;
        expectError(q, 'programs[1].code', 'code_format');
      }
    });

    test('names are required', () => {
      const p = raw();
      p.programs[0].nameEn = '';
      delete p.programs[0].nameZh;
      expectError(p, 'programs[0].nameEn', 'non_empty');
      expectError(p, 'programs[0].nameZh', 'required');
    });

    test('eligible categories are known and unique', () => {
      const p = raw();
      p.programs[2].eligibleCategories = ['deep', 'poor', 'deep'];
      expectError(p, 'programs[2].eligibleCategories[1]', 'unknown_category');
      expectError(p, 'programs[2].eligibleCategories[2]', 'unique');
      p.programs[2].eligibleCategories = 'deep';
      expectError(p, 'programs[2].eligibleCategories', 'type');
    });

    test('a category restriction needs an active file', () => {
      const p = raw();
      p.programs[0].eligibleCategories = ['deep'];
      expect(errorsOf(p)).toEqual([
        expect.objectContaining({ field: 'programs[0].eligibleCategories', rule: 'category_needs_file' }),
      ]);
    });
  });

  describe('stages', () => {
    test('non-empty list with unique codes', () => {
      const p = raw();
      p.stages = [];
      expectError(p, 'stages', 'non_empty');
      const q = raw();
      q.stages[2].code = 'union';
      expectError(q, 'stages[2].code', 'unique');
    });

    test('candidate role must be a known role', () => {
      const p = raw();
      p.stages[1].candidateRole = 'chairman';
      expect(errorsOf(p)).toEqual([
        expect.objectContaining({ field: 'stages[1].candidateRole', rule: 'unknown_role' }),
      ]);
      delete p.stages[1].candidateRole;
      expectError(p, 'stages[1].candidateRole', 'required');
    });

    test('stage code format and names', () => {
      const p = raw();
      p.stages[0].code = 'Grass Roots';
      p.stages[0].nameEn = 7;
      expectError(p, 'stages[0].code', 'code_format');
      expectError(p, 'stages[0].nameEn', 'type');
    });
  });

  describe('routing', () => {
    test('non-empty list', () => {
      const p = raw();
      p.routing = [];
      expectError(p, 'routing', 'non_empty');
    });

    test('every rule has a non-empty stage list of defined, distinct stages', () => {
      const p = raw();
      p.routing[0].stages = [];
      p.routing[1].stages = ['grassroots', 'county', 'grassroots', 3];
      expectError(p, 'routing[0].stages', 'non_empty');
      expectError(p, 'routing[1].stages[1]', 'unknown_stage');
      expectError(p, 'routing[1].stages[2]', 'unique');
      expectError(p, 'routing[1].stages[3]', 'type');
    });

    test('program is "*" or a defined program', () => {
      const p = raw();
      p.routing.unshift({ program: 'loan', upToFen: 100, stages: ['grassroots'] });
      expectError(p, 'routing[0].program', 'unknown_program');
      p.routing[0].program = 'illness';
      expect(errorsOf(p)).toEqual([]);
    });

    test('upToFen is fen or null', () => {
      const p = raw();
      p.routing[0].upToFen = -1;
      expectError(p, 'routing[0].upToFen', 'fen');
      p.routing[0].upToFen = 1.5;
      expectError(p, 'routing[0].upToFen', 'fen');
    });

    test('a catch-all rule ("*", upToFen null) is required', () => {
      const p = raw();
      p.routing[1].upToFen = 10_000_000;
      expect(errorsOf(p)).toEqual([
        expect.objectContaining({ field: 'routing', rule: 'catch_all_required' }),
      ]);
      const q = raw();
      q.routing[1].program = 'illness';
      expect(errorsOf(q)).toEqual([
        expect.objectContaining({ field: 'routing', rule: 'catch_all_required' }),
      ]);
    });

    test('rules after the catch-all are unreachable', () => {
      const p = raw();
      p.routing.push({ program: 'illness', upToFen: null, stages: ['union'] });
      expect(errorsOf(p)).toEqual([
        expect.objectContaining({ field: 'routing[2]', rule: 'unreachable_rule' }),
      ]);
    });
  });

  describe('fileStages', () => {
    test('non-empty, defined, distinct', () => {
      const p = raw();
      p.fileStages = [];
      expectError(p, 'fileStages', 'non_empty');
      p.fileStages = ['grassroots', 'board', 'grassroots'];
      expectError(p, 'fileStages[1]', 'unknown_stage');
      expectError(p, 'fileStages[2]', 'unique');
    });
  });

  describe('durations', () => {
    const fields = [
      'noticeWorkingDays',
      'stageDueWorkingDays',
      'escalationGraceWorkingDays',
      'followUpDays',
      'reservationExpiryDays',
      'exitMonthsAbove',
    ];
    test.each(fields)('%s is a positive whole number', (field) => {
      for (const [value, rule] of [
        [0, 'range'],
        [-3, 'range'],
        [2.5, 'integer'],
        ['5', 'type'],
        [null, 'type'],
        [100_000, 'range'],
      ] as const) {
        const p = raw();
        p[field] = value;
        expect(errorsOf(p)).toEqual([expect.objectContaining({ field, rule })]);
      }
      const p = raw();
      p[field] = 1;
      expect(errorsOf(p)).toEqual([]);
    });
  });

  test('a broken stage does not cascade into reference errors', () => {
    const p = raw();
    p.stages[2].candidateRole = 'boss';
    // routing still refers to "leader", which exists (only its role is wrong)
    expect(errorsOf(p).map((e) => e.field)).toEqual(['stages[2].candidateRole']);
  });

  test('collects many errors in one pass', () => {
    const p = raw();
    p.localities[0].dibaoFenPerPersonMonth = -1;
    p.programs[0].minAmountFen = 900_000;
    p.stages[0].candidateRole = 'x';
    p.noticeWorkingDays = 0;
    expect(errorsOf(p).map((e) => e.field)).toEqual([
      'localities[0].dibaoFenPerPersonMonth',
      'programs[0].maxAmountFen',
      'stages[0].candidateRole',
      'noticeWorkingDays',
    ]);
  });
});
