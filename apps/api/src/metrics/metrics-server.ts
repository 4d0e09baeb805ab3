import * as http from 'node:http';
import { registry } from './metrics.registry';

/**
 * METRICS_PORT: /metrics on a port of its own (bind or firewall it to the monitoring network);
 * the API port then answers 404 for /metrics.
 */
export function startMetricsServer(port: number, host = '0.0.0.0'): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
