/**
 * A closed-loop HTTP load generator for the benchmarks, run in a worker thread so that it does not
 * share an event loop with the servers it measures: `concurrency` clients each send the next request
 * as soon as the last one answered, for `durationMs`. Posts back every latency (ms) and the count of
 * non-2xx answers.
 */
import { parentPort, workerData } from 'node:worker_threads';

export interface LoadSpec {
  url: string;
  headers: Record<string, string>;
  concurrency: number;
  durationMs: number;
}

export interface LoadResult {
  latencies: number[];
  errors: number;
  firstError: string | null;
  elapsedMs: number;
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  const start = performance.now();
  const end = start + spec.durationMs;
  const client = async () => {
    while (performance.now() < end) {
      const t = performance.now();
      try {
        const res = await fetch(spec.url, { headers: spec.headers });
        const body = await res.text();
        if (res.status >= 300) {
          errors++;
          firstError ??= `${res.status} ${body.slice(0, 200)}`;
        } else latencies.push(performance.now() - t);
      } catch (err) {
        errors++;
        firstError ??= String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, client));
  return { latencies, errors, firstError, elapsedMs: performance.now() - start };
}

if (parentPort) {
  const port = parentPort;
  void run(workerData as LoadSpec).then((r) => port.postMessage(r));
}
