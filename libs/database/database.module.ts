import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { dataSourceOptions } from './data-source';
import { ENTITIES } from './entities';

/**
 * node-postgres pool settings: a statement that runs too long is cancelled by the server
 * (statement_timeout) and, if the server is frozen or gone, abandoned by the client a little later
 * (query_timeout); taking or opening a connection gives up after DB_CONNECT_TIMEOUT_MS. The API
 * turns those errors into 503 + Retry-After (apps/api/src/common/outage.ts) instead of hanging.
 */
export function poolOptions(config: AppConfig) {
  return {
    max: 10,
    connectionTimeoutMillis: config.DB_CONNECT_TIMEOUT_MS,
    statement_timeout: config.DB_STATEMENT_TIMEOUT_MS,
    query_timeout: config.DB_STATEMENT_TIMEOUT_MS + 5_000,
    idle_in_transaction_session_timeout: 60_000,
    keepAlive: true,
  };
}

/** TypeORM over PostgreSQL for the Nest apps. Migrations run separately (never synchronize). */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.DATABASE_URL),
        extra: poolOptions(config),
      }),
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  exports: [TypeOrmModule],
})
export class DatabaseModule {}
