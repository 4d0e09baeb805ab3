import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { createCampaignActivities } from '../activities/campaigns.activities';
import { campaignClock } from '../libs/domain/campaign';
import { FailureType } from '../libs/domain/errors';
import { runApprovalChain, type FundsStep } from './approvals';
import { REFUSALS, TaskBoard, proxyTaskActivities, type Actor } from './human-tasks';
import { statusRecorder } from './status';

export type CampaignStatus =
  'pending_approval' | 'awaiting_funds' | 'delivering' | 'escalated' | 'closed' | 'rejected' | 'withdrawn';

type CampaignActs = ReturnType<typeof createCampaignActivities>;
export type CampaignDeliveryOutcome = Awaited<ReturnType<CampaignActs['recordCampaignDelivery']>>;

export interface HolidayCampaignInput {
  campaignId: string;
  code: string;
  createdBy: string;
  /** Set by continue-as-new while deliveries run (the plan is approved and the list built). */
  resume?: { pending: number; households: number; reminded: number[]; round: number };
}

export interface HolidayCampaignState {
  status: CampaignStatus;
  households: number;
  pending: number;
  /** Reminders sent, as days before the deadline. */
  reminded: number[];
  /** Households escalated after the deadline (null before). */
  escalated: number | null;
  openTasks: Array<{ taskId: string; kind: string; stage: string; candidateRoles: string[] }>;
}

export interface DeliveryRequest {
  recipientId: string;
  deliveredOn: string;
  cashFen: number;
  goods: string | null;
  visitors: string;
  attachmentId: string | null;
  actor: Actor;
}

export interface UndeliveredRequest {
  recipientId: string;
  reason: string;
  actor: Actor;
}

export const campaignStateQuery = defineQuery<HolidayCampaignState>('campaignState');
/** A unit confirms one household's delivery (recorded once; cash posts one ledger entry). */
export const confirmDeliveryUpdate = defineUpdate<CampaignDeliveryOutcome, [DeliveryRequest]>(
  'confirmDelivery',
);
/** A unit reports a household it could not reach, with the reason. */
export const reportUndeliveredUpdate = defineUpdate<
  { changed: boolean; pendingLeft: number },
  [UndeliveredRequest]
>('reportUndelivered');

const DELIVERY_ROLES = ['caseworker', 'branch_chair', 'union_chair', 'admin'];

const acts = proxyActivities<CampaignActs>({
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [FailureType.NotFound, FailureType.InvalidDecision],
  },
});
const taskActs = proxyTaskActivities();

/** Workflow time: inside the sandbox Date is the deterministic time of the workflow task. */
const now = (): number => new Date().getTime();

/**
 * Holiday campaign (`campaign:<code>`, 节日送温暖): the plan goes through the approval chain (the
 * last approval reserves the budget, or finance tops up / rejects) → the distribution list is built
 * from the files in one set-based step → units confirm deliveries household by household (Updates;
 * each cash delivery one ledger payment) → reminders N days before the deadline (policy) → after
 * the deadline and the grace days, undelivered households are escalated to the union chair → closed
 * with the report; what is left of the reservation goes back to the budget.
 */
