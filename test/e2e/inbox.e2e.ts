/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies */
import { TestStack } from '../support/stack';

/**
 * The inbox query (GET /api/tasks): keyset pages over tasks that share one created_at (a set-based
 * insert), reached through the candidate role, the escalated role or the assignee, within the
 * caller's subtree only. Real API and PostgreSQL.
 */
let stack: TestStack;
let token: string;

beforeAll(async () => {
  stack = await TestStack.start();
  token = await stack.login('branch-chair');
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

async function insertTasks(): Promise<{ mine: string[]; others: number }> {
  // 45 tasks in one statement (one created_at, to the microsecond): in the chair's unit G-01 for the
  // chair's role, escalated to it, assigned to the chair; and some the chair must not see
  const r = await stack.db.query<{ id: string; mine: boolean }>(
    `WITH u AS (SELECT (SELECT id FROM users WHERE username = 'branch-chair') AS chair,
                       (SELECT id FROM org_units WHERE code = 'G-01') AS g1, (SELECT path FROM org_units WHERE code = 'G-01') AS p1,
                       (SELECT id FROM org_units WHERE code = 'T-01-2') AS t12, (SELECT path FROM org_units WHERE code = 'T-01-2') AS pt12,
                       (SELECT id FROM org_units WHERE code = 'G-02') AS g2, (SELECT path FROM org_units WHERE code = 'G-02') AS p2)
     INSERT INTO tasks (idempotency_key, type, subject_type, subject_id, workflow_id, stage, candidate_role, org_unit_id, org_path,
                        assignee_id, escalated_role, status, created_at)
     SELECT 'inbox-test:' || g, 'approval', 'aid_case', gen_random_uuid(), 'inbox-test:' || g, 'grassroots',
            CASE WHEN g % 5 = 1 THEN 'caseworker' WHEN g % 5 = 2 THEN 'union_chair' ELSE 'branch_chair' END,
            CASE WHEN g % 9 = 0 THEN u.g2 WHEN g % 2 = 0 THEN u.t12 ELSE u.g1 END,
            CASE WHEN g % 9 = 0 THEN u.p2 WHEN g % 2 = 0 THEN u.pt12 ELSE u.p1 END,
            CASE WHEN g % 5 = 2 THEN u.chair END,
            CASE WHEN g % 5 = 1 THEN 'branch_chair' END,
            'open', statement_timestamp()
       FROM generate_series(1, 45) g CROSS JOIN u
     RETURNING id, org_unit_id <> (SELECT id FROM org_units WHERE code = 'G-02') AS mine`,
  );
  return {
    mine: r.rows.filter((x) => x.mine).map((x) => x.id),
    others: r.rows.filter((x) => !x.mine).length,
  };
}

test('keyset pages of 7 return each visible task once, in (created_at, id) order, through role, escalation and assignee', async () => {
  const before = await stack
    .http()
    .get('/api/tasks?limit=200')
    .set({ Authorization: `Bearer ${token}` })
    .expect(200);
  const { mine, others } = await insertTasks();
  expect(mine.length).toBe(40);
  expect(others).toBe(5);
  const seen: any[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const res: any = await stack
      .http()
      .get(`/api/tasks?limit=7${cursor ? `&cursor=${cursor}` : ''}`)
      .set({ Authorization: `Bearer ${token}` })
      .expect(200);
    expect(res.body.items.length).toBeLessThanOrEqual(7);
    for (const t of res.body.items) expect(t).not.toHaveProperty('cursorAt');
    seen.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (!cursor) break;
  }
  const ids = seen.map((t) => t.id);
  expect(new Set(ids).size).toBe(ids.length); // no task twice across pages
  const expected = new Set([...before.body.items.map((t: any) => t.id), ...mine]);
  expect(new Set(ids)).toEqual(expected); // every visible task, none outside the subtree
  const keys = seen.map((t) => `${t.createdAt}|${t.id}`);
  expect(keys).toEqual([...keys].sort()); // oldest first, id breaking ties
  // the three ways in are all there
  const ours = seen.filter((t) => mine.includes(t.id));
  expect(new Set(ours.map((t) => t.candidateRole))).toEqual(
    new Set(['branch_chair', 'caseworker', 'union_chair']),
  );
}, 60_000);

test('filters by type and org unit still apply; a cursor from elsewhere is a 400', async () => {
  const res = await stack
    .http()
    .get('/api/tasks?limit=200&type=approval')
    .set({ Authorization: `Bearer ${token}` })
    .expect(200);
  expect(res.body.items.every((t: any) => t.type === 'approval')).toBe(true);
  const bad = await stack
    .http()
    .get('/api/tasks?cursor=not-a-cursor')
    .set({ Authorization: `Bearer ${token}` })
    .expect(400);
  expect(bad.body.details[0]).toMatchObject({ field: 'cursor' });
});
