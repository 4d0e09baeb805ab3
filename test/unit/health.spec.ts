import type { Client } from '@temporalio/client';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { HealthController } from '../../apps/api/src/health/health.controller';
import { HealthService } from '../../apps/api/src/health/health.service';

function response() {
  const res = { status: jest.fn().mockReturnThis(), json: jest.fn(), setHeader: jest.fn() };
  return res as unknown as Response & { status: jest.Mock; json: jest.Mock; setHeader: jest.Mock };
}

const db = (ok: boolean) =>
  ({
    query: jest.fn(
      ok ? async () => [{ '?column?': 1 }] : async () => Promise.reject(new Error('connection refused')),
    ),
  }) as unknown as DataSource;
const temporal = (ok: boolean) =>
  ({
    connection: {
      workflowService: {
        getSystemInfo: jest.fn(ok ? async () => ({}) : async () => Promise.reject(new Error('UNAVAILABLE'))),
      },
    },
  }) as unknown as Client;
const controller = (dbUp: boolean, tUp: boolean) =>
  new HealthController(new HealthService(db(dbUp), temporal(tUp)), { RETRY_AFTER_SECONDS: 7 });

describe('GET /health/ready (and /health)', () => {
  test.each([
    [true, true, 200],
    [false, true, 503],
    [true, false, 503],
    [false, false, 503],
  ])('database up=%s, temporal up=%s → %d', async (dbUp, tUp, status) => {
    for (const call of ['ready', 'check'] as const) {
      const res = response();
      await controller(dbUp, tUp)[call](res);
      expect(res.status).toHaveBeenCalledWith(status);
      const body = res.json.mock.calls[0][0];
      expect(body.checks.database.status).toBe(dbUp ? 'up' : 'down');
      expect(body.checks.temporal.status).toBe(tUp ? 'up' : 'down');
      if (!tUp) expect(body.checks.temporal.error).toContain('UNAVAILABLE');
      if (status === 503) expect(res.setHeader).toHaveBeenCalledWith('Retry-After', '7');
      else expect(res.setHeader).not.toHaveBeenCalled();
    }
  });
});

describe('GET /health/live', () => {
  test('200 without touching PostgreSQL or Temporal, even when both are down', () => {
    const dbDown = db(false);
    const tDown = temporal(false);
    const res = response();
    new HealthController(new HealthService(dbDown, tDown), { RETRY_AFTER_SECONDS: 7 }).live(res);
    expect(res.status).toHaveBeenCalledWith(200);
    expect(res.json.mock.calls[0][0]).toMatchObject({ status: 'ok' });
    expect(dbDown.query).not.toHaveBeenCalled();
  });
});