export async function holidayCampaignWorkflow(
  input: HolidayCampaignInput,
): Promise<{ status: CampaignStatus }> {
  const { workflowId } = workflowInfo();
  const { campaignId } = input;
  const resume = input.resume;
  const status = statusRecorder<CampaignStatus, [details?: Record<string, unknown>]>(
    resume ? 'delivering' : 'pending_approval',
    (next, details = {}) => acts.setCampaignStatus({ campaignId, workflowId, status: next, details }),
  );
  const board = new TaskBoard(
    taskActs,
    { type: 'campaign', id: campaignId, workflowId },
    () => status.current,
    {
      round: resume?.round,
    },
  );
  let households = resume?.households ?? 0;
  let pending = resume?.pending ?? 0;
  const reminded: number[] = [...(resume?.reminded ?? [])];
  let escalated: number | null = null;
  let reserved = false;

  setHandler(campaignStateQuery, () => ({
    status: status.current,
    households,
    pending,
    reminded,
    escalated,
    openTasks: board.openTasks(),
  }));
  const refuseUnlessDelivering = (actor: Actor) => {
    if (status.current !== 'delivering' && status.current !== 'escalated')
      throw ApplicationFailure.create({
        type: REFUSALS.stale,
        message: `the campaign is ${status.current}: deliveries are taken while it is delivering`,
        nonRetryable: true,
      });
    if (!actor.roles.some((r) => DELIVERY_ROLES.includes(r)))
      throw ApplicationFailure.create({
        type: REFUSALS.forbidden,
        message: 'only a caseworker or a chair may confirm deliveries',
        nonRetryable: true,
      });
  };
  setHandler(
    confirmDeliveryUpdate,
    async (d) => {
      const r = await acts.recordCampaignDelivery({
        campaignId,
        workflowId,
        recipientId: d.recipientId,
        deliveredOn: d.deliveredOn,
        cashFen: d.cashFen,
        goods: d.goods,
        visitors: d.visitors,
        attachmentId: d.attachmentId,
        actor: { userId: d.actor.userId, displayName: d.actor.displayName },
      });
      pending = r.pendingLeft;
      return r;
    },
    { validator: (d) => refuseUnlessDelivering(d.actor) },
  );
  setHandler(
    reportUndeliveredUpdate,
    async (u) => {
      const r = await acts.recordCampaignUndelivered({
        campaignId,
        workflowId,
        recipientId: u.recipientId,
        reason: u.reason,
        actor: { userId: u.actor.userId, displayName: u.actor.displayName },
      });
      pending = r.pendingLeft;
      return r;
    },
    {
      validator: (u) => {
        refuseUnlessDelivering(u.actor);
        if (!u.reason.trim())
          throw ApplicationFailure.create({
            type: REFUSALS.invalid,
            message: 'a reason is required',
            nonRetryable: true,
          });
      },
    },
  );
  board.handleWithdraw('campaign', ['pending_approval', 'awaiting_funds'], () => status.current);

  const run = await acts.loadCampaignRun({ campaignId });

  const end = async (final: CampaignStatus, details?: Record<string, unknown>) => {
    await status.record(final, details);
    board.rest();
    await condition(allHandlersFinished);
    return { status: final };
  };

  if (!resume) {
    // 1. The plan through the approval chain; its last approval reserves the budget.
    await status.record('pending_approval');
    const funds: FundsStep = {
      reserveAt: 'last',
      reserve: async () => (reserved = (await acts.reserveCampaignBudget({ campaignId, workflowId })).ok),
      isReserved: () => reserved,
      payload: { amountFen: run.budgetFen, campaignCode: run.code, year: run.year },
      onAwaiting: () => status.record('awaiting_funds'),
      onReserved: () => status.record('pending_approval'),
    };
    const verdict = await runApprovalChain(board, {
      stages: run.stages,
      excluded: run.excluded,
      subject: { campaignCode: run.code, amountFen: run.budgetFen, deliveryDeadline: run.deliveryDeadline },
      funds,
    });
    if ('withdrawn' in verdict) {
      await taskActs.cancelOpenTasks({ workflowId });
      return end('withdrawn');
    }
    if ('rejected' in verdict) return end('rejected', { stage: verdict.stage, comment: verdict.comment });

    // 2. The distribution list, set-based from the files.
    const built = await acts.buildDistributionList({ campaignId, workflowId });
    households = built.households;
    pending = built.households;
    await status.record('delivering', { households, cashFen: built.cashFen });
  }

  // 3. Deliveries until the deadline, with reminders before it.
  const clock = campaignClock(run.deliveryDeadline, run.policy);
  const waitUntil = async (atMs: number): Promise<'all_delivered' | 'time'> => {
    for (;;) {
      if (pending === 0) return 'all_delivered';
      const ms = atMs - now();
      if (ms <= 0) return 'time';
      board.rest();
      await condition(() => pending === 0 || workflowInfo().continueAsNewSuggested, ms);
      if (pending > 0 && workflowInfo().continueAsNewSuggested) {
        await condition(allHandlersFinished);
        await continueAsNew<typeof holidayCampaignWorkflow>({
          ...input,
          resume: { pending, households, reminded, round: board.rounds },
        });
      }
    }
  };
  for (const r of clock.reminders) {
    if (reminded.includes(r.daysBefore)) continue;
    if ((await waitUntil(r.atMs)) === 'all_delivered') break;
    if (now() < clock.deadlineEndMs)
      await acts.remindCampaignUnits({ campaignId, workflowId, daysBefore: r.daysBefore });
    reminded.push(r.daysBefore);
  }

  // 4. After the deadline and the grace days: undelivered households go to the union chair.
  let reason = 'not delivered by the deadline';
  if ((await waitUntil(clock.escalateAtMs)) === 'time') {
    escalated = (await acts.escalateUndelivered({ campaignId, workflowId })).households;
    await status.record('escalated', { households: escalated });
    const d = await board.ask({
      kind: 'campaign_escalation',
      stage: 'undelivered',
      candidateRole: 'union_chair',
      escalateTo: 'admin',
      decisions: ['done'],
      commentRequiredFor: [],
      payload: { campaignCode: run.code, undelivered: escalated, deliveryDeadline: run.deliveryDeadline },
      deadlines: true,
    });
    if (d.comment?.trim()) reason = d.comment.trim();
  }

  // 5. Closing: what was not delivered is recorded with its reason; the report is stored.
  const closed = await acts.closeCampaign({ campaignId, workflowId, reason });
  return end('closed', closed);
}
