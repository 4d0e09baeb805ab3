/**
 * A closed-loop HTTP load generator for the benchmarks, run in a worker thread so that it does not
 * share an event loop with the servers it measures: `concurrency` clients each send the next request
 * as soon as the last one answered, for `durationMs` — the same GET each time, or the next of a list
 * of requests (each sent once; a client stops when the list is used up). Posts back every latency
 * (ms) and the count of non-2xx answers.
 */
import { parentPort, workerData } from 'node:worker_threads';

export interface LoadRequest {
  url: string;
  method?: 'GET' | 'POST';
  body?: unknown;
}

export interface LoadSpec {
  url?: string;
  requests?: LoadRequest[];
  headers: Record<string, string>;
  concurrency: number;
  durationMs: number;
}

export interface LoadResult {
  latencies: number[];
  errors: number;
  firstError: string | null;
  elapsedMs: number;
  /** Requests of the list sent (all of them when the list ran out). */
  used: number;
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let next = 0;
  const start = performance.now();
  const end = start + spec.durationMs;
  let last = start;
  const take = (): LoadRequest | null => {
    if (!spec.requests) return { url: spec.url! };
    return next < spec.requests.length ? spec.requests[next++]! : null;
  };
  const client = async () => {
    while (performance.now() < end) {
      const r = take();
      if (!r) break;
      const t = performance.now();
      try {
        const res = await fetch(r.url, {
          method: r.method ?? 'GET',
          headers: {
            ...spec.headers,
            ...(r.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: r.body === undefined ? undefined : JSON.stringify(r.body),
        });
        const body = await res.text();
        if (res.status >= 300) {
          errors++;
          firstError ??= `${res.status} ${body.slice(0, 300)}`;
        } else latencies.push(performance.now() - t);
      } catch (err) {
        errors++;
        firstError ??= String(err);
      }
      last = performance.now();
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, client));
  return { latencies, errors, firstError, elapsedMs: last - start, used: next };
}

if (parentPort) {
  const port = parentPort;
  void run(workerData as LoadSpec).then((r) => port.postMessage(r));
}
