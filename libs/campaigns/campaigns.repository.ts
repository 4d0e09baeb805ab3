import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository';
import { writeStatus } from '../audit/status';
import type { CampaignPolicy } from '../domain/campaign-policy';
import type { CampaignStandard } from '../domain/campaign';
import { DomainError, FailureType } from '../domain/errors';
import { fourEyesExclusions, type FourEyesExclusion } from '../domain/four-eyes';
import type { StageDef } from '../domain/policy-types';
import { BALANCE_SQL, toBalance, type BalanceRow } from '../ledger/ledger.repository';
import { OutboxRepository } from '../notifications/outbox.repository';
import { PolicyRepository } from '../policy/policy.repository';
import { BUILD_DISTRIBUTION_LIST_SQL, CAMPAIGN_UNITS_SQL } from './campaigns.sql';

/** What the campaign workflow needs to run its plan (ids, dates and policy figures; no personal data). */
export interface CampaignRun {
  code: string;
  stages: StageDef[];
  excluded: FourEyesExclusion[];
  deliveryDeadline: string;
  policy: CampaignPolicy;
  budgetFen: number;
  year: number;
}

export interface DeliveryInput {
  campaignId: string;
  workflowId: string;
  recipientId: string;
  deliveredOn: string;
  cashFen: number;
  goods: string | null;
  visitors: string;
  attachmentId: string | null;
  actor: { userId: string; displayName: string };
}

export type DeliveryOutcome =
  | { outcome: 'recorded'; deliveryId: string; ledgerKey: string | null; pendingLeft: number }
  /** `sameRequest`: the earlier delivery has the same actor, date and cash (a retry or a double click). */
  | { outcome: 'duplicate'; deliveryId: string; sameRequest: boolean; pendingLeft: number };

export interface UnitProgress {
  unitId: string;
  unitName: string;
  households: number;
  delivered: number;
  undelivered: number;
  pending: number;
  plannedCashFen: number;
  spentFen: number;
}

export interface CampaignReport {
  code: string;
  programCode: string;
  fundSource: string;
  policyVersion: number;
  budgetFen: number;
  spentFen: number;
  plannedCashFen: number;
  households: number;
  delivered: number;
  undelivered: number;
  pending: number;
  byUnit: UnitProgress[];
  undeliveredList: Array<{
    recipientId: string;
    unitName: string;
    householdCode: string;
    workerName: string;
    category: string;
    reason: string;
  }>;
}

type UnitRow = Omit<UnitProgress, 'plannedCashFen' | 'spentFen'> & {
  plannedCashFen: string;
  spentFen: string;
};

/** Ledger keys of a campaign (the workflow id is `campaign:<code>`). */
export const campaignKeys = {
  reservation: (workflowId: string) => `${workflowId}:reservation`,
  delivery: (workflowId: string, householdId: string) => `${workflowId}:delivery:${householdId}`,
  deliveryRelease: (workflowId: string, householdId: string) =>
    `${workflowId}:delivery:${householdId}:release`,
  closingRelease: (workflowId: string) => `${workflowId}:release`,
};

/**
 * Holiday campaigns (节日送温暖): the plan, the distribution list (one set-based statement), the
 * deliveries (at most one per household, each cash delivery one ledger payment by a unique key), the
 * reminders, escalation and the closing report. SQL only; every write is idempotent.
 */
