import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';

/** JSON logs (pino) for every Nest app; request logs on the API; tokens and passwords redacted. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.LOG_LEVEL,
          redact: ['req.headers.authorization', 'req.body.password'],
          autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
          customProps: () => ({ app: 'bangfu' }),
        },
      }),
    }),
  ],
})
export class LoggingModule {}
