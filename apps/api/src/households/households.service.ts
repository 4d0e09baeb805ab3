import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRepository } from '../../../../libs/audit/audit.repository';
import { APP_CONFIG } from '../../../../libs/config/config.module';
import type { AppConfig } from '../../../../libs/config/env';
import { computeCategory, dibaoFor } from '../../../../libs/domain/category';
import { missingEvidence } from '../../../../libs/domain/file-evidence';
import { validateNationalId } from '../../../../libs/domain/national-id';
import { isWithinScope } from '../../../../libs/domain/org-scope';
import { CATEGORY_LABELS } from '../../../../libs/domain/policy-types';
import { HouseholdsRepository } from '../../../../libs/households/households.repository';
import { PolicyRepository } from '../../../../libs/policy/policy.repository';
import { maskName, maskNationalId, PiiCipher } from '../../../../libs/security/pii';
import type { AuthUser } from '../auth/auth.decorators';
import { refuseDuplicate } from '../workers/duplicates';
import { CategoryPreviewQueryDto, ExpenseDto, IncomeDto } from './dto/household-figures.dto';
import type {
  CategoryPreviewDto,
  EntryReversedDto,
  HouseholdCreatedDto,
  HouseholdViewDto,
  MemberSavedDto,
  MemberSensitiveDto,
} from './dto/household.response';
import {
  AssetDto,
  CreateHouseholdDto,
  MemberDto,
  RemoveMemberDto,
  ReverseEntryDto,
  UpdateHouseholdDto,
  UpdateMemberDto,
} from './dto/households.dto';
import { HouseholdExceptions } from './households.exceptions';

type EntryTable = 'household_incomes' | 'household_expenses';

/**
 * Households (家庭): created for a worker, members added, edited and removed (the size follows,
 * libs/domain/household-size.ts), incomes by month and expenses by year appended and corrected only by
 * reversing entries, and the category preview over the income window.
 */
