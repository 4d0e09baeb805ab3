import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { APP_CONFIG } from '../../../../libs/config/config.module';
import type { AppConfig } from '../../../../libs/config/env';
import { createTemporalClient } from '../../../../libs/temporal/client';
import { bangfuDataConverter } from '../../../../libs/security/payload-codec';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

@Injectable()
class TemporalClientCloser implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}
  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: TEMPORAL_CLIENT,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        createTemporalClient({
          address: config.TEMPORAL_ADDRESS,
          namespace: config.TEMPORAL_NAMESPACE,
          dataConverter: bangfuDataConverter(config),
          callTimeoutMs: config.TEMPORAL_RPC_TIMEOUT_MS,
          longPollTimeoutMs: config.TEMPORAL_LONG_POLL_TIMEOUT_MS,
        }),
    },
    TemporalClientCloser,
  ],
  exports: [TEMPORAL_CLIENT],
})
export class TemporalClientModule {}
