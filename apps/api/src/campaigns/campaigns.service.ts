import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from '@temporalio/client';
import { Workbook } from 'exceljs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../../../libs/config/config.module';
import type { AppConfig } from '../../../../libs/config/env';
import { CampaignsRepository, type CampaignReport } from '../../../../libs/campaigns/campaigns.repository';
import { checkCampaignPlan } from '../../../../libs/domain/campaign';
import { FailureType } from '../../../../libs/domain/errors';
import { isWithinScope } from '../../../../libs/domain/org-scope';
import { findProgram } from '../../../../libs/domain/policy/lookup';
import { PolicyRepository } from '../../../../libs/policy/policy.repository';
import { workflowIds } from '../../../../libs/temporal/ids';
import { CaseStatusKey, OrgUnitKey, ProgramKey } from '../../../../libs/temporal/search-attributes';
import {
  confirmDeliveryUpdate,
  holidayCampaignWorkflow,
  reportUndeliveredUpdate,
} from '../../../../workflows/campaign.workflow';
import type { AuthUser } from '../auth/auth.decorators';
import { onFailure, WorkflowFailure } from '../common/temporal-failures';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.module';
import { CampaignExceptions } from './campaigns.exceptions';
import type {
  HolidayCampaignDetailDto,
  HolidayCampaignRecipientDto,
  HolidayCampaignViewDto,
  CampaignDeliveryResultDto,
  CampaignUndeliveredResultDto,
} from './dto/campaign.response';
import type { CreateCampaignDto, DeliveryDto, RecipientsQueryDto } from './dto/campaigns.dto';

const VIEW_SELECT = `
  SELECT c.id, c.code, c.workflow_id AS "workflowId", c.occasion, c.name, c.org_unit_id AS "orgUnitId", o.name_zh AS "orgUnitName",
         to_char(c.period_start, 'YYYY-MM-DD') AS "periodStart", to_char(c.period_end, 'YYYY-MM-DD') AS "periodEnd",
         to_char(c.delivery_deadline, 'YYYY-MM-DD') AS "deliveryDeadline", c.categories, c.standards,
         c.program_code AS "programCode", c.fund_source AS "fundSource", c.budget_fen::bigint AS "budgetFen", c.status,
         c.policy_version AS "policyVersion", c.households, c.created_at AS "createdAt", o.path AS "orgPath"
    FROM campaigns c JOIN org_units o ON o.id = c.org_unit_id`;

type ViewRow = Omit<HolidayCampaignViewDto, 'budgetFen' | 'createdAt'> & {
  budgetFen: string;
  createdAt: Date;
  orgPath: string;
};

function toView(r: ViewRow): HolidayCampaignViewDto {
  const { orgPath: _omit, ...rest } = r;
  return { ...rest, budgetFen: Number(r.budgetFen), createdAt: r.createdAt.toISOString() };
}

/** A campaign is visible from its own subtree and from above (a unit inside it sees the campaign). */
const visible = (userPath: string, campaignPath: string) =>
  isWithinScope(userPath, campaignPath) || isWithinScope(campaignPath, userPath);

