import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { DomainError, FailureType } from '../domain/errors';
import { chinaDateOf } from '../domain/loan';
import {
  nextVisitDue,
  pairingClock,
  pairingEndsAtMs,
  visitState,
  type PairingPolicy,
  type VisitForm,
  type VisitState,
} from '../domain/pairing';
import { OutboxRepository } from '../notifications/outbox.repository';
import { PolicyRepository } from '../policy/policy.repository';
import { PiiCipher } from '../security/pii';
import { TasksRepository } from '../tasks/tasks.repository';
import { LIVE_PAIRING, PAIRING_COVERAGE_SQL } from './pairing.sql';

export interface PairingView {
  id: string;
  workflowId: string;
  householdId: string;
  householdCode: string;
  /** The household's member(s) in the union, as the files show them. */
  workerNames: string[];
  orgUnitId: string;
  orgUnitName: string;
  orgPath: string;
  leaderId: string;
  leaderName: string;
  startDate: string;
  endDate: string | null;
  endedAt: string | null;
  endReason: string | null;
  /** live (started, not ended), upcoming (starts later) or ended. */
  status: 'live' | 'upcoming' | 'ended';
  categories: string[];
  visits: number;
  lastVisitOn: string | null;
  /** Null once the pairing has ended. */
  nextDueOn: string | null;
  state: VisitState | null;
}

export interface VisitView {
  id: string;
  pairingId: string;
  visitedOn: string;
  form: VisitForm;
  findings: string;
  helpGiven: string | null;
  loggedBy: string;
  loggedByName: string;
  createdAt: string;
}

export interface CoverageRow {
  orgUnitId: string;
  orgUnitName: string;
  orgUnitNameEn: string;
  orgPath: string;
  /** Households with at least one live pairing. */
  households: number;
  /** … whose every live pairing has its next visit due today or later. */
  onTime: number;
  /** … with a pairing past its due date (escalated ones included). */
  overdue: number;
  /** … with a pairing past due date + grace days (sent to the union chair). */
  escalated: number;
}

/** What the pairing workflow needs for its next turn (ids, dates and instants; no personal data). */
export interface PairingSchedule {
  ended: boolean;
  dueOn: string;
  remindAtMs: number;
  escalateAtMs: number;
  /** When the pairing ends by its end date (null: open-ended). */
  endsAtMs: number | null;
}

type PairingRow = {
  id: string;
  workflow_id: string;
  household_id: string;
  household_code: string;
  worker_names: string[] | null;
  org_unit_id: string;
  org_unit_name: string;
  org_path: string;
  leader_id: string;
  leader_name: string;
  start_date: string;
  end_date: string | null;
  ended_at: Date | null;
  end_reason: string | null;
  categories: string[];
  visits: number;
  last_visit_on: string | null;
};

const PAIRING_SELECT = `
  SELECT p.id, p.workflow_id, p.household_id, h.code AS household_code, h.org_unit_id, o.name_zh AS org_unit_name,
         o.path AS org_path, p.leader_id, u.display_name AS leader_name,
         to_char(p.start_date, 'YYYY-MM-DD') AS start_date, to_char(p.end_date, 'YYYY-MM-DD') AS end_date,
         p.ended_at, p.end_reason,
         (SELECT array_agg(w.name ORDER BY w.employee_no) FROM workers w WHERE w.household_id = h.id) AS worker_names,
         (SELECT COALESCE(array_agg(DISTINCT f.category) FILTER (WHERE f.category IS NOT NULL), '{}'::text[])
            FROM hardship_files f WHERE f.household_id = p.household_id AND f.status = 'active') AS categories,
         (SELECT count(*)::int FROM pairing_visits v WHERE v.pairing_id = p.id) AS visits,
         (SELECT to_char(max(v.visited_on), 'YYYY-MM-DD') FROM pairing_visits v WHERE v.pairing_id = p.id) AS last_visit_on
    FROM pairings p
    JOIN households h ON h.id = p.household_id
    JOIN org_units o ON o.id = h.org_unit_id
    JOIN users u ON u.id = p.leader_id`;

