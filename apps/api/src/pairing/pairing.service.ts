import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { AuditRepository } from '../../../../libs/audit/audit.repository';
import { APP_CONFIG } from '../../../../libs/config/config.module';
import type { AppConfig } from '../../../../libs/config/env';
import { isWithinScope } from '../../../../libs/domain/org-scope';
import { PairingRepository, type PairingView } from '../../../../libs/pairing/pairing.repository';
import { workflowIds } from '../../../../libs/temporal/ids';
import {
  pairingEndedSignal,
  pairingWorkflow,
  visitLoggedSignal,
} from '../../../../workflows/pairing.workflow';
import type { AuthUser } from '../auth/auth.decorators';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import type { AssignPairingDto, LogVisitDto, PairingListQueryDto } from './dto/pairing.dto';
import type {
  PairingCoverageDto,
  PairingListDto,
  PairingOptionsDto,
  PairingVisitListDto,
  PairingVisitResultDto,
} from './dto/pairing.response';
import { PairingExceptions } from './pairing.exceptions';

/** Roles that pair leaders with households of their subtree and end pairings. */
export const PAIRING_ASSIGN_ROLES = ['admin', 'union_chair', 'branch_chair'] as const;

@Injectable()
export class PairingService {
  private readonly logger = new Logger(PairingService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly pairings: PairingRepository,
    private readonly audit: AuditRepository,
  ) {}

  /** A pairing the caller may see: in their subtree, or their own. */
  private async visible(id: string, user: AuthUser): Promise<PairingView> {
    const p = await this.pairings.get(id);
    if (!p || (p.leaderId !== user.userId && !isWithinScope(user.orgPath, p.orgPath)))
      throw PairingExceptions.notFound(id);
    return p;
  }

  /** Starts the pairing's workflow (or leaves the running one); a Temporal outage is logged, not answered. */
  private async startWorkflow(pairingId: string): Promise<void> {
    try {
      await this.temporal.workflow.start(pairingWorkflow, {
        workflowId: workflowIds.pairing(pairingId),
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        workflowIdConflictPolicy: 'USE_EXISTING',
        args: [{ pairingId }],
      });
    } catch (err) {
      this.logger.warn(`pairing ${pairingId}: workflow not started (${(err as Error).message})`);
    }
  }

  async assign(dto: AssignPairingDto, user: AuthUser): Promise<PairingListDto> {
    const h = await this.pairings.household(dto.householdId);
    if (!h) throw PairingExceptions.householdNotFound(dto.householdId);
    if (!isWithinScope(user.orgPath, h.orgPath)) throw PairingExceptions.outOfScope('householdId');
    const leader = await this.pairings.user(dto.leaderId);
    if (!leader?.active) throw PairingExceptions.leaderInactive(dto.leaderId);
    const endDate = dto.endDate ?? null;
    if (endDate !== null && endDate < dto.startDate) throw PairingExceptions.endBeforeStart(dto.startDate);
    const created = await this.pairings.assign({
      householdId: h.id,
      leaderId: leader.id,
      startDate: dto.startDate,
      endDate,
      actor: { userId: user.userId, displayName: user.displayName },
    });
    if (!created) throw PairingExceptions.exists(h.code);
    await this.startWorkflow(created.id);
    return { items: await this.pairings.list({ householdId: h.id }) };
  }

  async end(id: string, reason: string, user: AuthUser): Promise<PairingListDto> {
    const p = await this.visible(id, user);
    if (!isWithinScope(user.orgPath, p.orgPath)) throw PairingExceptions.outOfScope('pairingId');
    if (p.endedAt) throw PairingExceptions.notLive('ended');
    await this.pairings.end({
      pairingId: id,
      reason,
      actor: { userId: user.userId, displayName: user.displayName },
    });
    try {
      await this.temporal.workflow.getHandle(p.workflowId).signal(pairingEndedSignal);
    } catch (err) {
      // not running (never started, or finished): the records say it has ended
      this.logger.warn(`pairing ${id}: end not signalled (${(err as Error).message})`);
    }
    return { items: await this.pairings.list({ householdId: p.householdId, includeEnded: true }) };
  }

  /** Pairings in the caller's subtree (by household or leader), or the caller's own as a leader. */
  async list(q: PairingListQueryDto, user: AuthUser): Promise<PairingListDto> {
    const own = q.leaderId === user.userId;
    return {
      items: await this.pairings.list({
        householdId: q.householdId,
        leaderId: q.leaderId,
        orgPath: own ? undefined : user.orgPath,
        includeEnded: q.includeEnded ?? false,
      }),
    };
  }

  /** The caller's own pairings as a leader, most urgent first. */
  async mine(user: AuthUser): Promise<PairingListDto> {
    return { items: await this.pairings.list({ leaderId: user.userId }) };
  }

