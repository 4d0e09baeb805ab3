/** Shared pieces of the benchmarks: percentiles, the load generator thread, load averages. */
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LoadResult, LoadSpec } from './load-worker';

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i]!;
}

export const round = (x: number) => Math.round(x * 100) / 100;

export const loadAvg = () => os.loadavg().map((l) => Number(l.toFixed(2)));

/** Runs `concurrency` closed-loop clients against one URL for `durationMs` in a worker thread. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(path.join(__dirname, 'load-worker.js'), { workerData: spec });
    w.once('message', (r: LoadResult) => {
      resolve(r);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

export interface LoadSummary {
  rps: number;
  p50Ms: number;
  p95Ms: number;
  requests: number;
  errors: number;
}

export function summarise(r: LoadResult): LoadSummary {
  if (r.errors > 0 && r.latencies.length === 0) throw new Error(`every request failed: ${r.firstError}`);
  return {
    rps: round(r.latencies.length / (r.elapsedMs / 1000)),
    p50Ms: round(percentile(r.latencies, 50)),
    p95Ms: round(percentile(r.latencies, 95)),
    requests: r.latencies.length,
    errors: r.errors,
  };
}