/**
 * Pairings (结对帮扶): who leads which household from when to when, the visit logs (free text
 * encrypted at rest), the reminder and escalation the pairing workflow asks for, and the coverage of
 * a unit's pairings in one set-based statement. SQL only; writes are idempotent where a workflow
 * retries them.
 */
@Injectable()
export class PairingRepository {
  /** What a leader found and the help given may hold health details: encrypted at rest. */
  private readonly pii: PiiCipher;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly policy: PolicyRepository,
    private readonly audit: AuditRepository,
    private readonly outbox: OutboxRepository,
    private readonly tasks: TasksRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.pii = PiiCipher.fromBase64(config.PII_ENCRYPTION_KEY, config.PII_HASH_KEY);
  }

  /** Today in China (the calendar pairings and visits are dated in). */
  today(nowMs = Date.now()): string {
    return chinaDateOf(nowMs);
  }

  async pairingPolicy(): Promise<PairingPolicy> {
    return (await this.policy.current()).data.pairing;
  }

  private view(r: PairingRow, policy: PairingPolicy, today: string): PairingView {
    const ended = r.ended_at !== null || (r.end_date !== null && r.end_date < today);
    const nextDueOn = ended
      ? null
      : nextVisitDue(
          { startOn: r.start_date, lastVisitOn: r.last_visit_on, categories: r.categories },
          policy,
        );
    return {
      id: r.id,
      workflowId: r.workflow_id,
      householdId: r.household_id,
      householdCode: r.household_code,
      workerNames: r.worker_names ?? [],
      orgUnitId: r.org_unit_id,
      orgUnitName: r.org_unit_name,
      orgPath: r.org_path,
      leaderId: r.leader_id,
      leaderName: r.leader_name,
      startDate: r.start_date,
      endDate: r.end_date,
      endedAt: r.ended_at?.toISOString() ?? null,
      endReason: r.end_reason,
      status: ended ? 'ended' : r.start_date > today ? 'upcoming' : 'live',
      categories: r.categories,
      visits: r.visits,
      lastVisitOn: r.last_visit_on,
      nextDueOn,
      state: nextDueOn ? visitState(nextDueOn, today, policy) : null,
    };
  }

  async get(pairingId: string): Promise<PairingView | null> {
    const [r] = (await this.ds.query(`${PAIRING_SELECT} WHERE p.id = $1`, [pairingId])) as PairingRow[];
    return r ? this.view(r, await this.pairingPolicy(), this.today()) : null;
  }

  /**
   * Pairings of a household, of a leader, or in an org subtree (any combination), live ones first by
   * next due date; ended ones only when asked.
   */
  async list(f: {
    householdId?: string;
    leaderId?: string;
    orgPath?: string;
    includeEnded?: boolean;
    limit?: number;
  }): Promise<PairingView[]> {
    const rows = (await this.ds.query(
      `${PAIRING_SELECT}
        WHERE ($1::uuid IS NULL OR p.household_id = $1) AND ($2::uuid IS NULL OR p.leader_id = $2)
          AND ($3::text IS NULL OR o.path = $3 OR o.path LIKE $3 || '.%')
          AND ($4 OR (${LIVE_PAIRING('p')}))
        ORDER BY p.start_date, p.id LIMIT $5`,
      [f.householdId ?? null, f.leaderId ?? null, f.orgPath ?? null, f.includeEnded ?? false, f.limit ?? 500],
    )) as PairingRow[];
    const policy = await this.pairingPolicy();
    const today = this.today();
    const views = rows.map((r) => this.view(r, policy, today));
    const rank = (v: PairingView) => (v.status === 'ended' ? 1 : 0);
    return views.sort((a, b) => rank(a) - rank(b) || (a.nextDueOn ?? '').localeCompare(b.nextDueOn ?? ''));
  }

  /** The household's unit (for the caller's org scope), or null when there is no such household. */
  async household(householdId: string): Promise<{ id: string; code: string; orgPath: string } | null> {
    const [h] = (await this.ds.query(
      `SELECT h.id, h.code, o.path AS "orgPath" FROM households h JOIN org_units o ON o.id = h.org_unit_id WHERE h.id = $1`,
      [householdId],
    )) as Array<{ id: string; code: string; orgPath: string }>;
    return h ?? null;
  }

  async user(userId: string): Promise<{ id: string; displayName: string; active: boolean } | null> {
    const [u] = (await this.ds.query(
      `SELECT id, display_name AS "displayName", active FROM users WHERE id = $1`,
      [userId],
    )) as Array<{ id: string; displayName: string; active: boolean }>;
    return u ?? null;
  }

  /**
   * Pairs a leader with a household; null when that leader already has a live pairing with it (the
   * partial unique index decides, also under concurrent requests).
   */
  async assign(a: {
    householdId: string;
    leaderId: string;
    startDate: string;
    endDate: string | null;
    actor: { userId: string; displayName: string };
  }): Promise<{ id: string; workflowId: string } | null> {
    return this.ds.transaction(async (em) => {
      const rows = (await em.query(
        `INSERT INTO pairings (household_id, leader_id, start_date, end_date, created_by)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (household_id, leader_id) WHERE ended_at IS NULL DO NOTHING
         RETURNING id, workflow_id`,
        [a.householdId, a.leaderId, a.startDate, a.endDate, a.actor.userId],
      )) as Array<{ id: string; workflow_id: string }>;
      const row = rows[0];
      if (!row) return null;
      await this.audit.append(
        {
          actorId: a.actor.userId,
          actorName: a.actor.displayName,
          action: 'pairing.assigned',
          entityType: 'pairing',
          entityId: row.id,
          workflowId: row.workflow_id,
          after: {
            householdId: a.householdId,
            leaderId: a.leaderId,
            startDate: a.startDate,
            endDate: a.endDate,
          },
        },
        em,
      );
      return { id: row.id, workflowId: row.workflow_id };
    });
  }

  /** Ends a pairing (idempotent: false when it had ended already). Its open inbox items are cancelled. */
  async end(e: {
    pairingId: string;
    reason: string;
    actor: { userId: string; displayName: string };
  }): Promise<boolean> {
    return this.ds.transaction(async (em) => {
      const rows = (await em.query(
        `WITH u AS (UPDATE pairings SET ended_at = now(), ended_by = $2, end_reason = $3
                     WHERE id = $1 AND ended_at IS NULL RETURNING workflow_id) SELECT * FROM u`,
        [e.pairingId, e.actor.userId, e.reason],
      )) as Array<{ workflow_id: string }>;
      if (!rows[0]) return false;
      await em.query(
        `UPDATE tasks SET status = 'cancelled', completed_at = now() WHERE workflow_id = $1 AND status = 'open'`,
        [rows[0].workflow_id],
      );
      await this.audit.append(
        {
          actorId: e.actor.userId,
          actorName: e.actor.displayName,
          action: 'pairing.ended',
          entityType: 'pairing',
          entityId: e.pairingId,
          workflowId: rows[0].workflow_id,
          after: { reason: e.reason },
        },
        em,
      );
      return true;
    });
  }

  /**
   * Logs a visit: the free text encrypted, an audit row (date and form; never the text), and the
   * pairing's open escalation task closed — the missed visit has been made.
   */
  async logVisit(v: {
    pairingId: string;
    visitedOn: string;
    form: VisitForm;
    findings: string;
    helpGiven: string | null;
    actor: { userId: string; displayName: string };
  }): Promise<{ id: string; workflowId: string }> {
    return this.ds.transaction(async (em) => {
      const [p] = (await em.query(`SELECT household_id, workflow_id FROM pairings WHERE id = $1 FOR UPDATE`, [
        v.pairingId,
      ])) as Array<{ household_id: string; workflow_id: string }>;
      if (!p) throw new DomainError(FailureType.NotFound, `pairing ${v.pairingId} not found`);
      const [row] = (await em.query(
        `INSERT INTO pairing_visits (pairing_id, household_id, visited_on, form, findings_enc, help_enc, logged_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          v.pairingId,
          p.household_id,
          v.visitedOn,
          v.form,
          this.pii.encrypt(v.findings),
          v.helpGiven ? this.pii.encrypt(v.helpGiven) : null,
          v.actor.userId,
        ],
      )) as Array<{ id: string }>;
      await em.query(
        `UPDATE tasks SET status = 'completed', decision = 'done', completed_at = now(), actor_id = $2,
                comment = 'visit logged'
          WHERE workflow_id = $1 AND status = 'open' AND type = 'pairing_escalation'`,
        [p.workflow_id, v.actor.userId],
      );
      await this.audit.append(
        {
          actorId: v.actor.userId,
          actorName: v.actor.displayName,
          action: 'pairing.visit_logged',
          entityType: 'pairing',
          entityId: v.pairingId,
          workflowId: p.workflow_id,
          after: { visitId: row!.id, visitedOn: v.visitedOn, form: v.form, helpGiven: v.helpGiven !== null },
        },
        em,
      );
      return { id: row!.id, workflowId: p.workflow_id };
    });
  }

  /** The visit logs of a pairing, newest first, decrypted. */
  async visits(pairingId: string): Promise<VisitView[]> {
    const rows = (await this.ds.query(
      `SELECT v.id, v.pairing_id, to_char(v.visited_on, 'YYYY-MM-DD') AS visited_on, v.form, v.findings_enc, v.help_enc,
              v.logged_by, u.display_name AS logged_by_name, v.created_at
         FROM pairing_visits v JOIN users u ON u.id = v.logged_by
        WHERE v.pairing_id = $1 ORDER BY v.visited_on DESC, v.created_at DESC`,
      [pairingId],
    )) as Array<{
      id: string;
      pairing_id: string;
      visited_on: string;
      form: VisitForm;
      findings_enc: Buffer;
      help_enc: Buffer | null;
      logged_by: string;
      logged_by_name: string;
      created_at: Date;
    }>;
    return rows.map((r) => ({
      id: r.id,
      pairingId: r.pairing_id,
      visitedOn: r.visited_on,
      form: r.form,
      findings: this.pii.decrypt(r.findings_enc),
      helpGiven: r.help_enc ? this.pii.decrypt(r.help_enc) : null,
      loggedBy: r.logged_by,
      loggedByName: r.logged_by_name,
      createdAt: r.created_at.toISOString(),
    }));
  }

  /** Coverage per org unit in the subtree: one set-based statement over every live pairing. */
  async coverage(orgPath: string): Promise<{ today: string; units: CoverageRow[] }> {
    const policy = await this.pairingPolicy();
    const today = this.today();
    const iv = policy.visitIntervalDays;
    const rows = (await this.ds.query(PAIRING_COVERAGE_SQL, [
      orgPath,
      today,
      iv.deep,
      iv.relative,
      iv.accident,
      Math.max(iv.deep, iv.relative, iv.accident),
      policy.escalationGraceDays,
    ])) as CoverageRow[];
    return { today, units: rows };
  }

  /** The pairing's next turn for its workflow, under today's policy. */
  async schedule(s: { pairingId: string }): Promise<PairingSchedule> {
    const [r] = (await this.ds.query(`${PAIRING_SELECT} WHERE p.id = $1`, [s.pairingId])) as PairingRow[];
    if (!r) throw new DomainError(FailureType.NotFound, `pairing ${s.pairingId} not found`);
    const policy = await this.pairingPolicy();
    const v = this.view(r, policy, this.today());
    const dueOn =
      v.nextDueOn ??
      nextVisitDue({ startOn: r.start_date, lastVisitOn: r.last_visit_on, categories: r.categories }, policy);
    const clock = pairingClock(dueOn, policy);
    return {
      ended: r.ended_at !== null,
      dueOn,
      remindAtMs: clock.remindAtMs,
      escalateAtMs: clock.escalateAtMs,
      endsAtMs: pairingEndsAtMs(r.end_date),
    };
  }

  /**
   * Reminds the leader of the visit due on `dueOn`: one notification (keyed by the workflow and the
   * due date, so a retry sends nothing more) and an audit row.
   */
  async remind(r: { pairingId: string; workflowId: string; dueOn: string }): Promise<void> {
    await this.ds.transaction(async (em) => {
      const [p] = (await em.query(
        `SELECT p.leader_id, h.code FROM pairings p JOIN households h ON h.id = p.household_id WHERE p.id = $1`,
        [r.pairingId],
      )) as Array<{ leader_id: string; code: string }>;
      if (!p) throw new DomainError(FailureType.NotFound, `pairing ${r.pairingId} not found`);
      const key = `${r.workflowId}:reminder:${r.dueOn}`;
      const [done] = (await em.query(`SELECT 1 FROM notifications WHERE idempotency_key = $1`, [
        key,
      ])) as unknown[];
      if (done) return;
      await this.outbox.enqueue(em, {
        key,
        recipientKind: 'user',
        recipientId: p.leader_id,
        template: 'pairing_visit_due',
        subject: `结对帮扶：${p.code} 户应于 ${r.dueOn} 前走访`,
        body: `您结对的困难户 ${p.code} 下次走访应在 ${r.dueOn} 前完成，走访后请在“结对帮扶”页登记。`,
      });
      await this.audit.append(
        {
          actorId: null,
          action: 'pairing.reminded',
          entityType: 'pairing',
          entityId: r.pairingId,
          workflowId: r.workflowId,
          details: { dueOn: r.dueOn },
        },
        em,
      );
    });
  }

  /**
   * Escalates a missed visit: an inbox task for the union chair over the household's unit (once per
   * due date), and an audit row. Answers the task's id.
   */
  async escalate(e: { pairingId: string; workflowId: string; dueOn: string }): Promise<{ taskId: string }> {
    return this.ds.transaction(async (em) => {
      const [p] = (await em.query(
        `SELECT p.leader_id, u.display_name AS leader_name, h.code, h.org_unit_id, o.path
           FROM pairings p JOIN households h ON h.id = p.household_id JOIN org_units o ON o.id = h.org_unit_id
           JOIN users u ON u.id = p.leader_id
          WHERE p.id = $1`,
        [e.pairingId],
      )) as Array<{
        leader_id: string;
        leader_name: string;
        code: string;
        org_unit_id: string;
        path: string;
      }>;
      if (!p) throw new DomainError(FailureType.NotFound, `pairing ${e.pairingId} not found`);
      const policy = await this.pairingPolicy();
      const taskId = await this.tasks.openDueOn(em, {
        key: `${e.workflowId}:escalation:${e.dueOn}`,
        type: 'pairing_escalation',
        subjectType: 'pairing',
        subjectId: e.pairingId,
        workflowId: e.workflowId,
        stage: 'missed_visit',
        candidateRole: 'union_chair',
        orgUnitId: p.org_unit_id,
        orgPath: p.path,
        assigneeId: null,
        dueOn: this.today(),
        payload: {
          householdCode: p.code,
          leaderName: p.leader_name,
          dueOn: e.dueOn,
          graceDays: policy.escalationGraceDays,
        },
      });
      await this.audit.append(
        {
          actorId: null,
          action: 'pairing.escalated',
          entityType: 'pairing',
          entityId: e.pairingId,
          workflowId: e.workflowId,
          details: { dueOn: e.dueOn, taskId },
        },
        em,
      );
      return { taskId };
    });
  }

  /** The pairing's workflow has finished (end date reached or ended): its open items lapse. */
  async finish(f: { pairingId: string; workflowId: string; reason: string }): Promise<void> {
    await this.ds.transaction(async (em) => {
      const cancelled = (await em.query(
        `WITH u AS (UPDATE tasks SET status = 'cancelled', completed_at = now()
                     WHERE workflow_id = $1 AND status = 'open' RETURNING id) SELECT * FROM u`,
        [f.workflowId],
      )) as unknown[];
      await this.audit.append(
        {
          actorId: null,
          action: 'pairing.finished',
          entityType: 'pairing',
          entityId: f.pairingId,
          workflowId: f.workflowId,
          details: { reason: f.reason, cancelledTasks: cancelled.length },
        },
        em,
      );
    });
  }

  /** Live pairings (for the worker's start-up adoption of pairings without a running workflow). */
  async livePairings(
    after: string | null,
    limit: number,
  ): Promise<Array<{ id: string; workflowId: string }>> {
    return (await this.ds.query(
      `SELECT p.id, p.workflow_id AS "workflowId" FROM pairings p
        WHERE ${LIVE_PAIRING('p')} AND ($1::uuid IS NULL OR p.id > $1) ORDER BY p.id LIMIT $2`,
      [after, limit],
    )) as Array<{ id: string; workflowId: string }>;
  }
}
