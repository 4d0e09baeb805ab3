import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { NativeConnection } from '@temporalio/worker';
import { APP_CONFIG } from '../../../libs/config/config.module';
import type { AppConfig } from '../../../libs/config/env';
import { PairingRepository } from '../../../libs/pairing/pairing.repository';
import { pairingWorkflow } from '../../../workflows/pairing.workflow';
import { adoptAll, adoptionClient, adoptionEnabled } from './adoption';
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

  async onApplicationBootstrap(): Promise<void> {
    if (!adoptionEnabled(this.config.PAIRING_ADOPTION, this.config)) return;
    const client = adoptionClient(this.config, this.connection);
    const started = await adoptAll(
      (after, limit) => this.pairings.livePairings(after, limit),
      async (p) => {
        await client.workflow.start(pairingWorkflow, {
          workflowId: p.workflowId,
          taskQueue: this.config.TEMPORAL_TASK_QUEUE,
          workflowIdConflictPolicy: 'USE_EXISTING',
          args: [{ pairingId: p.id }],
        });
        return true;
      },
      { pageSize: PAGE, parallel: PARALLEL },
    );
    if (started > 0) this.logger.log(`checked the workflow of ${started} live pairing(s)`);
  }
}
