import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/app.factory';
import { startMetricsServer } from '../../apps/api/src/metrics/metrics-server';
import { freePort } from '../../libs/infra/ports';
import { DEMO_PASSWORD } from '../../libs/database/seed';
import { databaseUrl, dropDatabase, ensureDatabase } from '../../libs/infra/postgres';
import { TEMPLATE_DB } from '../support/e2e-env';
import { TestStack } from '../support/stack';

/**
 * Authentication a union can trust (issue 14 item 1): every request re-reads the user and the
 * session; short access tokens, single-use refresh tokens stored hashed and revocable; lockout and
 * per-client limits from policy; no user enumeration by timing; a forged token is worthless.
 */
let stack: TestStack;
const DEV_SECRET = 'bangfu-dev-only-jwt-secret-change-me';
const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

async function userId(username: string): Promise<string> {
  const r = await stack.db.query<{ id: string }>(`SELECT id FROM users WHERE username = $1`, [username]);
  return r.rows[0]!.id;
}

async function loginFull(username: string, password = DEMO_PASSWORD) {
  const res = await stack.http().post('/api/auth/login').send({ username, password }).expect(200);
  return res.body as {
    accessToken: string;
    refreshToken: string;
    expiresIn: number;
    user: { sessionId: string };
  };
}

/** Polls until `probe` answers `status` (the guard re-reads users every AUTH_CACHE_MS = 3 s). */
async function within(ms: number, probe: () => Promise<number>, status: number): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    const s = await probe();
    if (s === status) return Date.now() - t0;
    if (Date.now() - t0 > ms) throw new Error(`still ${s} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  stack = await TestStack.start();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('tokens are checked against the database on every request', () => {
  test('a well-signed token naming a user that does not exist is refused (401)', async () => {
    const jwt = new JwtService({ secret: DEV_SECRET });
    const phantom = await jwt.signAsync(
      { sub: randomUUID(), sid: randomUUID(), username: 'ghost' },
      { issuer: 'bangfu', expiresIn: '15m' },
    );
    const res = await stack.http().get('/api/workers').set(bearer(phantom)).expect(401);
    expect(res.body.details[0].rule).toBe('user_unknown');
    // the old token shape (claims carry roles, no session) is refused as well
    const old = await jwt.signAsync(
      {
        userId: await userId('admin'),
        username: 'admin',
        roles: ['admin'],
        orgUnitId: randomUUID(),
        orgPath: 'x',
      },
      { issuer: 'bangfu', expiresIn: '8h' },
    );
    await stack.http().get('/api/workers').set(bearer(old)).expect(401);
    // a real user id with a made-up session: refused
    const forged = await jwt.signAsync(
      { sub: await userId('admin'), sid: randomUUID(), username: 'admin' },
      { issuer: 'bangfu', expiresIn: '15m' },
    );
    await stack.http().get('/api/workers').set(bearer(forged)).expect(401);
  });

  test('login answers a short access token, a refresh token and the grants', async () => {
    const s = await loginFull('caseworker');
    expect(s.expiresIn).toBe(15 * 60);
    expect(s.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.user).toMatchObject({ roles: ['caseworker'], mustChangePassword: false });
    // stored hashed: the table never holds the token itself
    const raw = await stack.count(`SELECT 1 FROM refresh_tokens WHERE token_hash = $1`, [s.refreshToken]);
    expect(raw).toBe(0);
    const me = await stack.http().get('/api/auth/me').set(bearer(s.accessToken)).expect(200);
    expect(me.body.grants).toEqual([expect.objectContaining({ role: 'caseworker' })]);
  });

  test("a disabled user's token stops working within the cache time, and the refresh token with it", async () => {
    const admin = await stack.login('admin');
    const s = await loginFull('finance');
    await stack.http().get('/api/auth/me').set(bearer(s.accessToken)).expect(200);
    await stack
      .http()
      .post(`/api/users/${await userId('finance')}/disable`)
      .set(bearer(admin))
      .send({ reason: '调离' })
      .expect(200);
    const took = await within(
      4500,
      async () => (await stack.http().get('/api/auth/me').set(bearer(s.accessToken))).status,
      401,
    );
    expect(took).toBeLessThanOrEqual(4500);
    await stack.http().post('/api/auth/refresh').send({ refreshToken: s.refreshToken }).expect(401);
    await stack
      .http()
      .post('/api/auth/login')
      .send({ username: 'finance', password: DEMO_PASSWORD })
      .expect(401);
    expect(
      await stack.count(`SELECT 1 FROM audit_log WHERE action = 'user.disabled' AND entity_id = $1`, [
        await userId('finance'),
      ]),
    ).toBe(1);
    await stack
      .http()
      .post(`/api/users/${await userId('finance')}/enable`)
      .set(bearer(admin))
      .expect(200);
    await loginFull('finance');
  });

  test('another API process (its own cache) stops a disabled user within AUTH_CACHE_MS, and sees role changes as fast', async () => {
    const other = await createApiApp();
    await other.init();
    try {
      const admin = await stack.login('admin');
      const s = await loginFull('leader');
      const leaderId = await userId('leader');
      // warm the other process's cache
      const before = await request(other.getHttpServer())
        .get('/api/auth/me')
        .set(bearer(s.accessToken))
        .expect(200);
      expect(before.body.roles).toEqual(['leader']);
      await stack
        .http()
        .patch(`/api/users/${leaderId}`)
        .set(bearer(admin))
        .send({ roles: ['leader', 'finance'], orgUnitId: before.body.orgUnitId })
        .expect(200);
      const t0 = Date.now();
      for (;;) {
        const me = await request(other.getHttpServer())
          .get('/api/auth/me')
          .set(bearer(s.accessToken))
          .expect(200);
        if ((me.body.roles as string[]).includes('finance')) break;
        expect(Date.now() - t0).toBeLessThan(4500);
        await new Promise((r) => setTimeout(r, 200));
      }
      await stack
        .http()
        .post(`/api/users/${leaderId}/disable`)
        .set(bearer(admin))
        .send({ reason: '离职' })
        .expect(200);
      const took = await within(
        4500,
        async () =>
          (await request(other.getHttpServer()).get('/api/workers').set(bearer(s.accessToken))).status,
        401,
      );
      expect(took).toBeLessThanOrEqual(4500);
      await stack.http().post(`/api/users/${leaderId}/enable`).set(bearer(admin)).expect(200);
      await stack
        .http()
        .patch(`/api/users/${leaderId}`)
        .set(bearer(admin))
        .send({ roles: ['leader'], orgUnitId: before.body.orgUnitId })
        .expect(200);
    } finally {
      await other.close();
    }
  });

  test('refresh rotates the token; a spent refresh token presented again ends the session', async () => {
    const s = await loginFull('leader');
    const r1 = await stack
      .http()
      .post('/api/auth/refresh')
      .send({ refreshToken: s.refreshToken })
      .expect(200);
    expect(r1.body.refreshToken).not.toBe(s.refreshToken);
    await stack.http().get('/api/auth/me').set(bearer(r1.body.accessToken)).expect(200);
    // the first token again: a stolen copy — refused, and the whole session is revoked
    await stack.http().post('/api/auth/refresh').send({ refreshToken: s.refreshToken }).expect(401);
    await stack.http().post('/api/auth/refresh').send({ refreshToken: r1.body.refreshToken }).expect(401);
    await within(
      4500,
      async () => (await stack.http().get('/api/auth/me').set(bearer(r1.body.accessToken))).status,
      401,
    );
    expect(await stack.count(`SELECT 1 FROM audit_log WHERE action = 'auth.refresh_reused'`)).toBe(1);
  });

  test('logout revokes the session: its refresh token and (within the cache time) its access token', async () => {
    const s = await loginFull('union-chair');
    const other = await loginFull('union-chair');
    await stack.http().post('/api/auth/logout').set(bearer(s.accessToken)).expect(204);
    await stack.http().post('/api/auth/refresh').send({ refreshToken: s.refreshToken }).expect(401);
    await within(
      4500,
      async () => (await stack.http().get('/api/auth/me').set(bearer(s.accessToken))).status,
      401,
    );
    // another session of the same user goes on
    await stack.http().get('/api/auth/me').set(bearer(other.accessToken)).expect(200);
  });

  test('a password change ends every session of the user and starts a new one', async () => {
    const a = await loginFull('branch-chair');
    const b = await loginFull('branch-chair');
    const changed = await stack
      .http()
      .post('/api/auth/change-password')
      .set(bearer(a.accessToken))
      .send({ currentPassword: DEMO_PASSWORD, newPassword: 'Chair-pass-2026' })
      .expect(200);
    await stack.http().post('/api/auth/refresh').send({ refreshToken: b.refreshToken }).expect(401);
    await stack.http().post('/api/auth/refresh').send({ refreshToken: a.refreshToken }).expect(401);
    await within(
      4500,
      async () => (await stack.http().get('/api/auth/me').set(bearer(b.accessToken))).status,
      401,
    );
    await stack.http().get('/api/auth/me').set(bearer(changed.body.accessToken)).expect(200);
    // the policy's length rule and "not the same" are checked
    const weak = await stack
      .http()
      .post('/api/auth/change-password')
      .set(bearer(changed.body.accessToken))
      .send({ currentPassword: 'Chair-pass-2026', newPassword: 'short' })
      .expect(400);
    expect(weak.body.details.map((d: { rule: string }) => d.rule)).toContain('password_length');
    expect(weak.body.details[0].params).toMatchObject({ min: 10 });
    await stack.login('branch-chair', 'Chair-pass-2026');
  });
});

describe('login limits (figures from the policy: 5 failures lock an account for 30 minutes)', () => {
  test('50 wrong passwords: 401 five times (the fifth locks), then 429 with Retry-After; even the right password waits; an admin unlock is recorded', async () => {
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 50; i++) {
      const r = await stack
        .http()
        .post('/api/auth/login')
        .send({ username: 'caseworker', password: `wrong-${i}` });
      statuses.push(r.status);
      if (r.status === 429) retryAfter = r.headers['retry-after'];
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
    expect(Number(retryAfter)).toBeGreaterThan(25 * 60);
    const locked = await stack
      .http()
      .post('/api/auth/login')
      .send({ username: 'caseworker', password: DEMO_PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({
      code: 'ACCOUNT_LOCKED',
      details: [{ field: 'username', rule: 'account_locked' }],
    });
    const cw = await userId('caseworker');
    expect(
      await stack.count(`SELECT 1 FROM audit_log WHERE action = 'auth.login_failed' AND entity_id = $1`, [
        cw,
      ]),
    ).toBe(5);
    expect(
      await stack.count(`SELECT 1 FROM audit_log WHERE action = 'auth.lockout' AND entity_id = $1`, [cw]),
    ).toBe(1);

    const admin = await stack.login('admin');
    const view = await stack.http().get(`/api/users/${cw}`).set(bearer(admin)).expect(200);
    expect(view.body).toMatchObject({ locked: true });
    const unlocked = await stack.http().post(`/api/users/${cw}/unlock`).set(bearer(admin)).expect(200);
    expect(unlocked.body.locked).toBe(false);
    expect(
      await stack.count(`SELECT 1 FROM audit_log WHERE action = 'user.unlocked' AND entity_id = $1`, [cw]),
    ).toBe(1);
    expect(
      await stack.count(
        `SELECT 1 FROM login_attempts WHERE outcome = 'unlock' AND user_id = $1 AND actor_id = $2`,
        [cw, await userId('admin')],
      ),
    ).toBe(1);
    await stack.login('caseworker');
    expect(
      await stack.count(`SELECT 1 FROM audit_log WHERE action = 'auth.login' AND entity_id = $1`, [cw]),
    ).toBeGreaterThan(0);
  });

  test('an unknown username costs the same bcrypt work as a wrong password (no enumeration by timing)', async () => {
    const time = async (username: string) => {
      const t0 = process.hrtime.bigint();
      await stack.http().post('/api/auth/login').send({ username, password: 'not-the-password' }).expect(401);
      return Number(process.hrtime.bigint() - t0) / 1e6;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      known.push(await time('leader'));
      unknown.push(await time(`nobody-${i}`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
    // before: ~300 ms against ~8 ms. Now both run bcrypt (cost 10): within a factor of two
    expect(median(unknown)).toBeGreaterThan(median(known) / 2);
    expect(median(unknown)).toBeGreaterThan(20);
    await stack.login('leader'); // a success resets the leader's count
  });

  test('one client address that fails 30 times in 15 minutes gets 429 for any account', async () => {
    const before = await stack.count(`SELECT 1 FROM login_attempts WHERE outcome = 'failure'`);
    let status = 0;
    for (let i = before; i < 40 && status !== 429; i++) {
      status = (
        await stack
          .http()
          .post('/api/auth/login')
          .send({ username: `spray-${i}`, password: 'x' })
      ).status;
    }
    expect(status).toBe(429);
    const r = await stack
      .http()
      .post('/api/auth/login')
      .send({ username: 'admin', password: DEMO_PASSWORD })
      .expect(429);
    expect(r.body.details[0].rule).toBe('client_rate_limit');
    expect(r.headers['retry-after']).toBe(String(15 * 60));
  });
});

describe('production configuration', () => {
  let app: INestApplication;
  let dbName: string;
  let saved: NodeJS.ProcessEnv = {};
  const strongSecret = randomBytes(32).toString('base64');

  beforeAll(async () => {
    saved = { ...process.env };
    dbName = `bangfu_t_prod_${randomBytes(4).toString('hex')}`;
    await ensureDatabase(process.env.BANGFU_TEST_PG_SERVER!, dbName, TEMPLATE_DB);
    Object.assign(process.env, {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl(process.env.BANGFU_TEST_PG_SERVER!, dbName),
      JWT_SECRET: strongSecret,
      PII_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      PII_HASH_KEY: randomBytes(32).toString('base64'),
      TEMPORAL_CODEC_KEYS: `prod-1:${randomBytes(32).toString('base64')}`,
      METRICS_TOKEN: 'metrics-token-for-the-test',
      TRUST_PROXY: '1',
    });
    app = await createApiApp();
    await app.init();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    process.env = saved;
    await dropDatabase(process.env.BANGFU_TEST_PG_SERVER!, dbName);
  });

  test('a token signed with the development secret and claiming admin cannot read an ID number', async () => {
    const adminId = (await stack.db.query<{ id: string }>(`SELECT id FROM users WHERE username = 'admin'`))
      .rows[0]!.id;
    const worker = (await stack.db.query<{ id: string }>(`SELECT id FROM workers LIMIT 1`)).rows[0]!.id;
    const jwt = new JwtService({ secret: DEV_SECRET });
    for (const claims of [
      { sub: adminId, sid: randomUUID(), username: 'admin' },
      { userId: adminId, username: 'admin', roles: ['admin'], orgUnitId: randomUUID(), orgPath: '1' },
    ]) {
      const forged = await jwt.signAsync(claims, { issuer: 'bangfu', expiresIn: '15m' });
      const r = await request(app.getHttpServer())
        .get(`/api/workers/${worker}/national-id`)
        .set(bearer(forged));
      expect(r.status).toBe(401);
    }
    // the demo admin's password does not open production either
    await request(app.getHttpServer())
      .post('/api/auth/login')
      .send({ username: 'admin', password: DEMO_PASSWORD })
      .expect(401);
    expect(
      Number(
        (await stack.db.query(`SELECT count(*) AS n FROM audit_log WHERE action = 'pii.read'`)).rows[0].n,
      ),
    ).toBe(0);
  });

  test('security headers, no X-Powered-By, CORS closed, HSTS only over TLS, /metrics behind its token', async () => {
    const http = () => request(app.getHttpServer());
    const r = await http().get('/health');
    expect(r.headers['x-powered-by']).toBeUndefined();
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(r.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['strict-transport-security']).toBeUndefined();
    // behind a TLS-terminating proxy (TRUST_PROXY=1): HSTS
    const tls = await http().get('/health').set('X-Forwarded-Proto', 'https');
    expect(tls.headers['strict-transport-security']).toBe('max-age=15552000; includeSubDomains');
    const cors = await http()
      .options('/api/auth/login')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(cors.headers['access-control-allow-origin']).toBeUndefined();
    await http().get('/metrics').expect(401);
    await http().get('/metrics').set(bearer('wrong-token-wrong-token')).expect(401);
    const m = await http().get('/metrics').set(bearer('metrics-token-for-the-test')).expect(200);
    expect(m.text).toContain('process_cpu');
  });
});

describe('metrics on a port of their own, CORS for named origins', () => {
  test('with METRICS_PORT the API port answers 404 for /metrics and the metrics port serves them; CORS_ORIGINS opens CORS for those origins only', async () => {
    const saved = { ...process.env };
    const port = await freePort();
    Object.assign(process.env, { METRICS_PORT: String(port), CORS_ORIGINS: 'https://console.example.org' });
    const app = await createApiApp();
    await app.init();
    const server = await startMetricsServer(port, '127.0.0.1');
    try {
      await request(app.getHttpServer()).get('/metrics').expect(404);
      const m = await request(`http://127.0.0.1:${port}`).get('/metrics').expect(200);
      expect(m.text).toContain('process_cpu');
      await request(`http://127.0.0.1:${port}`).get('/api/workers').expect(404);
      const ok = await request(app.getHttpServer())
        .options('/api/auth/login')
        .set('Origin', 'https://console.example.org')
        .set('Access-Control-Request-Method', 'POST');
      expect(ok.headers['access-control-allow-origin']).toBe('https://console.example.org');
      const other = await request(app.getHttpServer())
        .options('/api/auth/login')
        .set('Origin', 'https://evil.example')
        .set('Access-Control-Request-Method', 'POST');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await new Promise((r) => server.close(r));
      await app.close();
      process.env = saved;
    }
  });
});
