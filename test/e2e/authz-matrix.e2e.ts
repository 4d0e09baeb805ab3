import { ModulesContainer } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { IS_PUBLIC, ROLES_KEY } from '../../apps/api/src/auth/auth.decorators';
import { ROLES, type Role } from '../../libs/domain/roles';
import { TestStack } from '../support/stack';

/**
 * The role-by-endpoint authorization matrix: every operation of the OpenAPI document × every role ×
 * anonymous. What each route allows comes from the controllers' own metadata (@Public, @Roles; a
 * route with neither is open to every signed-in role). A caller outside that set must be refused
 * by the guard (anonymous 401, a role not listed 403) before any handler, validation or lookup runs:
 * a 2xx, or any other answer, for such a caller fails the test.
 */
type Who = Role | 'anonymous';
interface Route {
  method: string;
  path: string; // OpenAPI form: /api/files/{id}
  allowed: 'public' | 'signed-in' | readonly Role[];
}
interface Result {
  route: Route;
  who: Who;
  status: number;
}

const USERS: Record<Role, string> = {
  caseworker: 'caseworker',
  branch_chair: 'branch-chair',
  union_chair: 'union-chair',
  leader: 'leader',
  finance: 'finance',
  auditor: 'auditor',
  admin: 'admin',
};
const UNPREFIXED = new Set(['health', 'metrics', 'codec']);

/** Every route the app serves, with what its metadata allows (walks the controllers Nest loaded). */
function declaredRoutes(stack: TestStack): Map<string, Route> {
  const routes = new Map<string, Route>();
  for (const mod of stack.app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const ctrl = wrapper.metatype as (new (...a: unknown[]) => unknown) | null;
      if (!ctrl) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, ctrl) ?? '');
      for (const name of Object.getOwnPropertyNames(ctrl.prototype)) {
        const handler = (ctrl.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || name === 'constructor') continue;
        const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        const verb = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (sub === undefined || verb === undefined) continue;
        const parts = [base, sub].flatMap((p) => p.split('/')).filter(Boolean);
        const prefix = UNPREFIXED.has(parts[0] ?? '') ? [] : ['api'];
        const path = `/${[...prefix, ...parts].join('/')}`.replace(/:(\w+)/g, '{$1}');
        const method = RequestMethod[verb].toLowerCase();
        const isPublic =
          Reflect.getMetadata(IS_PUBLIC, handler) === true || Reflect.getMetadata(IS_PUBLIC, ctrl) === true;
        const roles = (Reflect.getMetadata(ROLES_KEY, handler) ?? Reflect.getMetadata(ROLES_KEY, ctrl)) as
          Role[] | undefined;
        routes.set(`${method} ${path}`, {
          method,
          path,
          allowed: isPublic ? 'public' : roles?.length ? roles : 'signed-in',
        });
      }
    }
  }
  return routes;
}

/** Failures: a caller outside a route's allowed set that was not refused by the guard. */
export function matrixViolations(results: Result[]): string[] {
  const out: string[] = [];
  for (const { route, who, status } of results) {
    const { allowed } = route;
    if (allowed === 'public') continue;
    const expected =
      who === 'anonymous' ? 401 : allowed === 'signed-in' || allowed.includes(who) ? null : 403;
    if (expected !== null && status !== expected) {
      out.push(
        `${route.method.toUpperCase()} ${route.path} as ${who}: ${status}` +
          `${status >= 200 && status < 300 ? ' (unexpected 2xx)' : ''}, expected ${expected}`,
      );
    }
  }
  return out;
}

let stack: TestStack;
const tokens = new Map<Who, string | null>();
let params: Record<string, string>;

beforeAll(async () => {
  stack = await TestStack.start();
  tokens.set('anonymous', null);
  for (const role of ROLES) tokens.set(role, await stack.login(USERS[role]));
  const one = async (sql: string) => (await stack.db.query<{ id: string }>(sql)).rows[0]?.id;
  // real records where the seed has them, so an allowed caller reaches the handler
  params = {
    '/api/files/': (await one(`SELECT id FROM hardship_files ORDER BY file_no LIMIT 1`)) ?? '',
    '/api/households/': (await one(`SELECT id FROM households ORDER BY id LIMIT 1`)) ?? '',
    '/api/loans/': (await one(`SELECT id FROM loans ORDER BY id LIMIT 1`)) ?? '',
    '/api/workers/': (await one(`SELECT id FROM workers ORDER BY employee_no LIMIT 1`)) ?? '',
    '/api/reassessments/':
      (await one(`SELECT id::text AS id FROM reassessment_campaigns ORDER BY id LIMIT 1`).catch(
        () => undefined,
      )) ?? '2026Q1',
  };
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

function concretePath(path: string): string {
  const prefix = Object.keys(params).find((p) => path.startsWith(p));
  return path
    .replace('{version}', '1')
    .replace('{date}', '2026-10-01')
    .replace('{id}', (prefix && params[prefix]) || '00000000-0000-4000-8000-000000000001')
    .replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000002');
}

test('every operation × every role × anonymous: only the declared callers get past the guard', async () => {
  const doc = (await stack.http().get('/docs-json').expect(200)).body as {
    paths: Record<string, Record<string, unknown>>;
  };
  const declared = declaredRoutes(stack);
  const results: Result[] = [];
  const undeclared: string[] = [];
  // a logout ends the caller's session (its token stops working): those requests go last
  const ordered = Object.entries(doc.paths).sort(
    ([a], [b]) => Number(a.endsWith('/logout')) - Number(b.endsWith('/logout')),
  );
  for (const [path, item] of ordered) {
    for (const method of Object.keys(item).filter((m) =>
      ['get', 'post', 'put', 'patch', 'delete'].includes(m),
    )) {
      const route = declared.get(`${method} ${path}`);
      if (!route) {
        undeclared.push(`${method} ${path}`);
        continue;
      }
      for (const [who, token] of tokens) {
        let req = stack.http()[method as 'get'](concretePath(path));
        if (token) req = req.set('authorization', `Bearer ${token}`);
        if (method !== 'get') req = req.send({});
        const res = await req;
        results.push({ route, who, status: res.status });
      }
    }
  }
  const operations = results.length / tokens.size;
  process.stdout.write(
    `\n[authz matrix] ${operations} operations × ${tokens.size} callers (${ROLES.length} roles + anonymous) = ${results.length} requests, ` +
      `${results.filter((r) => r.status >= 200 && r.status < 300).length} answered 2xx\n`,
  );
  expect(undeclared).toEqual([]);
  expect(operations).toBeGreaterThan(60);
  expect(
    results.filter((r) => r.status >= 500).map((r) => `${r.route.method} ${r.route.path} ${r.who}`),
  ).toEqual([]);
  expect(matrixViolations(results)).toEqual([]);

  // the check can fail: GET /api/policy is open to every signed-in role; declared admin-only, the
  // six other roles' real 2xx answers are reported
  const misdeclared = results.map((r) =>
    r.route.method === 'get' && r.route.path === '/api/policy'
      ? { ...r, route: { ...r.route, allowed: ['admin'] as Role[] } }
      : r,
  );
  expect(matrixViolations(misdeclared)).toEqual(
    ROLES.filter((r) => r !== 'admin').map(
      (r) => `GET /api/policy as ${r}: 200 (unexpected 2xx), expected 403`,
    ),
  );
}, 600_000);
