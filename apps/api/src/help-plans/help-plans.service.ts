import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../../../libs/config/config.module';
import type { AppConfig } from '../../../../libs/config/env';
import { chinaDate } from '../../../../libs/domain/calendar';
import { measureOutcomes, suggestMeasures } from '../../../../libs/domain/help-plan';
import { isWithinScope } from '../../../../libs/domain/org-scope';
import type { Role } from '../../../../libs/domain/roles';
import {
  HelpPlansRepository,
  ownerRole,
  type MeasureRow,
  type NewMeasure,
  type PlanFile,
} from '../../../../libs/help-plans/help-plans.repository';
import { PolicyRepository } from '../../../../libs/policy/policy.repository';
import { PiiCipher } from '../../../../libs/security/pii';
import type { AuthUser } from '../auth/auth.decorators';
import { ReassessmentExceptions } from '../reassessments/reassessments.exceptions';
import type { CreatePlanDto, NewMeasureDto, UpdateMeasureDto } from './dto/help-plans.dto';
import type { HelpPlanViewDto, PlanMeasureDto, OverdueMeasuresDto } from './dto/help-plans.response';
import { HelpPlanExceptions } from './help-plans.exceptions';

/** Help plans (帮扶计划): suggestions from causes, measures with owners and tasks, outcomes. */
@Injectable()
export class HelpPlansService {
  private readonly pii: PiiCipher;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly plans: HelpPlansRepository,
    private readonly policy: PolicyRepository,
  ) {
    this.pii = PiiCipher.fromBase64(config.PII_ENCRYPTION_KEY, config.PII_HASH_KEY);
  }

  private async fileInScope(id: string, user: AuthUser): Promise<PlanFile> {
    const f = await this.plans.file(id);
    if (!f || !isWithinScope(user.orgPath, f.orgPath)) throw HelpPlanExceptions.fileNotFound(id);
    return f;
  }

  private view(m: MeasureRow): PlanMeasureDto {
    return {
      id: m.id,
      cause: m.cause,
      type: m.kind,
      target: m.target ?? m.description,
      ownerId: m.ownerId,
      ownerName: m.ownerName,
      dueOn: m.dueOn,
      status: m.status,
      outcome: m.outcome,
      outcomeNote: m.outcomeNoteEnc ? this.pii.decrypt(m.outcomeNoteEnc) : null,
      completedAt: m.completedAt?.toISOString() ?? null,
      taskId: m.taskId,
      overdue: m.overdue,
      outcomes: [...measureOutcomes(m.kind)],
    };
  }

  async get(fileId: string, user: AuthUser): Promise<HelpPlanViewDto> {
    const f = await this.fileInScope(fileId, user);
    const [p, policy, owners] = await Promise.all([
      this.plans.plan(f.id),
      this.policy.current(),
      this.plans.owners(f.orgPath),
    ]);
    return {
      fileId: f.id,
      fileNo: f.fileNo,
      causes: f.causes,
      planId: p?.id ?? null,
      policyVersion: p?.policyVersion ?? null,
      suggestions: suggestMeasures(f.causes, policy.data.helpPlans, chinaDate(new Date())),
      defaultOwnerId: f.caseworkerId,
      measures: (p?.measures ?? []).map((m) => this.view(m)),
      owners,
    };
  }

  /** The owner must be an active user whose subtree holds the file: the task then shows in their inbox. */
  private async checkOwner(f: PlanFile, m: Pick<NewMeasureDto, 'ownerId'>, field: string): Promise<Role> {
    const o = await this.plans.owner(m.ownerId);
    const role = o?.active ? ownerRole(o.roles) : undefined;
    if (!o || !role) throw HelpPlanExceptions.ownerUnknown(field, m.ownerId);
    if (!isWithinScope(o.orgPath, f.orgPath)) throw HelpPlanExceptions.ownerOutOfScope(field);
    return role;
  }

  private async measures(f: PlanFile, list: NewMeasureDto[], prefix: string) {
    const out: Array<NewMeasure & { ownerRole: Role }> = [];
    for (const [i, m] of list.entries()) {
      const ownerRole = await this.checkOwner(f, m, `${prefix}[${i}].ownerId`);
      out.push({
        cause: m.cause ?? null,
        type: m.type,
        ownerId: m.ownerId,
        dueOn: m.dueOn,
        target: m.target,
        ownerRole,
      });
    }
    return out;
  }

  async create(fileId: string, dto: CreatePlanDto, user: AuthUser): Promise<HelpPlanViewDto> {
    const f = await this.fileInScope(fileId, user);
    if (f.status !== 'active') throw HelpPlanExceptions.fileNotActive(f.fileNo, f.status);
    if (await this.plans.plan(f.id)) throw HelpPlanExceptions.planExists(f.fileNo);
    const policy = await this.policy.current();
    await this.plans.createPlan({
      file: f,
      policyVersion: policy.version,
      escalateTo: policy.data.helpPlans.escalateTo,
      measures: await this.measures(f, dto.measures, 'measures'),
      actor: { userId: user.userId, displayName: user.displayName },
    });
    return this.get(f.id, user);
  }

  async addMeasure(fileId: string, dto: NewMeasureDto, user: AuthUser): Promise<{ id: string }> {
    const f = await this.fileInScope(fileId, user);
    if (f.status !== 'active') throw HelpPlanExceptions.fileNotActive(f.fileNo, f.status);
    const p = await this.plans.plan(f.id);
    if (!p) throw HelpPlanExceptions.noPlan(f.fileNo);
    const [measure] = await this.measures(f, [dto], 'measure');
    const policy = await this.policy.current();
    const id = await this.plans.addMeasure({
      planId: p.id,
      file: f,
      escalateTo: policy.data.helpPlans.escalateTo,
      measure: measure!,
      actor: { userId: user.userId, displayName: user.displayName },
    });
    return { id };
  }

  private async measureInScope(id: string, user: AuthUser): Promise<{ m: MeasureRow; f: PlanFile }> {
    const m = await this.plans.measure(id);
    if (!m) throw HelpPlanExceptions.measureNotFound(id);
    const f = await this.plans.file(m.fileId);
    if (!f || !isWithinScope(user.orgPath, f.orgPath)) throw HelpPlanExceptions.measureNotFound(id);
    return { m, f };
  }

  async updateMeasure(id: string, dto: UpdateMeasureDto, user: AuthUser): Promise<PlanMeasureDto> {
    const { m, f } = await this.measureInScope(id, user);
    const role = await this.checkOwner(f, dto, 'ownerId');
    await this.plans.updateMeasure({
      measure: m,
      file: f,
      ownerId: dto.ownerId,
      ownerRole: role,
      dueOn: dto.dueOn,
      target: dto.target,
      status: dto.status,
      actor: { userId: user.userId, displayName: user.displayName },
    });
    return this.view((await this.plans.measure(id))!);
  }

  async recordOutcome(
    id: string,
    dto: { outcome: string; note?: string },
    user: AuthUser,
  ): Promise<PlanMeasureDto> {
    await this.measureInScope(id, user);
    await this.plans.recordOutcome({
      measureId: id,
      outcome: dto.outcome,
      noteEnc: dto.note ? this.pii.encrypt(dto.note) : null,
      comment: null,
      actor: { userId: user.userId, displayName: user.displayName },
    });
    return this.view((await this.plans.measure(id))!);
  }

  /**
   * Measures overdue at a quarter's re-assessment (its as-of date; today while it runs), in the
   * caller's subtree: what the re-check reviews.
   */
  async overdueAtReassessment(quarter: string, user: AuthUser): Promise<OverdueMeasuresDto> {
    const id = `reassessment:${quarter}`;
    const [c] = (await this.ds.query(`SELECT as_of FROM reassessment_campaigns WHERE id = $1`, [
      id,
    ])) as Array<{
      as_of: Date | null;
    }>;
    if (!c) throw ReassessmentExceptions.notFound(id);
    const asOf = chinaDate(c.as_of ?? new Date());
    const rows = await this.plans.overdue({ asOf, orgPath: user.orgPath, limit: 5000 });
    return {
      quarter,
      asOf,
      files: new Set(rows.map((r) => r.fileId)).size,
      rows: rows.map(({ kind, ...r }) => ({ ...r, type: kind })),
    };
  }
}
