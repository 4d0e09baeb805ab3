import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '../../../libs/config/env';
import { WorkerHost } from './worker-host.service';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const level =
    config.LOG_LEVEL === 'warn'
      ? 'WARN'
      : config.LOG_LEVEL === 'error' || config.LOG_LEVEL === 'silent'
        ? 'ERROR'
        : 'INFO';
  Runtime.install({
    logger: new DefaultLogger(level, (entry) =>
      process.stdout.write(
        `${JSON.stringify({ level: entry.level.toLowerCase(), time: Number(entry.timestampNanos / 1_000_000n), msg: entry.message, ...entry.meta })}\n`,
      ),
    ),
  });
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  await app.get(WorkerHost).whenStopped();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
