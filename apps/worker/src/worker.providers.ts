import type { Provider } from '@nestjs/common';
import { workerTuning } from './worker-tuning';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import type { WorkflowBundleOption } from '@temporalio/worker';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  createCaseActivities,
  createFileActivities,
  createLoanActivities,
  createTaskActivities,
  createLifecycleActivities,
  createReassessmentActivities,
  createCampaignActivities,
  createHrImportActivities,
  createEvaluationActivities,
  createPairingActivities,
  translated,
} from '../../../activities';
import { EvaluationRepository } from '../../../libs/evaluation/evaluation.repository';
import { PolicyRepository } from '../../../libs/policy/policy.repository';
import { EarlyWarningsRepository } from '../../../libs/lifecycle/early-warnings.repository';
import { LifecycleWorkflowsRepository } from '../../../libs/lifecycle/lifecycle-workflows.repository';
import { RecertificationsRepository } from '../../../libs/lifecycle/recertifications.repository';
import { SubsidiesRepository } from '../../../libs/lifecycle/subsidies.repository';
import { APP_CONFIG } from '../../../libs/config/config.module';
import type { AppConfig } from '../../../libs/config/env';
import { CasesRepository } from '../../../libs/cases/cases.repository';
import { FilesRepository } from '../../../libs/files/files.repository';
import { LedgerRepository } from '../../../libs/ledger/ledger.repository';
import { LoansRepository } from '../../../libs/loans/loans.repository';
import { LoanScheduleRepository } from '../../../libs/loans/schedule.repository';
import { LoanServicingRepository } from '../../../libs/loans/servicing.repository';
import { TasksRepository } from '../../../libs/tasks/tasks.repository';
import { ReassessmentRepository } from '../../../libs/reassessment/reassessment.repository';
import { bangfuDataConverter } from '../../../libs/security/payload-codec';
import { CampaignsRepository } from '../../../libs/campaigns/campaigns.repository';
import { HrImportsRepository } from '../../../libs/hr-imports/hr-imports.repository';
import { PairingRepository } from '../../../libs/pairing/pairing.repository';

export const TEMPORAL_CONNECTION = Symbol('TEMPORAL_CONNECTION');
export const TEMPORAL_WORKER = Symbol('TEMPORAL_WORKER');

/** The workflows entry point, from source (dev/test) or from dist/ after a build. */
export function workflowsPath(): string {
  return require.resolve('../../../workflows');
}

/**
 * Production uses the prebuilt bundle (npm run build → dist/workflow-bundle.js); development and
 * tests bundle from source.
 */
export async function workflowBundle(config: AppConfig): Promise<WorkflowBundleOption> {
  const prebuilt = config.WORKFLOW_BUNDLE_PATH;
  if (prebuilt) {
    if (!fs.existsSync(prebuilt))
      throw new Error(`WORKFLOW_BUNDLE_PATH ${prebuilt} does not exist; run npm run build`);
    return { codePath: path.resolve(prebuilt) };
  }
  if (config.NODE_ENV === 'production') throw new Error('WORKFLOW_BUNDLE_PATH is required in production');
  return bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: quietBundlerLogger });
}

const quietBundlerLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (m: string) => console.warn(m),
  error: (m: string) => console.error(m),
  log: () => undefined,
};

export const workerProviders: Provider[] = [
  {
    provide: TEMPORAL_CONNECTION,
    inject: [APP_CONFIG],
    useFactory: async (config: AppConfig) => {
      return NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
    },
  },
  {
    provide: TEMPORAL_WORKER,
    inject: [
      APP_CONFIG,
      TEMPORAL_CONNECTION,
      CasesRepository,
      TasksRepository,
      LedgerRepository,
      FilesRepository,
      LoansRepository,
      LoanScheduleRepository,
      LoanServicingRepository,
      SubsidiesRepository,
      RecertificationsRepository,
      EarlyWarningsRepository,
      LifecycleWorkflowsRepository,
      ReassessmentRepository,
      CampaignsRepository,
      HrImportsRepository,
      EvaluationRepository,
      PolicyRepository,
      PairingRepository,
    ],
    useFactory: async (
      config: AppConfig,
      connection: NativeConnection,
      cases: CasesRepository,
      tasks: TasksRepository,
      ledger: LedgerRepository,
      files: FilesRepository,
      loans: LoansRepository,
      schedule: LoanScheduleRepository,
      servicing: LoanServicingRepository,
      subsidies: SubsidiesRepository,
      recertifications: RecertificationsRepository,
      earlyWarnings: EarlyWarningsRepository,
      lifecycleWorkflows: LifecycleWorkflowsRepository,
      reassessments: ReassessmentRepository,
      campaigns: CampaignsRepository,
      hrImports: HrImportsRepository,
      evaluation: EvaluationRepository,
      policy: PolicyRepository,
      pairings: PairingRepository,
    ) =>
      Worker.create({
        connection,
        namespace: config.TEMPORAL_NAMESPACE,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        dataConverter: bangfuDataConverter(config),
        workflowBundle: await workflowBundle(config),
        // bounded cache (100 unless BANGFU_WORKER_MAX_CACHED_WORKFLOWS): re-assessment leaves many
        // workflows waiting weeks on people; an evicted one replays when it next has work (keeps the
        // worker's memory flat at any file count); other BANGFU_WORKER_* settings in worker-tuning.ts
        ...workerTuning(process.env),
        // one place: every activity's DomainError leaves it as a non-retryable ApplicationFailure
        activities: translated({
          ...createCaseActivities({ cases, ledger, tasks }),
          ...createTaskActivities({ tasks }),
          ...createFileActivities({ files }),
          ...createLoanActivities({ loans, schedule, servicing }),
          ...createLifecycleActivities({ subsidies, recertifications, earlyWarnings, lifecycleWorkflows }),
          ...createReassessmentActivities({ reassessments, tasks }),
          ...createCampaignActivities({ campaigns }),
          ...createHrImportActivities({ hrImports }),
          ...createEvaluationActivities({ evaluation, policy }),
          ...createPairingActivities({ pairings }),
        }),
      }),
  },
];
