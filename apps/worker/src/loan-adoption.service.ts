import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { APP_CONFIG } from '../../../libs/config/config.module';
import type { AppConfig } from '../../../libs/config/env';
import { LoansRepository } from '../../../libs/loans/loans.repository';
import { loanWorkflow, type LoanInput } from '../../../workflows/loan.workflow';
import { adoptAll, adoptionClient, adoptionEnabled } from './adoption';
import { TEMPORAL_CONNECTION } from './worker.providers';

const PAGE = 100;
const PARALLEL = 8;

/**
 * At worker start-up, gives every loan in servicing (active/overdue) whose `loan:<id>` workflow is
 * not running one, so repayment signals, requests, reminders and the overdue ladder work for it as
 * for any other loan — the demo loans seeded as records (libs/database/seed-loans.ts) in the first
 * place. The workflow starts in servicing with the `carry` input built from the database (plan under
 * the loan's policy version, status, collection pause); its ledger snapshot is read on the first
 * turn, so it resumes from what the database says.
 *
 * Idempotent: a running workflow is left alone (described first, and the start itself is
 * USE_EXISTING, so two workers starting together still make one run); a workflow ID that was ever
 * used and closed is never started again (REJECT_DUPLICATE) — a closed workflow with the loan still
 * in servicing is an inconsistency for a person to look at, so it is only logged.
 */
@Injectable()
export class LoanAdoptionService implements OnApplicationBootstrap {
  private readonly logger = new Logger(LoanAdoptionService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TEMPORAL_CONNECTION) private readonly connection: NativeConnection,
    private readonly loans: LoansRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!adoptionEnabled(this.config.LOAN_ADOPTION, this.config)) return;
    const client = adoptionClient(this.config, this.connection);
    const started = await adoptAll(
      (after, limit) => this.loans.servicingLoans(after, limit),
      (l) => this.adopt(client, l),
      { pageSize: PAGE, parallel: PARALLEL },
    );
    if (started > 0) this.logger.log(`started the workflow of ${started} loan(s) in servicing`);
  }

  /** Starts the loan's workflow unless it runs; true when this call started it. */
  async adopt(client: Client, loan: { id: string; workflowId: string }): Promise<boolean> {
    try {
      const d = await client.workflow.getHandle(loan.workflowId).describe();
      if (d.status.name !== 'RUNNING')
        this.logger.warn(
          `loan ${loan.id}: its workflow ${loan.workflowId} is ${d.status.name} but the loan is still in servicing; not restarted`,
        );
      return false;
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    const a = await this.loans.adoption(loan.id);
    if (a.status !== 'active' && a.status !== 'overdue') return false; // settled meanwhile
    const input: LoanInput = {
      loanId: loan.id,
      ...a.input,
      override: null,
      carry: {
        plan: a.plan,
        status: a.status,
        done: [],
        paused: a.paused,
        pauseNo: a.pauseNo,
        episode: null,
        ladderShiftMs: 0,
        round: 0,
        requestNo: 0,
      },
    };
    try {
      const h = await client.workflow.start(loanWorkflow, {
        workflowId: loan.workflowId,
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [input],
      });
      this.logger.log(
        `loan ${a.plan.loanNo}: workflow ${loan.workflowId} started (${h.firstExecutionRunId})`,
      );
      return true;
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      return false;
    }
  }
}
