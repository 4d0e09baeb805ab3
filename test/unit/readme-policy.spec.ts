import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { policyTables } from '../../scripts/policy-table';

test('the README policy tables are generated from the default policy data (npm run policy:table)', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf('<!-- policy-table:start -->');
  const end = readme.indexOf('<!-- policy-table:end -->');
  expect(start).toBeGreaterThan(0);
  expect(readme.slice(start + '<!-- policy-table:start -->'.length, end).trim()).toBe(policyTables().trim());
});
