import 'reflect-metadata';
import { loadConfig } from '../../../libs/config/env';
import { createApiApp } from './app.factory';
import { startMetricsServer } from './metrics/metrics-server';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await createApiApp();
  await app.listen(config.PORT, '0.0.0.0');
  if (config.METRICS_PORT) await startMetricsServer(config.METRICS_PORT);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
