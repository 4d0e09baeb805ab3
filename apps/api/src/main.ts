import 'reflect-metadata';
import { loadConfig } from '../../../libs/config/env';
import { createApiApp } from './app.factory';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await createApiApp();
  await app.listen(config.PORT, '0.0.0.0');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