@Injectable()
export class HouseholdsService {
  private readonly pii: PiiCipher;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditRepository,
    private readonly households: HouseholdsRepository,
    private readonly policy: PolicyRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.pii = PiiCipher.fromBase64(config.PII_ENCRYPTION_KEY, config.PII_HASH_KEY);
  }

  private async scope(id: string, user: AuthUser): Promise<{ orgUnitId: string }> {
    const [h] = (await this.ds.query(
      `SELECT o.path, o.id FROM households h JOIN org_units o ON o.id = h.org_unit_id WHERE h.id = $1`,
      [id],
    )) as Array<{ path: string; id: string }>;
    if (!h || !isWithinScope(user.orgPath, h.path)) throw HouseholdExceptions.notFound(id);
    return { orgUnitId: h.id };
  }

  /** Creates the household of a worker who has none (the worker is its first member). */
  async create(dto: CreateHouseholdDto, user: AuthUser): Promise<HouseholdCreatedDto> {
    const [w] = (await this.ds.query(
      `SELECT w.id, w.household_id, w.org_unit_id, o.path FROM workers w JOIN org_units o ON o.id = w.org_unit_id WHERE w.id = $1`,
      [dto.workerId],
    )) as Array<{ id: string; household_id: string | null; org_unit_id: string; path: string }>;
    if (!w || !isWithinScope(user.orgPath, w.path)) throw HouseholdExceptions.workerNotFound(dto.workerId);
    if (w.household_id) throw HouseholdExceptions.workerHasHousehold(w.household_id);
    const policy = await this.policy.current();
    if (dibaoFor(policy.data, dto.localityCode) === undefined) {
      throw HouseholdExceptions.unknownLocality(
        dto.localityCode,
        policy.data.localities.map((l) => l.code),
      );
    }
    return this.ds.transaction(async (em) => {
      const [h] = (await em.query(
        `INSERT INTO households (code, org_unit_id, locality_code, member_count, address, caseworker_id)
         VALUES ('H-' || lpad(nextval('household_code_seq')::text, 6, '0'), $1, $2, 1, $3, $4) RETURNING id, code`,
        [
          w.org_unit_id,
          dto.localityCode,
          dto.address,
          user.roles.includes('caseworker') ? user.userId : null,
        ],
      )) as Array<{ id: string; code: string }>;
      const [linked] = (await em.query(
        `WITH u AS (UPDATE workers SET household_id = $2, updated_at = now() WHERE id = $1 AND household_id IS NULL RETURNING id)
         SELECT count(*)::int AS n FROM u`,
        [w.id, h!.id],
      )) as Array<{ n: number }>;
      // another request linked a household first
      if (linked!.n === 0) throw HouseholdExceptions.workerHasHousehold(dto.workerId);
      const memberCount = await this.households.recount(h!.id, em);
      await this.audit.append(
        {
          actorId: user.userId,
          actorName: user.displayName,
          action: 'household.create',
          entityType: 'household',
          entityId: h!.id,
          after: { ...dto, code: h!.code },
        },
        em,
      );
      return { id: h!.id, code: h!.code, memberCount };
    });
  }

  /** Changes the address or the locality (whose 低保 the category uses); audited with before and after. */
  async update(id: string, dto: UpdateHouseholdDto, user: AuthUser): Promise<HouseholdViewDto> {
    await this.scope(id, user);
    if (dto.localityCode !== undefined) {
      const policy = await this.policy.current();
      if (dibaoFor(policy.data, dto.localityCode) === undefined) {
        throw HouseholdExceptions.unknownLocality(
          dto.localityCode,
          policy.data.localities.map((l) => l.code),
        );
      }
    }
    await this.ds.transaction(async (em) => {
      const [before] = (await em.query(
        `SELECT locality_code AS "localityCode", address FROM households WHERE id = $1 FOR UPDATE`,
        [id],
      )) as Array<{ localityCode: string; address: string }>;
      await em.query(
        `UPDATE households SET locality_code = COALESCE($2, locality_code), address = COALESCE($3, address) WHERE id = $1`,
        [id, dto.localityCode ?? null, dto.address ?? null],
      );
      await this.audit.append(
        {
          actorId: user.userId,
          actorName: user.displayName,
          action: 'household.update',
          entityType: 'household',
          entityId: id,
          before,
          after: { ...dto },
        },
        em,
      );
    });
    return this.get(id, user);
  }

  async get(id: string, user: AuthUser): Promise<HouseholdViewDto> {
    await this.scope(id, user);
    const [h] = (await this.ds.query(
      `SELECT id, code, member_count AS "memberCount", locality_code AS "localityCode", address,
              ARRAY(SELECT w.id FROM workers w WHERE w.household_id = households.id ORDER BY w.employee_no) AS "workerIds"
         FROM households WHERE id = $1`,
      [id],
    )) as Array<Omit<HouseholdViewDto, 'incomes' | 'expenses' | 'assets' | 'members'>>;
    const entries = (table: EntryTable, period: string) =>
      this.ds.query(
        `SELECT e.id, e.reverses_id AS "reversesId", EXISTS (SELECT 1 FROM ${table} r WHERE r.reverses_id = e.id) AS reversed,
                e.reason, e.created_at AS "createdAt", ${period}, e.amount_fen::bigint::float8 AS "amountFen"
           FROM ${table} e WHERE e.household_id = $1 ORDER BY e.created_at, e.id`,
        [id],
      ) as Promise<Array<Record<string, unknown> & { createdAt: Date }>>;
    const iso = <T extends { createdAt: Date }>(rows: T[]) =>
      rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
    const incomes = iso(await entries('household_incomes', `to_char(e.month, 'YYYY-MM') AS month, e.source`));
    const expenses = iso(await entries('household_expenses', `e.year, e.kind, e.note`));
    const members = (await this.ds.query(
      `SELECT id, name, relation, birth_year AS "birthYear", national_id_enc, health_enc, disability_enc, worker_id AS "workerId",
              work_status AS "workStatus", school_status AS "schoolStatus", removed_at AS "removedAt", removal_reason AS "removalReason"
         FROM household_members WHERE household_id = $1 ORDER BY created_at, id`,
      [id],
    )) as Array<
      Record<string, unknown> & {
        national_id_enc: Buffer | null;
        health_enc: Buffer | null;
        disability_enc: Buffer | null;
        name: string;
        removedAt: Date | null;
      }
    >;
    const assets = await this.ds.query(
      `SELECT kind, description, value_fen::bigint::float8 AS "valueFen" FROM household_assets WHERE household_id = $1 ORDER BY created_at`,
      [id],
    );
    return {
      ...h!,
      incomes,
      expenses,
      assets,
      // sensitive fields masked: the name and ID number partly, health and disability only whether recorded
      members: members.map(({ national_id_enc, health_enc, disability_enc, name, removedAt, ...m }) => ({
        ...m,
        nameMasked: maskName(name),
        nationalIdMasked: national_id_enc ? maskNationalId(this.pii.decrypt(national_id_enc)) : null,
        healthRecorded: health_enc !== null,
        disabilityRecorded: disability_enc !== null,
        removedAt: removedAt ? removedAt.toISOString() : null,
      })),
    } as unknown as HouseholdViewDto;
  }

  /**
   * The ID number of a member: validated, and checked against everyone on record. The household's own
   * worker is linked (the same person, counted once); anyone else is a duplicate, answered without
   * naming another unit's household (workers/duplicates.ts).
   */
  private async memberIdentity(
    householdId: string,
    orgUnitId: string,
    nationalId: string,
    user: AuthUser,
    exceptMemberId: string | null,
  ): Promise<{ enc: Buffer; hash: string; workerId: string | null }> {
    const v = validateNationalId(nationalId);
    if (!v.ok) throw HouseholdExceptions.invalidNationalId(v.rule, v.message);
    const hash = this.pii.hash('national_id', v.normalised);
    const people = await this.households.peopleByNationalIdHash(hash);
    const isSelf = (p: (typeof people)[number]) => p.kind === 'worker' && p.householdId === householdId;
    const self = people.find(isSelf);
    const other = people.find(
      (p) => !isSelf(p) && (exceptMemberId === null || p.memberId !== exceptMemberId),
    );
    if (other) {
      await refuseDuplicate(this.audit, user, other, {
        as: 'household_member',
        orgUnitId,
        field: 'nationalId',
      });
    }
    return { enc: this.pii.encrypt(v.normalised), hash, workerId: self?.workerId ?? null };
  }

  async member(id: string, dto: MemberDto, user: AuthUser): Promise<MemberSavedDto> {
    const { orgUnitId } = await this.scope(id, user);
    const identity = dto.nationalId
      ? await this.memberIdentity(id, orgUnitId, dto.nationalId, user, null)
      : null;
    return this.ds.transaction(async (em) => {
      const [row] = (await em.query(
        `INSERT INTO household_members (household_id, name, relation, birth_year, national_id_enc, national_id_hash, health_enc,
                                        disability_enc, work_status, school_status, worker_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
        [
          id,
          dto.name,
          dto.relation,
          dto.birthYear ?? null,
          identity?.enc ?? null,
          identity?.hash ?? null,
          dto.health ? this.pii.encrypt(dto.health) : null,
          dto.disability ? this.pii.encrypt(dto.disability) : null,
          dto.workStatus ?? '',
          dto.schoolStatus ?? '',
          identity?.workerId ?? null,
        ],
      )) as Array<{ id: string }>;
      const memberCount = await this.households.recount(id, em);
      await this.audit.append(
        {
          actorId: user.userId,
          actorName: user.displayName,
          action: 'household.member',
          entityType: 'household',
          entityId: id,
          after: {
            memberId: row!.id,
            relation: dto.relation,
            birthYear: dto.birthYear ?? null,
            nationalIdRecorded: !!identity,
            healthRecorded: !!dto.health,
            disabilityRecorded: !!dto.disability,
            memberCount,
          },
        },
        em,
      );
      return { id: row!.id, memberCount };
    });
  }

  private async loadMember(
    id: string,
    memberId: string,
    em: EntityManager = this.ds.manager,
  ): Promise<{ removed_at: Date | null; relation: string; name: string; birth_year: number | null }> {
    const [m] = (await em.query(
      `SELECT removed_at, relation, name, birth_year FROM household_members WHERE id = $1 AND household_id = $2`,
      [memberId, id],
    )) as Array<{ removed_at: Date | null; relation: string; name: string; birth_year: number | null }>;
    if (!m) throw HouseholdExceptions.memberNotFound(memberId);
    return m;
  }

  /** Edits a member (given fields only; sensitive ones re-encrypted; audited without the plaintext). */
  async updateMember(
    id: string,
    memberId: string,
    dto: UpdateMemberDto,
    user: AuthUser,
  ): Promise<MemberSavedDto> {
    await this.scope(id, user);
    const before = await this.loadMember(id, memberId);
    if (before.removed_at) throw HouseholdExceptions.memberRemoved(memberId);
    const enc = (v: string | undefined) =>
      v === undefined ? undefined : v.trim() ? this.pii.encrypt(v) : null;
    const health = enc(dto.health);
    const disability = enc(dto.disability);
    return this.ds.transaction(async (em) => {
      await em.query(
        `UPDATE household_members SET name = COALESCE($3, name), relation = COALESCE($4, relation), birth_year = COALESCE($5, birth_year),
                work_status = COALESCE($6, work_status), school_status = COALESCE($7, school_status),
                health_enc = CASE WHEN $8 THEN $9 ELSE health_enc END,
                disability_enc = CASE WHEN $10 THEN $11 ELSE disability_enc END, updated_at = now()
          WHERE id = $1 AND household_id = $2`,
        [
          memberId,
          id,
          dto.name ?? null,
          dto.relation ?? null,
          dto.birthYear ?? null,
          dto.workStatus ?? null,
          dto.schoolStatus ?? null,
          health !== undefined,
          health ?? null,
          disability !== undefined,
          disability ?? null,
        ],
      );
      const memberCount = await this.households.recount(id, em);
      const { health: h, disability: d, ...plain } = dto;
      await this.audit.append(
        {
          actorId: user.userId,
          actorName: user.displayName,
          action: 'household.member_update',
          entityType: 'household',
          entityId: id,
          before: { memberId, relation: before.relation, birthYear: before.birth_year },
          after: {
            memberId,
            ...plain,
            ...(h !== undefined ? { healthChanged: true } : {}),
            ...(d !== undefined ? { disabilityChanged: true } : {}),
          },
        },
        em,
      );
      return { id: memberId, memberCount };
    });
  }

  /** Removes a member (the row stays, marked, with the reason); the household size follows. */
  async removeMember(
    id: string,
    memberId: string,
    dto: RemoveMemberDto,
    user: AuthUser,
  ): Promise<MemberSavedDto> {
    await this.scope(id, user);
    return this.ds.transaction(async (em) => {
      const m = await this.loadMember(id, memberId, em);
      if (m.removed_at) throw HouseholdExceptions.memberRemoved(memberId);
      await em.query(
        `UPDATE household_members SET removed_at = now(), removed_by = $3, removal_reason = $4, updated_at = now()
          WHERE id = $1 AND household_id = $2`,
        [memberId, id, user.userId, dto.reason],
      );
      const memberCount = await this.households.recount(id, em);
      await this.audit.append(
        {
          actorId: user.userId,
          actorName: user.displayName,
          action: 'household.member_remove',
          entityType: 'household',
          entityId: id,
          after: { memberId, memberCount },
          details: { reason: dto.reason },
        },
        em,
      );
      return { id: memberId, memberCount };
    });
  }

  async reveal(id: string, memberId: string, user: AuthUser): Promise<MemberSensitiveDto> {
    await this.scope(id, user);
    const [m] = (await this.ds.query(
      `SELECT national_id_enc, health_enc, disability_enc FROM household_members WHERE id = $1 AND household_id = $2`,
      [memberId, id],
    )) as Array<{ national_id_enc: Buffer | null; health_enc: Buffer | null; disability_enc: Buffer | null }>;
    if (!m) throw HouseholdExceptions.memberNotFound(memberId);
    await this.audit.append({
      actorId: user.userId,
      actorName: user.displayName,
      action: 'pii.read',
      entityType: 'household_member',
      entityId: memberId,
      details: { fields: ['nationalId', 'health', 'disability'], householdId: id },
    });
    const dec = (b: Buffer | null) => (b ? this.pii.decrypt(b) : null);
    return {
      memberId,
      nationalId: dec(m.national_id_enc),
      health: dec(m.health_enc),
      disability: dec(m.disability_enc),
    };
  }

  async asset(id: string, dto: AssetDto, user: AuthUser): Promise<{ ok: true }> {
    await this.scope(id, user);
    await this.ds.transaction(async (em) => {
      await em.query(
        `INSERT INTO household_assets (household_id, kind, description, value_fen) VALUES ($1, $2, $3, $4)`,
        [id, dto.kind, dto.description ?? '', dto.valueFen],
      );
      await this.audit.append(
        {
          actorId: user.userId,
          action: 'household.asset',
          entityType: 'household',
          entityId: id,
          after: dto,
        },
        em,
      );
    });
    return { ok: true };
  }

  /** Appends one month's income item (a second item for the same month and source adds to it). */
  async income(id: string, dto: IncomeDto, user: AuthUser): Promise<{ ok: true; id: string }> {
    await this.scope(id, user);
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(dto.month)) throw HouseholdExceptions.invalidMonth();
    if (dto.amountFen < 0) throw HouseholdExceptions.negativeAmount();
    return this.ds.transaction(async (em) => {
      const [row] = (await em.query(
        `INSERT INTO household_incomes (household_id, month, source, amount_fen, recorded_by) VALUES ($1, ($2 || '-01')::date, $3, $4, $5)
         RETURNING id`,
        [id, dto.month, dto.source, dto.amountFen, user.userId],
      )) as Array<{ id: string }>;
      await this.audit.append(
        {
          actorId: user.userId,
          actorName: user.displayName,
          action: 'household.income',
          entityType: 'household',
          entityId: id,
          after: { ...dto, entryId: row!.id },
        },
        em,
      );
      return { ok: true as const, id: row!.id };
    });
  }

  async expense(id: string, dto: ExpenseDto, user: AuthUser): Promise<{ ok: true; id: string }> {
    await this.scope(id, user);
    if (dto.amountFen < 0) throw HouseholdExceptions.negativeAmount();
    return this.ds.transaction(async (em) => {
      const [row] = (await em.query(
        `INSERT INTO household_expenses (household_id, year, kind, amount_fen, note, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id`,
        [id, dto.year, dto.kind, dto.amountFen, dto.note ?? '', user.userId],
      )) as Array<{ id: string }>;
      await this.audit.append(
        {
          actorId: user.userId,
          actorName: user.displayName,
          action: 'household.expense',
          entityType: 'household',
          entityId: id,
          after: { ...dto, entryId: row!.id },
        },
        em,
      );
      return { ok: true as const, id: row!.id };
    });
  }

  /**
   * Corrects an income or expense entry: a reversing entry (the negated amount, the reason, pointing at
   * the original) and, when given, the corrected figure as a new entry — in one transaction, audited.
   * The original row is never edited or deleted (a trigger refuses it); sums use the net. An entry is
   * reversed at most once (unique reverses_id) and a reversal is never reversed.
   */
  async reverse(
    table: EntryTable,
    id: string,
    entryId: string,
    dto: ReverseEntryDto,
    user: AuthUser,
  ): Promise<EntryReversedDto> {
    await this.scope(id, user);
    const kind = table === 'household_incomes' ? 'income' : 'expense';
    try {
      return await this.ds.transaction(async (em) => {
        const [e] = (await em.query(
          `SELECT e.*, EXISTS (SELECT 1 FROM ${table} r WHERE r.reverses_id = e.id) AS reversed
             FROM ${table} e WHERE e.id = $1 AND e.household_id = $2 FOR UPDATE`,
          [entryId, id],
        )) as Array<
          Record<string, unknown> & { amount_fen: string; reverses_id: string | null; reversed: boolean }
        >;
        if (!e) throw HouseholdExceptions.entryNotFound(entryId);
        if (e.reverses_id) throw HouseholdExceptions.reversalOfReversal();
        if (e.reversed) throw HouseholdExceptions.alreadyReversed();
        const cols =
          table === 'household_incomes'
            ? ['month', 'source', 'recorded_by']
            : ['year', 'kind', 'note', 'recorded_by'];
        const insert = async (amount: string | number, reversesId: string | null, reason: string | null) => {
          const [r] = (await em.query(
            `INSERT INTO ${table} (household_id, ${cols.join(', ')}, amount_fen, reverses_id, reason)
             SELECT household_id, ${cols.map((c) => (c === 'recorded_by' ? '$4::uuid' : c)).join(', ')}, $2::bigint, $3::uuid, $5
               FROM ${table} WHERE id = $1 RETURNING id`,
            [entryId, amount, reversesId, user.userId, reason],
          )) as Array<{ id: string }>;
          return r!.id;
        };
        const reversalId = await insert(`-${e.amount_fen}`, entryId, dto.reason);
        const correctedId =
          dto.correctedAmountFen === undefined ? null : await insert(dto.correctedAmountFen, null, null);
        await this.audit.append(
          {
            actorId: user.userId,
            actorName: user.displayName,
            action: `household.${kind}_reversal`,
            entityType: 'household',
            entityId: id,
            before: { entryId, amountFen: Number(e.amount_fen) },
            after: { reversalId, correctedId, correctedAmountFen: dto.correctedAmountFen ?? null },
            details: { reason: dto.reason },
          },
          em,
        );
        return { reversalId, correctedId };
      });
    } catch (err) {
      // lost a race with another reversal of the same entry
      if ((err as { code?: string }).code === '23505') throw HouseholdExceptions.alreadyReversed();
      throw err;
    }
  }

  /**
   * The category the household's data gives today (API and console, before submission): the income
   * window, per-capita income, the 低保 used, the rule applied, and the evidence still missing.
   */
  async preview(id: string, q: CategoryPreviewQueryDto, user: AuthUser): Promise<CategoryPreviewDto> {
    await this.scope(id, user);
    const now = new Date();
    const [h, policy] = await Promise.all([this.households.figures(id, now), this.policy.current(now)]);
    if (!h) throw HouseholdExceptions.notFound(id);
    if (dibaoFor(policy.data, h.localityCode) === undefined) {
      throw HouseholdExceptions.unknownLocality(
        h.localityCode,
        policy.data.localities.map((l) => l.code),
      );
    }
    const causes = (q.causes ?? '').split(',').map((c) => c.trim());
    const d = computeCategory(
      {
        members: h.members,
        annualIncomeFen: Math.max(0, h.incomeFen),
        annualRigidExpensesFen: Math.max(0, h.rigidFen),
        annualHardshipCostsFen: Math.max(0, h.hardshipFen),
        accidentEvent: causes.includes('accident') || causes.includes('disaster'),
        localityCode: h.localityCode,
      },
      policy.data,
      policy.version,
    );
    return {
      windowFrom: h.window.fromMonth,
      windowTo: h.window.toMonth,
      expenseYear: h.window.expenseYear,
      members: d.inputs.members,
      annualIncomeFen: d.inputs.annualIncomeFen,
      annualRigidExpensesFen: d.inputs.annualRigidExpensesFen,
      annualHardshipCostsFen: d.inputs.annualHardshipCostsFen,
      perCapitaMonthlyFen: d.inputs.perCapitaMonthlyFen,
      dibaoFen: d.inputs.dibaoFen,
      localityCode: h.localityCode,
      category: d.category,
      categoryLabel: CATEGORY_LABELS[d.category ?? 'none'].zh,
      reason: d.reason,
      policyVersion: policy.version,
      incomeEntriesInWindow: h.incomeEntriesInWindow,
      otherMembers: h.otherMembers,
      evidenceGaps: missingEvidence({
        otherMembers: h.otherMembers,
        incomeEntriesInWindow: h.incomeEntriesInWindow,
        evidenceNote: null,
      }),
    };
  }
}
