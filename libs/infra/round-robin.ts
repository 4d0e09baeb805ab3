import * as http from 'node:http';

/**
 * One port in front of several API processes (`npm run start:cluster`): requests go to the
 * backends in turn. A backend that refuses the connection (restarting) is skipped and the request
 * goes to the next one — safe, since nothing reached it; any other failure answers 502. Request
 * bodies are buffered (the API's own body limit applies behind it). In production a real load
 * balancer (nginx, HAProxy, a cloud LB) does this, with /health/ready as its health check.
 */
export interface RoundRobin {
  port: number;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);

export async function startRoundRobin(
  port: number,
  backends: number[],
  host = '0.0.0.0',
): Promise<RoundRobin> {
  let next = 0;
  const server = http.createServer((req, res) => {
    // a client or a backend that goes away mid-request ends that request only, never the proxy
    req.on('error', () => res.destroy());
    res.on('error', () => undefined);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !HOP_BY_HOP.has(k)));
      const first = next++ % backends.length;
      const attempt = (i: number) => {
        const backend = backends[(first + i) % backends.length]!;
        const upstream = http.request(
          // a new connection each time: no kept-alive socket to a process that has since exited
          { host: '127.0.0.1', port: backend, method: req.method, path: req.url, headers, agent: false },
          (up) => {
            up.on('error', () => res.destroy());
            const h = Object.fromEntries(Object.entries(up.headers).filter(([k]) => !HOP_BY_HOP.has(k)));
            res.writeHead(up.statusCode ?? 502, h);
            up.pipe(res);
          },
        );
        upstream.on('error', (err: NodeJS.ErrnoException) => {
          if (err.code === 'ECONNREFUSED' && i + 1 < backends.length) return attempt(i + 1);
          if (res.headersSent) return void res.destroy();
          const status = err.code === 'ECONNREFUSED' ? 503 : 502;
          res.writeHead(status, { 'content-type': 'application/json', 'retry-after': '5' });
          res.end(
            JSON.stringify({
              statusCode: status,
              code: status === 503 ? 'UNAVAILABLE' : 'BAD_GATEWAY',
              message:
                status === 503
                  ? 'no API process answered'
                  : `the API process failed: ${err.code ?? err.message}`,
              details: [],
            }),
          );
        });
        upstream.end(body);
      };
      attempt(0);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
