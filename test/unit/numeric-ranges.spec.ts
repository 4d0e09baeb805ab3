import { getMetadataStorage } from 'class-validator';
import { buildOpenApiDocument } from '../../apps/api/src/openapi';

/**
 * Every integer or number a request may carry (body, query) is bounded: a DTO property validated
 * with IsInt/IsNumber also has Min and Max, so `year=-1.5e195` or `amountFen=1e300` is a 400 naming
 * the field, never a PostgreSQL overflow (500).
 */
type Meta = { name?: string; propertyName: string; target: unknown; constraints?: unknown[] };

async function numericProperties(): Promise<Array<{ where: string; rules: Set<string> }>> {
  await buildOpenApiDocument(); // loads every controller and its DTO classes
  const metas = (getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, Meta[]> })
    .validationMetadatas;
  const out: Array<{ where: string; rules: Set<string> }> = [];
  for (const [target, list] of metas) {
    const byProp = new Map<string, Set<string>>();
    for (const m of list) {
      if (!m.name) continue;
      const rules = byProp.get(m.propertyName) ?? new Set<string>();
      rules.add(m.name);
      byProp.set(m.propertyName, rules);
    }
    const file = String((target as { name?: string }).name);
    if (file === 'EnvSchema') continue; // configuration, not a request
    for (const [prop, rules] of byProp) {
      if (rules.has('isInt') || rules.has('isNumber')) out.push({ where: `${file}.${prop}`, rules });
    }
  }
  return out;
}

test('every numeric request field has a minimum and a maximum', async () => {
  const props = await numericProperties();
  expect(props.length).toBeGreaterThan(5);
  const unbounded = props
    .filter((p) => !(p.rules.has('min') || p.rules.has('isPositive')) || !p.rules.has('max'))
    .map((p) => p.where);
  expect(unbounded).toEqual([]);
}, 60_000);
