import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';

export type Check = { status: 'up' | 'down'; error?: string; latencyMs: number };
export interface HealthReport {
  status: 'ok' | 'error';
  checks: { database: Check; temporal: Check };
}

async function timed(fn: () => Promise<unknown>, timeoutMs = 3000): Promise<Check> {
  const t0 = Date.now();
  try {
    await Promise.race([
      fn(),
      new Promise((_, rej) =>
        setTimeout(() => rej(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs).unref(),
      ),
    ]);
    return { status: 'up', latencyMs: Date.now() - t0 };
  } catch (err) {
    return {
      status: 'down',
      error: err instanceof Error ? err.message : String(err),
      latencyMs: Date.now() - t0,
    };
  }
}

@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  /** Database and Temporal reachability, each with its latency. */
  async check(): Promise<HealthReport> {
    const [database, temporal] = await Promise.all([
      timed(() => this.ds.query('SELECT 1')),
      timed(() => this.temporal.connection.workflowService.getSystemInfo({})),
    ]);
    const ok = database.status === 'up' && temporal.status === 'up';
    return { status: ok ? 'ok' : 'error', checks: { database, temporal } };
  }
}
