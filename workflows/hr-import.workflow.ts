import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { createHrImportActivities } from '../activities/hr-imports.activities';
import { FailureType } from '../libs/domain/errors';

export interface HrImportInput {
  importId: string;
  kind: 'roster' | 'payroll';
  totalRows: number;
  /** Rows per set-based activity. */
  chunkSize: number;
  /** The dry run waits this long for commit or cancel, then cancels itself (nothing written). */
  decisionTimeoutDays: number;
}

export type HrImportPhase = 'previewing' | 'previewed' | 'committing' | 'done' | 'cancelled' | 'failed';

export interface HrImportDecision {
  decision: 'commit' | 'cancel';
  actorId: string;
}

export interface HrImportProgress {
  phase: HrImportPhase;
  previewedRows: number;
  appliedRows: number;
  totalRows: number;
}

/** Commit (or cancel) the previewed import; refused unless the dry run is finished and undecided. */
export const hrImportDecisionUpdate = defineUpdate<{ phase: HrImportPhase }, [HrImportDecision]>(
  'hrImportDecision',
);
export const hrImportProgressQuery = defineQuery<HrImportProgress>('hrImportProgress');

const acts = proxyActivities<ReturnType<typeof createHrImportActivities>>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '2 minutes',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '10 seconds',
    nonRetryableErrorTypes: [FailureType.NotFound],
  },
});

/**
 * An HR import (`roster-import:<id>`, `payroll-import:<id>`): the rows were staged by the API (one
 * transaction); a dry run classifies them chunk by chunk (new / updated / unchanged / refused), the
 * importer reviews the preview and commits (an Update), and the commit applies chunk by chunk, each
 * chunk one idempotent statement, so a worker killed mid-import resumes and every row lands exactly
 * once. A payroll import ends with the payroll cross-check.
 */
export async function hrImportWorkflow(input: HrImportInput): Promise<HrImportProgress> {
  const { importId, kind, totalRows, chunkSize } = input;
  const progress: HrImportProgress = { phase: 'previewing', previewedRows: 0, appliedRows: 0, totalRows };
  let decision: HrImportDecision | undefined;
  /** The decision is in the read model (committing, or cancelled): the Update answers then. */
  let decisionRecorded = false;

  setHandler(hrImportProgressQuery, () => progress);
  setHandler(
    hrImportDecisionUpdate,
    async (d) => {
      decision = d;
      // answer once the import's row says so, so that the caller reads what it decided
      await condition(() => decisionRecorded);
      return { phase: progress.phase };
    },
    {
      validator: (d) => {
        if (progress.phase !== 'previewed' || decision !== undefined)
          throw ApplicationFailure.create({
            type: FailureType.StaleTask,
            nonRetryable: true,
            message: `the import is ${progress.phase}${decision ? ' and already decided' : ''}: only a finished dry run can be committed or cancelled`,
          });
        if (d.decision !== 'commit' && d.decision !== 'cancel')
          throw ApplicationFailure.create({
            type: FailureType.InvalidDecision,
            nonRetryable: true,
            message: 'decision must be commit or cancel',
          });
      },
    },
  );

  const chunks: Array<{ fromSeq: number; toSeq: number }> = [];
  for (let from = 1; from <= totalRows; from += chunkSize)
    chunks.push({ fromSeq: from, toSeq: Math.min(totalRows, from + chunkSize - 1) });

  for (const c of chunks) {
    const r = await acts.previewImportChunk({ importId, kind, ...c });
    progress.previewedRows = r.previewedRows;
  }
  // every row is classified: decisions are accepted from here on, so that once the read model says
  // "previewed" (the activity below) the Update is never refused as too early
  progress.phase = 'previewed';
  await acts.markImportPreviewed({ importId });

  const decided = await condition(() => decision !== undefined, `${input.decisionTimeoutDays} days`);
  if (!decided || decision!.decision === 'cancel') {
    await acts.finishImport({ importId, status: 'cancelled' });
    progress.phase = 'cancelled';
    decisionRecorded = true;
    await condition(allHandlersFinished);
    return progress;
  }

  await acts.markImportCommitting({ importId, actorId: decision!.actorId });
  progress.phase = 'committing';
  decisionRecorded = true;
  for (const c of chunks) {
    const r = await acts.applyImportChunk({ importId, kind, ...c });
    progress.appliedRows = r.appliedRows;
  }
  if (kind === 'payroll') await acts.crossCheckPayroll({ importId });
  await acts.finishImport({ importId, status: 'done' });
  progress.phase = 'done';
  await condition(allHandlersFinished);
  return progress;
}
