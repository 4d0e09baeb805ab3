import { Global, Module } from '@nestjs/common';
import { AppConfig, loadConfig } from './env';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Typed, validated configuration for every Nest app (api and worker). */
@Global()
@Module({
  providers: [{ provide: APP_CONFIG, useFactory: (): AppConfig => loadConfig(process.env) }],
  exports: [APP_CONFIG],
})
export class AppConfigModule {}
