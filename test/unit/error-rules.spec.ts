import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { ERROR_RULES, ErrorRule } from '../../libs/domain/error-rules';
import { ELIGIBILITY_RULES } from '../../libs/domain/eligibility';
import { FAILURE_HTTP } from '../../apps/api/src/common/http-error.filter';
import { ErrorCode } from '../../apps/api/src/common/errors';
import { ERROR_CODE_TEXTS, ERROR_TEXTS } from '../../apps/web/src/error-texts';

/**
 * Every refusal the API can answer names a rule of the one catalog (libs/domain/error-rules.ts),
 * and the console has a Chinese and an English text for each (apps/web/src/error-texts.ts).
 */
const ROOT = path.resolve(__dirname, '..', '..');

function files(dir: string, test: (f: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p, test));
    else if (test(p)) out.push(p);
  }
  return out;
}

const SOURCES = [
  ...files(path.join(ROOT, 'apps', 'api', 'src'), (f) => f.endsWith('.ts')),
  ...files(
    path.join(ROOT, 'libs'),
    (f) => f.endsWith('.ts') && !f.includes(`${path.sep}migrations${path.sep}`),
  ),
  ...files(path.join(ROOT, 'workflows'), (f) => f.endsWith('.ts')),
  ...files(path.join(ROOT, 'activities'), (f) => f.endsWith('.ts')),
];

describe('error catalog', () => {
  test.each(ERROR_RULES.map((r) => [r]))('rule %s has a Chinese and an English text', (rule) => {
    const text = ERROR_TEXTS[rule];
    expect(text).toBeDefined();
    const [zh, en] = text!;
    expect(zh.trim()).not.toBe('');
    expect(/[\u4e00-\u9fff]/.test(zh)).toBe(true);
    expect(en.trim()).not.toBe('');
    expect(/[\u4e00-\u9fff]/.test(en)).toBe(false);
  });

  test('every top-level error code has a Chinese and an English text', () => {
    for (const code of [...Object.values(ErrorCode), 'CHRONIC_BORROWER']) {
      expect([code, ERROR_CODE_TEXTS[code]?.every((t) => t.trim() !== '')]).toEqual([code, true]);
    }
  });

  test('the console has no text for a rule outside the catalog (one place for rules)', () => {
    const stale = Object.keys(ERROR_TEXTS).filter((r) => !ERROR_RULES.includes(r));
    expect(stale).toEqual([]);
  });

  test('the rules of FAILURE_HTTP, the eligibility check and every module error enum are in the catalog', async () => {
    const used = new Set<string>([...Object.values(FAILURE_HTTP).map((h) => h.rule), ...ELIGIBILITY_RULES]);
    for (const f of SOURCES.filter((f) => f.endsWith('.exceptions.ts'))) {
      const mod = (await import(f)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) {
        if (/ErrorCode$/.test(name) && typeof value === 'object' && value !== null) {
          for (const v of Object.values(value)) if (typeof v === 'string') used.add(v);
        }
      }
    }
    expect([...used].filter((r) => !ERROR_RULES.includes(r))).toEqual([]);
  });

  test('every rule literal in the API, libs, workflows and activities is in the catalog', () => {
    const literal = /\brule:\s*'([A-Za-z_]+)'|\badd\(\s*[^,()]+(?:\([^)]*\))?,\s*'([A-Za-z_]+)'/g;
    const missing: string[] = [];
    for (const f of SOURCES) {
      for (const m of readFileSync(f, 'utf8').matchAll(literal)) {
        const rule = m[1] ?? m[2]!;
        if (!ERROR_RULES.includes(rule)) missing.push(`${path.relative(ROOT, f)}: ${rule}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('every class-validator constraint on a request DTO is in the catalog', async () => {
    for (const f of SOURCES.filter((f) => f.includes(`${path.sep}dto${path.sep}`) && f.endsWith('.dto.ts')))
      await import(f);
    const storage = getMetadataStorage() as unknown as {
      validationMetadatas: Map<unknown, Array<{ name?: string; type: string }>>;
    };
    const names = new Set<string>();
    for (const list of storage.validationMetadatas.values())
      for (const m of list) {
        const n = m.name ?? m.type;
        if (
          n &&
          !['conditionalValidation', 'whitelistValidation', 'isOptional', 'customValidation'].includes(n)
        )
          names.add(n === 'nestedValidation' ? ErrorRule.NestedValidation : n);
      }
    expect(names.size).toBeGreaterThan(10);
    expect([...names].filter((n) => !ERROR_RULES.includes(n))).toEqual([]);
  });
});