  /**
   * The paired leader logs a visit: the row (free text encrypted) is written, then the workflow hears
   * of it (signal-with-start, so a pairing whose workflow is not running gets one) and counts the
   * next due date from this visit.
   */
  async logVisit(id: string, dto: LogVisitDto, user: AuthUser): Promise<PairingVisitResultDto> {
    const p = await this.visible(id, user);
    if (p.leaderId !== user.userId) throw PairingExceptions.leaderOnly();
    if (p.status !== 'live') throw PairingExceptions.notLive(p.status);
    const today = this.pairings.today();
    if (dto.visitedOn > today) throw PairingExceptions.inFuture(today);
    if (dto.visitedOn < p.startDate) throw PairingExceptions.beforeStart(p.startDate);
    const v = await this.pairings.logVisit({
      pairingId: id,
      visitedOn: dto.visitedOn,
      form: dto.form,
      findings: dto.findings.trim(),
      helpGiven: dto.helpGiven?.trim() || null,
      actor: { userId: user.userId, displayName: user.displayName },
    });
    try {
      await this.temporal.workflow.signalWithStart(pairingWorkflow, {
        workflowId: p.workflowId,
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        args: [{ pairingId: id }],
        signal: visitLoggedSignal,
        signalArgs: [{ visitId: v.id }],
      });
    } catch (err) {
      // the workflow reads the records again before it reminds or escalates
      this.logger.warn(`pairing ${id}: visit not signalled (${(err as Error).message})`);
    }
    const visits = await this.pairings.visits(id);
    const pairing = (await this.pairings.get(id))!;
    return { visit: visits.find((x) => x.id === v.id)!, pairing };
  }

  /** The visit logs (decrypted): a sensitive read, audited. */
  async visits(id: string, user: AuthUser): Promise<PairingVisitListDto> {
    const p = await this.visible(id, user);
    const items = await this.pairings.visits(id);
    await this.audit.append({
      actorId: user.userId,
      actorName: user.displayName,
      action: 'pairing_visit.read',
      entityType: 'pairing',
      entityId: id,
      workflowId: p.workflowId,
      details: { visits: items.length },
    });
    return { items };
  }

  async coverage(user: AuthUser): Promise<PairingCoverageDto> {
    const [{ units, today }, policy] = await Promise.all([
      this.pairings.coverage(user.orgPath),
      this.pairings.pairingPolicy(),
    ]);
    const sum = (k: 'households' | 'onTime' | 'overdue' | 'escalated') => units.reduce((s, u) => s + u[k], 0);
    const [root] = (await this.ds.query(
      `SELECT id, name_zh AS "nameZh", name_en AS "nameEn", path FROM org_units WHERE path = $1`,
      [user.orgPath],
    )) as Array<{ id: string; nameZh: string; nameEn: string; path: string }>;
    return {
      today,
      escalationGraceDays: policy.escalationGraceDays,
      units,
      total: {
        orgUnitId: root?.id ?? user.orgUnitId,
        orgUnitName: root?.nameZh ?? '',
        orgUnitNameEn: root?.nameEn ?? '',
        orgPath: user.orgPath,
        households: sum('households'),
        onTime: sum('onTime'),
        overdue: sum('overdue'),
        escalated: sum('escalated'),
      },
    };
  }

  /** What the assign form offers: households of the subtree, and leaders (active users) of the subtree and above. */
  async options(user: AuthUser): Promise<PairingOptionsDto> {
    const leaders = (await this.ds.query(
      `SELECT u.id, u.display_name AS "displayName", o.name_zh AS "orgUnitName", u.roles
         FROM users u JOIN org_units o ON o.id = u.org_unit_id
        WHERE u.active AND (o.path = $1 OR o.path LIKE $1 || '.%' OR $1 LIKE o.path || '.%')
        ORDER BY o.path, u.display_name LIMIT 500`,
      [user.orgPath],
    )) as PairingOptionsDto['leaders'];
    const households = (await this.ds.query(
      `SELECT h.id, h.code, o.name_zh AS "orgUnitName",
              COALESCE((SELECT array_agg(w.name ORDER BY w.employee_no) FROM workers w WHERE w.household_id = h.id), '{}') AS "workerNames"
         FROM households h JOIN org_units o ON o.id = h.org_unit_id
        WHERE (o.path = $1 OR o.path LIKE $1 || '.%')
          AND EXISTS (SELECT 1 FROM hardship_files f WHERE f.household_id = h.id AND f.status = 'active')
        ORDER BY h.code LIMIT 500`,
      [user.orgPath],
    )) as PairingOptionsDto['households'];
    return { leaders, households };
  }
}