@Injectable()
export class CampaignsRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly policy: PolicyRepository,
    private readonly audit: AuditRepository,
    private readonly outbox: OutboxRepository,
  ) {}

  /** The plan as the workflow runs it, under the policy version recorded with the plan. */
  async run(c: { campaignId: string }): Promise<CampaignRun> {
    const [row] = (await this.ds.query(
      `SELECT code, to_char(delivery_deadline, 'YYYY-MM-DD') AS deadline, policy_version, budget_fen::bigint AS budget, year, created_by
         FROM campaigns WHERE id = $1`,
      [c.campaignId],
    )) as Array<{
      code: string;
      deadline: string;
      policy_version: number;
      budget: string;
      year: number;
      created_by: string;
    }>;
    if (!row) throw new DomainError(FailureType.NotFound, `campaign ${c.campaignId} not found`);
    const policy = await this.policy.byVersion(row.policy_version);
    if (!policy) throw new Error(`policy version ${row.policy_version} missing`);
    const p = policy.data.campaign;
    const stages = p.planStages.map((code) => {
      const s = policy.data.stages.find((x) => x.code === code);
      if (!s) throw new Error(`stage ${code} is not in policy ${policy.version}`);
      return s;
    });
    return {
      code: row.code,
      stages,
      // whoever drew up the plan does not approve it (four-eyes)
      excluded: fourEyesExclusions({ caseworkerId: [row.created_by] }),
      deliveryDeadline: row.deadline,
      policy: p,
      budgetFen: Number(row.budget),
      year: row.year,
    };
  }

  /** Status and its timeline event (idempotent). */
  async recordStatus(s: {
    campaignId: string;
    workflowId: string;
    status: string;
    details?: Record<string, unknown>;
  }): Promise<void> {
    await this.ds.transaction((em) =>
      writeStatus(em, this.audit, {
        update: `UPDATE campaigns SET status = $2, updated_at = now(),
                        closed_at = CASE WHEN $2 IN ('closed','rejected','withdrawn') THEN now() ELSE closed_at END
                  WHERE id = $1 AND status <> $2 RETURNING id`,
        params: [s.campaignId, s.status],
        event: {
          actorId: null,
          action: 'campaign.status',
          entityType: 'campaign',
          entityId: s.campaignId,
          workflowId: s.workflowId,
          after: { status: s.status, ...s.details },
        },
      }),
    );
  }

  /**
   * Reserves the campaign's budget on its fund source's budget for the program and year, once
   * (`<workflowId>:reservation`); false when that budget cannot cover it (finance tops up or rejects).
   */
  async reserveBudget(r: {
    campaignId: string;
    workflowId: string;
  }): Promise<{ ok: boolean; availableFen: number }> {
    return this.ds.transaction(async (em) => {
      const key = campaignKeys.reservation(r.workflowId);
      const [done] = (await em.query(`SELECT 1 FROM ledger_entries WHERE idempotency_key = $1`, [
        key,
      ])) as unknown[];
      if (done) return { ok: true, availableFen: 0 };
      const [c] = (await em.query(
        `SELECT fund_source, program_code, year, budget_fen::bigint AS budget FROM campaigns WHERE id = $1`,
        [r.campaignId],
      )) as Array<{ fund_source: string; program_code: string; year: number; budget: string }>;
      if (!c) throw new DomainError(FailureType.NotFound, `campaign ${r.campaignId} not found`);
      await em.query(
        `SELECT id FROM budgets WHERE fund_source = $1 AND program_code = $2 AND year = $3 FOR UPDATE`,
        [c.fund_source, c.program_code, c.year],
      );
      const [b] = (await em.query(
        `${BALANCE_SQL} WHERE b.fund_source = $1 AND b.program_code = $2 AND b.year = $3 GROUP BY b.id, f.sort_order`,
        [c.fund_source, c.program_code, c.year],
      )) as BalanceRow[];
      const balance = b ? toBalance(b) : null;
      const amount = Number(c.budget);
      if (!balance || balance.availableFen < amount)
        return { ok: false, availableFen: balance?.availableFen ?? 0 };
      await em.query(
        `INSERT INTO ledger_entries (idempotency_key, budget_id, kind, amount_fen, campaign_id) VALUES ($1, $2, 'reservation', $3, $4)`,
        [key, balance.budgetId, amount, r.campaignId],
      );
      await this.audit.append(
        {
          actorId: null,
          action: 'funds.reserved',
          entityType: 'campaign',
          entityId: r.campaignId,
          workflowId: r.workflowId,
          after: { fundSource: c.fund_source, programCode: c.program_code, year: c.year, amountFen: amount },
        },
        em,
      );
      return { ok: true, availableFen: balance.availableFen - amount };
    });
  }

  /** Builds the distribution list in one INSERT … SELECT (a retry inserts nothing); answers its size. */
  async buildList(b: {
    campaignId: string;
    workflowId: string;
  }): Promise<{ households: number; cashFen: number }> {
    return this.ds.transaction(async (em) => {
      const inserted = (await em.query(BUILD_DISTRIBUTION_LIST_SQL, [b.campaignId])) as Array<{
        cash_fen: string;
      }>;
      await em.query(
        `UPDATE campaigns SET list_built_at = COALESCE(list_built_at, now()),
                             households = (SELECT count(*) FROM campaign_recipients WHERE campaign_id = $1) WHERE id = $1`,
        [b.campaignId],
      );
      const [t] = (await em.query(
        `SELECT count(*)::int AS n, COALESCE(sum(cash_fen), 0)::bigint AS cash FROM campaign_recipients WHERE campaign_id = $1`,
        [b.campaignId],
      )) as Array<{ n: number; cash: string }>;
      if (inserted.length > 0)
        await this.audit.append(
          {
            actorId: null,
            action: 'campaign.list_built',
            entityType: 'campaign',
            entityId: b.campaignId,
            workflowId: b.workflowId,
            after: { households: t!.n, cashFen: Number(t!.cash) },
          },
          em,
        );
      return { households: t!.n, cashFen: Number(t!.cash) };
    });
  }

  private async pendingLeft(em: EntityManager, campaignId: string): Promise<number> {
    const [p] = (await em.query(
      `SELECT count(*)::int AS n FROM campaign_recipients WHERE campaign_id = $1 AND status = 'pending'`,
      [campaignId],
    )) as Array<{ n: number }>;
    return p!.n;
  }

  /**
   * Records one household's delivery, once: the unique (campaign, household) constraint makes a
   * second submission a 'duplicate'; cash posts one ledger payment (key `<workflowId>:delivery:<household>`)
   * and releases as much of the campaign's reservation, in the same transaction.
   */
  async recordDelivery(d: DeliveryInput): Promise<DeliveryOutcome> {
    return this.ds.transaction(async (em) => {
      const [r] = (await em.query(
        `SELECT r.household_id, r.cash_fen::bigint AS cash, r.goods, r.status, c.status AS campaign_status
           FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id
          WHERE r.id = $1 AND r.campaign_id = $2 FOR UPDATE OF r`,
        [d.recipientId, d.campaignId],
      )) as Array<{
        household_id: string;
        cash: string;
        goods: string | null;
        status: string;
        campaign_status: string;
      }>;
      if (!r)
        throw new DomainError(
          FailureType.NotFound,
          `recipient ${d.recipientId} is not on campaign ${d.campaignId}'s list`,
        );
      const [prior] = (await em.query(
        `SELECT id, delivered_by, to_char(delivered_on, 'YYYY-MM-DD') AS delivered_on, cash_fen::bigint AS cash
           FROM campaign_deliveries WHERE campaign_id = $1 AND household_id = $2`,
        [d.campaignId, r.household_id],
      )) as Array<{ id: string; delivered_by: string; delivered_on: string; cash: string }>;
      if (prior)
        return {
          outcome: 'duplicate',
          deliveryId: prior.id,
          sameRequest:
            prior.delivered_by === d.actor.userId &&
            prior.delivered_on === d.deliveredOn &&
            Number(prior.cash) === d.cashFen,
          pendingLeft: await this.pendingLeft(em, d.campaignId),
        };
      if (d.cashFen > Number(r.cash))
        throw new DomainError(
          FailureType.InvalidDecision,
          `cash given (${d.cashFen} fen) exceeds the household's standard (${r.cash} fen)`,
          [
            {
              field: 'cashFen',
              rule: 'within_standard',
              message: 'cash given must not exceed the standard',
              params: { maxFen: Number(r.cash) },
            },
          ],
        );
      const ledgerKey = d.cashFen > 0 ? campaignKeys.delivery(d.workflowId, r.household_id) : null;
      const [row] = (await em.query(
        `INSERT INTO campaign_deliveries (campaign_id, recipient_id, household_id, delivered_on, cash_fen, goods, visitors, attachment_id, ledger_key, delivered_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          d.campaignId,
          d.recipientId,
          r.household_id,
          d.deliveredOn,
          d.cashFen,
          d.goods,
          d.visitors,
          d.attachmentId,
          ledgerKey,
          d.actor.userId,
        ],
      )) as Array<{ id: string }>;
      if (ledgerKey) {
        const posted = (await em.query(
          `INSERT INTO ledger_entries (idempotency_key, budget_id, kind, amount_fen, campaign_id, reference, actor_id, paid_on)
           SELECT k.key, e.budget_id, k.kind, $3, e.campaign_id, $4, $5, $6::date
             FROM ledger_entries e, (VALUES ($1, 'payment'), ($1 || ':release', 'release')) AS k(key, kind)
            WHERE e.idempotency_key = $2
           ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
          [
            ledgerKey,
            campaignKeys.reservation(d.workflowId),
            d.cashFen,
            `${d.workflowId}:${d.recipientId}`,
            d.actor.userId,
            d.deliveredOn,
          ],
        )) as unknown[];
        if (posted.length === 0) throw new Error(`campaign ${d.campaignId} has no reservation to pay from`);
      }
      await em.query(
        `UPDATE campaign_recipients SET status = 'delivered', undelivered_reason = NULL WHERE id = $1`,
        [d.recipientId],
      );
      await this.audit.append(
        {
          actorId: d.actor.userId,
          actorName: d.actor.displayName,
          action: 'campaign.delivered',
          entityType: 'campaign',
          entityId: d.campaignId,
          workflowId: d.workflowId,
          after: {
            recipientId: d.recipientId,
            deliveredOn: d.deliveredOn,
            cashFen: d.cashFen,
            goods: d.goods,
            attachmentId: d.attachmentId,
          },
        },
        em,
      );
      return {
        outcome: 'recorded',
        deliveryId: row!.id,
        ledgerKey,
        pendingLeft: await this.pendingLeft(em, d.campaignId),
      };
    });
  }

  /** A unit reports a household it cannot reach (moved, in hospital elsewhere…), with the reason. */
  async recordUndelivered(u: {
    campaignId: string;
    workflowId: string;
    recipientId: string;
    reason: string;
    actor: { userId: string; displayName: string };
  }): Promise<{ changed: boolean; pendingLeft: number }> {
    return this.ds.transaction(async (em) => {
      const rows = (await em.query(
        `WITH u AS (UPDATE campaign_recipients SET status = 'undelivered', undelivered_reason = $3
                     WHERE id = $1 AND campaign_id = $2 AND status = 'pending' RETURNING id) SELECT * FROM u`,
        [u.recipientId, u.campaignId, u.reason],
      )) as unknown[];
      if (rows.length > 0)
        await this.audit.append(
          {
            actorId: u.actor.userId,
            actorName: u.actor.displayName,
            action: 'campaign.undelivered',
            entityType: 'campaign',
            entityId: u.campaignId,
            workflowId: u.workflowId,
            after: { recipientId: u.recipientId, reason: u.reason },
          },
          em,
        );
      return { changed: rows.length > 0, pendingLeft: await this.pendingLeft(em, u.campaignId) };
    });
  }

  /**
   * Reminds every unit that still has households to visit, `daysBefore` the deadline: one row per
   * unit (idempotent) and a message to the unit's chairs and caseworkers.
   */
  async remindUnits(r: {
    campaignId: string;
    workflowId: string;
    daysBefore: number;
  }): Promise<{ units: number; pending: number }> {
    return this.ds.transaction(async (em) => {
      const units = (await em.query(
        `INSERT INTO campaign_reminders (campaign_id, days_before, unit_id, pending)
         SELECT $1, $2, unit_id, count(*) FROM campaign_recipients WHERE campaign_id = $1 AND status = 'pending' GROUP BY unit_id
         ON CONFLICT DO NOTHING RETURNING unit_id, pending`,
        [r.campaignId, r.daysBefore],
      )) as Array<{ unit_id: string; pending: number }>;
      const [c] = (await em.query(
        `SELECT code, name, to_char(delivery_deadline, 'YYYY-MM-DD') AS deadline FROM campaigns WHERE id = $1`,
        [r.campaignId],
      )) as Array<{ code: string; name: string; deadline: string }>;
      for (const u of units) {
        const users = (await em.query(
          `SELECT u.id FROM users u WHERE u.org_unit_id = $1 AND u.active AND u.roles && ARRAY['branch_chair','caseworker']::text[]`,
          [u.unit_id],
        )) as Array<{ id: string }>;
        for (const user of users)
          await this.outbox.enqueue(em, {
            key: `${r.workflowId}:reminder:${r.daysBefore}:${user.id}`,
            recipientKind: 'user',
            recipientId: user.id,
            template: 'campaign_reminder',
            subject: `送温暖 ${c!.name}: ${u.pending} 户待送达`,
            body: `${c!.name}（${c!.code}）送达截止 ${c!.deadline}，还有 ${r.daysBefore} 天；本单位尚有 ${u.pending} 户未确认送达。`,
          });
      }
      if (units.length > 0)
        await this.audit.append(
          {
            actorId: null,
            action: 'campaign.reminded',
            entityType: 'campaign',
            entityId: r.campaignId,
            workflowId: r.workflowId,
            details: { daysBefore: r.daysBefore, units: units.length },
          },
          em,
        );
      return { units: units.length, pending: units.reduce((s, u) => s + Number(u.pending), 0) };
    });
  }

  /** Marks the households still undelivered after the deadline as escalated; answers how many. */
  async escalateUndelivered(e: { campaignId: string; workflowId: string }): Promise<{ households: number }> {
    return this.ds.transaction(async (em) => {
      const rows = (await em.query(
        `WITH u AS (UPDATE campaign_recipients SET escalated_at = COALESCE(escalated_at, now())
                     WHERE campaign_id = $1 AND status = 'pending' RETURNING id) SELECT count(*)::int AS n FROM u`,
        [e.campaignId],
      )) as Array<{ n: number }>;
      await this.audit.append(
        {
          actorId: null,
          action: 'campaign.escalated',
          entityType: 'campaign',
          entityId: e.campaignId,
          workflowId: e.workflowId,
          details: { households: rows[0]!.n },
        },
        em,
      );
      return { households: rows[0]!.n };
    });
  }

  /**
   * Closes the campaign: households still pending become undelivered with `reason`, what is left of
   * the reservation goes back to the budget (once), and the report is stored.
   */
  async close(c: { campaignId: string; workflowId: string; reason: string }): Promise<CampaignReport> {
    await this.ds.transaction(async (em) => {
      await em.query(
        `UPDATE campaign_recipients SET status = 'undelivered', undelivered_reason = COALESCE(undelivered_reason, $2)
          WHERE campaign_id = $1 AND status = 'pending'`,
        [c.campaignId, c.reason],
      );
      await em.query(
        `INSERT INTO ledger_entries (idempotency_key, budget_id, kind, amount_fen, campaign_id)
         SELECT $2, r.budget_id, 'release', r.amount_fen - COALESCE((SELECT sum(x.amount_fen) FROM ledger_entries x
                                                                     WHERE x.campaign_id = $1 AND x.kind = 'release'), 0), $1
           FROM ledger_entries r WHERE r.idempotency_key = $3
         ON CONFLICT (idempotency_key) DO NOTHING`,
        [c.campaignId, campaignKeys.closingRelease(c.workflowId), campaignKeys.reservation(c.workflowId)],
      );
    });
    const report = await this.report(c.campaignId);
    await this.ds.query(`UPDATE campaigns SET report = $2 WHERE id = $1`, [
      c.campaignId,
      JSON.stringify(report),
    ]);
    return report;
  }

  async unitProgress(campaignId: string): Promise<UnitProgress[]> {
    const rows = (await this.ds.query(CAMPAIGN_UNITS_SQL, [campaignId])) as UnitRow[];
    return rows.map((r) => ({
      ...r,
      plannedCashFen: Number(r.plannedCashFen),
      spentFen: Number(r.spentFen),
    }));
  }

  /** The closing report (also while running): totals and per unit, spent read from the ledger. */
  async report(campaignId: string): Promise<CampaignReport> {
    const [c] = (await this.ds.query(
      `SELECT c.code, c.program_code, c.fund_source, c.policy_version, c.budget_fen::bigint AS budget,
              (SELECT COALESCE(sum(amount_fen), 0) FROM ledger_entries WHERE campaign_id = c.id AND kind = 'payment')::bigint AS spent
         FROM campaigns c WHERE c.id = $1`,
      [campaignId],
    )) as Array<{
      code: string;
      program_code: string;
      fund_source: string;
      policy_version: number;
      budget: string;
      spent: string;
    }>;
    if (!c) throw new DomainError(FailureType.NotFound, `campaign ${campaignId} not found`);
    const byUnit = await this.unitProgress(campaignId);
    const undeliveredList = (await this.ds.query(
      `SELECT r.id AS "recipientId", o.name_zh AS "unitName", h.code AS "householdCode", w.name AS "workerName", r.category,
              COALESCE(r.undelivered_reason, '') AS reason
         FROM campaign_recipients r JOIN org_units o ON o.id = r.unit_id JOIN households h ON h.id = r.household_id
         JOIN workers w ON w.id = r.worker_id
        WHERE r.campaign_id = $1 AND r.status = 'undelivered' ORDER BY o.path, h.code`,
      [campaignId],
    )) as CampaignReport['undeliveredList'];
    const sum = (k: 'households' | 'delivered' | 'undelivered' | 'pending' | 'plannedCashFen') =>
      byUnit.reduce((s, u) => s + u[k], 0);
    return {
      code: c.code,
      programCode: c.program_code,
      fundSource: c.fund_source,
      policyVersion: c.policy_version,
      budgetFen: Number(c.budget),
      spentFen: Number(c.spent),
      plannedCashFen: sum('plannedCashFen'),
      households: sum('households'),
      delivered: sum('delivered'),
      undelivered: sum('undelivered'),
      pending: sum('pending'),
      byUnit,
      undeliveredList,
    };
  }
}

export type { CampaignStandard };
