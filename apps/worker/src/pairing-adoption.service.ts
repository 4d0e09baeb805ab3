import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { APP_CONFIG } from '../../../libs/config/config.module';
import type { AppConfig } from '../../../libs/config/env';
import { PairingRepository } from '../../../libs/pairing/pairing.repository';
import { bangfuDataConverter } from '../../../libs/security/payload-codec';
import { pairingWorkflow } from '../../../workflows/pairing.workflow';
import { TEMPORAL_CONNECTION } from './worker.providers';

const PAGE = 200;
const PARALLEL = 8;

/**
 * At worker start-up, gives every live pairing its `pairing:<id>` workflow when it has none — the
 * pairings the migration made from households.pairing_leader_id and the seeded demo pairing — so
 * their leaders are reminded and missed visits escalated like any other. Idempotent: the start is
 * USE_EXISTING (a running workflow is left alone; two workers starting together make one run).
 */
@Injectable()
export class PairingAdoptionService implements OnApplicationBootstrap {
  private readonly logger = new Logger(PairingAdoptionService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TEMPORAL_CONNECTION) private readonly connection: NativeConnection,
    private readonly pairings: PairingRepository,
  ) {}

  private get enabled(): boolean {
    const mode = this.config.PAIRING_ADOPTION;
    return mode === 'on' || (mode === 'auto' && this.config.NODE_ENV !== 'test');
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    const client = new Client({
      connection: this.connection,
      namespace: this.config.TEMPORAL_NAMESPACE,
      dataConverter: bangfuDataConverter(this.config),
    });
    let started = 0;
    let after: string | null = null;
    for (;;) {
      const page = await this.pairings.livePairings(after, PAGE);
      for (let i = 0; i < page.length; i += PARALLEL) {
        const n = await Promise.all(
          page.slice(i, i + PARALLEL).map(async (p) => {
            const h = await client.workflow.start(pairingWorkflow, {
              workflowId: p.workflowId,
              taskQueue: this.config.TEMPORAL_TASK_QUEUE,
              workflowIdConflictPolicy: 'USE_EXISTING',
              args: [{ pairingId: p.id }],
            });
            return h.firstExecutionRunId;
          }),
        );
        started += n.length;
      }
      if (page.length < PAGE) break;
      after = page.at(-1)!.id;
    }
    if (started > 0) this.logger.log(`checked the workflow of ${started} live pairing(s)`);
  }
}