@Injectable()
export class CampaignsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly policy: PolicyRepository,
    private readonly campaigns: CampaignsRepository,
  ) {}

  /** Checks the plan, records it and starts `campaign:<code>` (its plan goes to approval). */
  async create(dto: CreateCampaignDto, user: AuthUser): Promise<HolidayCampaignDetailDto> {
    const policy = await this.policy.current();
    const program = findProgram(policy.data, policy.data.campaign.programCode);
    if (!program)
      throw new Error(
        `campaign program ${policy.data.campaign.programCode} is not in policy ${policy.version}`,
      );
    const problems = checkCampaignPlan(
      {
        ...dto,
        quotas: dto.quotas ?? [],
        standards: dto.standards.map((s) => ({ ...s, goods: s.goods ?? null })),
      },
      program,
    );
    if (problems.length > 0) throw CampaignExceptions.plan(problems);
    const orgUnitId = dto.orgUnitId ?? user.orgUnitId;
    const [unit] = (await this.ds.query(`SELECT path FROM org_units WHERE id = $1`, [orgUnitId])) as Array<{
      path: string;
    }>;
    if (!unit) throw CampaignExceptions.unknown('orgUnitId', orgUnitId);
    if (!isWithinScope(user.orgPath, unit.path)) throw CampaignExceptions.outOfScope('orgUnitId');
    const [fund] = (await this.ds.query(`SELECT 1 FROM fund_sources WHERE code = $1`, [
      dto.fundSource,
    ])) as unknown[];
    if (!fund) throw CampaignExceptions.unknown('fundSource', dto.fundSource);
    const [taken] = (await this.ds.query(`SELECT 1 FROM campaigns WHERE code = $1`, [dto.code])) as unknown[];
    if (taken) throw CampaignExceptions.codeTaken(dto.code);
    const id = randomUUID();
    const workflowId = workflowIds.campaign(dto.code);
    await this.ds.transaction(async (em) => {
      for (const q of dto.quotas ?? []) {
        const [u] = (await em.query(`SELECT path FROM org_units WHERE id = $1`, [q.orgUnitId])) as Array<{
          path: string;
        }>;
        if (!u) throw CampaignExceptions.unknown('quotas.orgUnitId', q.orgUnitId);
        if (!isWithinScope(unit.path, u.path)) throw CampaignExceptions.outOfScope('quotas.orgUnitId');
      }
      await em
        .query(
          `INSERT INTO campaigns (id, code, workflow_id, occasion, name, org_unit_id, period_start, period_end, delivery_deadline,
                                  categories, standards, program_code, fund_source, budget_fen, year, status, policy_version, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'pending_approval', $16, $17)`,
          [
            id,
            dto.code,
            workflowId,
            dto.occasion,
            dto.name,
            orgUnitId,
            dto.periodStart,
            dto.periodEnd,
            dto.deliveryDeadline,
            dto.categories,
            JSON.stringify(
              dto.standards.map((s) => ({
                category: s.category,
                cashFen: s.cashFen,
                goods: s.goods ?? null,
              })),
            ),
            program.code,
            dto.fundSource,
            dto.budgetFen,
            Number(dto.deliveryDeadline.slice(0, 4)),
            policy.version,
            user.userId,
          ],
        )
        .catch((err: { code?: string }) => {
          throw err.code === '23505' ? CampaignExceptions.codeTaken(dto.code) : err;
        });
      for (const q of dto.quotas ?? [])
        await em.query(
          `INSERT INTO campaign_quotas (campaign_id, org_unit_id, max_households) VALUES ($1, $2, $3)`,
          [id, q.orgUnitId, q.maxHouseholds],
        );
      for (const n of dto.nominations ?? []) await this.insertNomination(em, id, unit.path, n, user);
    });
    await onFailure(
      this.temporal.workflow.start(holidayCampaignWorkflow, {
        workflowId,
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [{ campaignId: id, code: dto.code, createdBy: user.userId }],
        typedSearchAttributes: [
          { key: CaseStatusKey, value: 'pending_approval' },
          { key: ProgramKey, value: program.code },
          { key: OrgUnitKey, value: orgUnitId },
        ],
      }),
      { [WorkflowFailure.AlreadyStarted]: () => CampaignExceptions.codeTaken(dto.code) },
    );
    return this.get(dto.code, user);
  }

  private async insertNomination(
    em: { query: (sql: string, params: unknown[]) => Promise<unknown> },
    campaignId: string,
    scopePath: string,
    n: { workerId: string; reason: string },
    user: AuthUser,
  ): Promise<void> {
    const [w] = (await em.query(
      `SELECT o.path FROM workers w JOIN org_units o ON o.id = w.org_unit_id WHERE w.id = $1`,
      [n.workerId],
    )) as Array<{ path: string }>;
    if (!w) throw CampaignExceptions.unknown('workerId', n.workerId);
    if (!isWithinScope(scopePath, w.path) || !isWithinScope(user.orgPath, w.path))
      throw CampaignExceptions.outOfScope('workerId');
    await em.query(
      `INSERT INTO campaign_nominations (campaign_id, worker_id, reason, nominated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (campaign_id, worker_id) DO UPDATE SET reason = EXCLUDED.reason`,
      [campaignId, n.workerId, n.reason, user.userId],
    );
  }

  /** A unit names a member (hospitalised, front-line…) while the plan awaits approval. */
  async nominate(
    code: string,
    n: { workerId: string; reason: string },
    user: AuthUser,
  ): Promise<HolidayCampaignDetailDto> {
    const c = await this.row(code, user);
    if (c.status !== 'pending_approval' && c.status !== 'awaiting_funds')
      throw CampaignExceptions.nominationsClosed(c.status);
    await this.ds.transaction((em) => this.insertNomination(em, c.id, c.orgPath, n, user));
    return this.get(code, user);
  }

  private async row(code: string, user: AuthUser): Promise<ViewRow> {
    const [r] = (await this.ds.query(`${VIEW_SELECT} WHERE c.code = $1`, [code])) as ViewRow[];
    if (!r || !visible(user.orgPath, r.orgPath)) throw CampaignExceptions.notFound(code);
    return r;
  }

  async list(user: AuthUser): Promise<{ items: HolidayCampaignViewDto[] }> {
    const rows = (await this.ds.query(
      `${VIEW_SELECT} WHERE o.path = $1 OR o.path LIKE $1 || '.%' OR $1 LIKE o.path || '.%' ORDER BY c.created_at DESC LIMIT 200`,
      [user.orgPath],
    )) as ViewRow[];
    return { items: rows.map(toView) };
  }

  /** The campaign and its progress per unit (the units of your subtree). */
  async get(code: string, user: AuthUser): Promise<HolidayCampaignDetailDto> {
    const r = await this.row(code, user);
    return { ...toView(r), units: await this.campaigns.unitProgress(r.id) };
  }

  async recipients(
    code: string,
    q: RecipientsQueryDto,
    user: AuthUser,
  ): Promise<{ items: HolidayCampaignRecipientDto[] }> {
    const c = await this.row(code, user);
    const rows = (await this.ds.query(
      `SELECT r.id, h.code AS "householdCode", w.name AS "workerName", r.unit_id AS "unitId", o.name_zh AS "unitName", r.category,
              r.cash_fen::bigint AS "cashFen", r.goods, r.status, r.undelivered_reason AS "undeliveredReason",
              r.escalated_at IS NOT NULL AS escalated,
              CASE WHEN d.id IS NULL THEN NULL ELSE json_build_object('id', d.id, 'deliveredOn', to_char(d.delivered_on, 'YYYY-MM-DD'),
                   'cashFen', d.cash_fen, 'goods', d.goods, 'visitors', d.visitors, 'attachmentId', d.attachment_id) END AS delivery
         FROM campaign_recipients r
         JOIN households h ON h.id = r.household_id
         JOIN workers w ON w.id = r.worker_id
         JOIN org_units o ON o.id = r.unit_id
         LEFT JOIN campaign_deliveries d ON d.recipient_id = r.id
        WHERE r.campaign_id = $1
          AND (r.unit_path = $2 OR r.unit_path LIKE $2 || '.%' OR $2 LIKE r.unit_path || '.%')
          AND ($3::uuid IS NULL OR r.unit_id = $3) AND ($4::text IS NULL OR r.status = $4)
        ORDER BY o.path, r.status DESC, h.code LIMIT 2000`,
      [c.id, user.orgPath, q.unitId ?? null, q.status ?? null],
    )) as Array<Omit<HolidayCampaignRecipientDto, 'cashFen'> & { cashFen: string }>;
    return {
      items: rows.map((r) => ({
        ...r,
        cashFen: Number(r.cashFen),
        delivery: r.delivery ? { ...r.delivery, cashFen: Number(r.delivery.cashFen) } : null,
      })),
    };
  }

  private async recipientInScope(campaignId: string, recipientId: string, user: AuthUser): Promise<void> {
    const [r] = (await this.ds.query(
      `SELECT unit_path FROM campaign_recipients WHERE id = $1 AND campaign_id = $2`,
      [recipientId, campaignId],
    )) as Array<{ unit_path: string }>;
    if (!r || !visible(user.orgPath, r.unit_path)) throw CampaignExceptions.recipientNotFound(recipientId);
  }

  private actor(user: AuthUser) {
    return { userId: user.userId, displayName: user.displayName, roles: user.roles };
  }

  /** A unit confirms one household's delivery through the workflow (once; cash posts one ledger entry). */
  async deliver(
    code: string,
    recipientId: string,
    dto: DeliveryDto,
    user: AuthUser,
  ): Promise<CampaignDeliveryResultDto> {
    const c = await this.row(code, user);
    await this.recipientInScope(c.id, recipientId, user);
    if (dto.attachmentId) {
      const [a] = (await this.ds.query(
        `SELECT 1 FROM attachments WHERE id = $1 AND subject_type = 'campaign_recipient' AND subject_id = $2`,
        [dto.attachmentId, recipientId],
      )) as unknown[];
      if (!a) throw CampaignExceptions.attachment();
    }
    if (dto.cashFen === 0 && !dto.goods?.trim())
      throw CampaignExceptions.plan([
        { field: 'goods', rule: 'cash_or_goods', message: 'a delivery hands over cash, goods or both' },
      ]);
    const r = await onFailure(
      this.temporal.workflow.getHandle(c.workflowId).executeUpdate(confirmDeliveryUpdate, {
        args: [
          {
            recipientId,
            deliveredOn: dto.deliveredOn,
            cashFen: dto.cashFen,
            goods: dto.goods?.trim() || null,
            visitors: dto.visitors,
            attachmentId: dto.attachmentId ?? null,
            actor: this.actor(user),
          },
        ],
      }),
      {
        [FailureType.StaleTask]: () => CampaignExceptions.notDelivering(c.status),
        [WorkflowFailure.NotRunning]: () => CampaignExceptions.notDelivering(c.status),
      },
    );
    if (r.outcome === 'duplicate' && !r.sameRequest) throw CampaignExceptions.alreadyDelivered(r.deliveryId);
    return { outcome: r.outcome, deliveryId: r.deliveryId, pendingLeft: r.pendingLeft };
  }

  async undelivered(
    code: string,
    recipientId: string,
    reason: string,
    user: AuthUser,
  ): Promise<CampaignUndeliveredResultDto> {
    const c = await this.row(code, user);
    await this.recipientInScope(c.id, recipientId, user);
    return onFailure(
      this.temporal.workflow.getHandle(c.workflowId).executeUpdate(reportUndeliveredUpdate, {
        args: [{ recipientId, reason, actor: this.actor(user) }],
      }),
      {
        [FailureType.StaleTask]: () => CampaignExceptions.notDelivering(c.status),
        [WorkflowFailure.NotRunning]: () => CampaignExceptions.notDelivering(c.status),
      },
    );
  }

  /** The report: stored at closing, computed from the records (spent from the ledger) while running. */
  async report(code: string, user: AuthUser): Promise<CampaignReport> {
    const c = await this.row(code, user);
    return this.campaigns.report(c.id);
  }

  async reportXlsx(code: string, user: AuthUser): Promise<Buffer> {
    const r = await this.report(code, user);
    const wb = new Workbook();
    wb.creator = 'bangfu';
    const yuan = (fen: number) => fen / 100;
    const summary = wb.addWorksheet('汇总 Summary');
    summary.columns = [
      { header: '项目 Item', width: 36 },
      { header: '数值 Value', width: 20 },
    ];
    summary.getRow(1).font = { bold: true };
    const rows: Array<[string, string | number]> = [
      ['活动 Campaign', r.code],
      ['项目 Program', r.programCode],
      ['资金来源 Fund source', r.fundSource],
      ['政策版本 Policy version', r.policyVersion],
      ['预算（元）Budget (yuan)', yuan(r.budgetFen)],
      ['已支出（元）Spent (yuan, ledger)', yuan(r.spentFen)],
      ['计划现金（元）Planned cash (yuan)', yuan(r.plannedCashFen)],
      ['户数 Households', r.households],
      ['已送达 Delivered', r.delivered],
      ['未送达 Undelivered', r.undelivered],
      ['待送达 Pending', r.pending],
    ];
    for (const row of rows) summary.addRow(row);
    const units = wb.addWorksheet('按单位 By unit');
    units.columns = [
      { header: '单位 Unit', key: 'unitName', width: 24 },
      { header: '户数 Households', key: 'households', width: 14 },
      { header: '已送达 Delivered', key: 'delivered', width: 14 },
      { header: '未送达 Undelivered', key: 'undelivered', width: 14 },
      { header: '待送达 Pending', key: 'pending', width: 14 },
      { header: '计划现金（元）Planned (yuan)', key: 'planned', width: 20, style: { numFmt: '#,##0.00' } },
      { header: '已支出（元）Spent (yuan)', key: 'spent', width: 20, style: { numFmt: '#,##0.00' } },
    ];
    units.getRow(1).font = { bold: true };
    for (const u of r.byUnit)
      units.addRow({ ...u, planned: yuan(u.plannedCashFen), spent: yuan(u.spentFen) });
    const und = wb.addWorksheet('未送达 Undelivered');
    und.columns = [
      { header: '单位 Unit', key: 'unitName', width: 24 },
      { header: '户号 Household', key: 'householdCode', width: 16 },
      { header: '职工 Worker', key: 'workerName', width: 12 },
      { header: '类别 Category', key: 'category', width: 12 },
      { header: '原因 Reason', key: 'reason', width: 40 },
    ];
    und.getRow(1).font = { bold: true };
    for (const u of r.undeliveredList) und.addRow(u);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
}
