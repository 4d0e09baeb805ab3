import { adoptAll, adoptionEnabled } from '../../apps/worker/src/adoption';

/** The start-up adoption walk: every record once, page after page by id, a few at a time. */
test('adoptAll visits every record once over keyset pages and counts the adoptions', async () => {
  const ids = Array.from({ length: 23 }, (_, i) => ({ id: `r${String(i).padStart(2, '0')}` }));
  const reads: Array<string | null> = [];
  const seen: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const n = await adoptAll(
    async (after, limit) => {
      reads.push(after);
      return ids.filter((r) => after === null || r.id > after).slice(0, limit);
    },
    async (r) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((res) => setTimeout(res, 1));
      inFlight--;
      seen.push(r.id);
      return Number(r.id.slice(1)) % 2 === 0;
    },
    { pageSize: 10, parallel: 4 },
  );
  expect(seen.sort()).toEqual(ids.map((r) => r.id));
  expect(reads).toEqual([null, 'r09', 'r19']);
  expect(maxInFlight).toBeLessThanOrEqual(4);
  expect(n).toBe(12);
});

test('adoption runs when on, and when auto outside tests', () => {
  expect(adoptionEnabled('on', { NODE_ENV: 'test' })).toBe(true);
  expect(adoptionEnabled('auto', { NODE_ENV: 'production' })).toBe(true);
  expect(adoptionEnabled('auto', { NODE_ENV: 'test' })).toBe(false);
  expect(adoptionEnabled('off', { NODE_ENV: 'production' })).toBe(false);
});
