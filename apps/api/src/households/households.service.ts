import { Injectable } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isWithinScope } from '../../../../libs/domain/org-scope';
import { AuditRepository } from '../../../../libs/audit/audit.repository';
import type { AuthUser } from '../auth/auth.decorators';
import { HouseholdExceptions } from './households.exceptions';
import { ExpenseDto, IncomeDto } from './dto/household-figures.dto';
import { APP_CONFIG } from '../../../../libs/config/config.module';
import type { AppConfig } from '../../../../libs/config/env';
import { maskName, maskNationalId, PiiCipher, validateNationalId } from '../../../../libs/security/pii';
import { AssetDto, MemberDto } from './dto/households.dto';

@Injectable()
export class HouseholdsService {
  private readonly pii: PiiCipher;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.pii = PiiCipher.fromBase64(config.PII_ENCRYPTION_KEY, config.PII_HASH_KEY);
  }

  private async scope(id: string, user: AuthUser): Promise<void> {
    const [h] = (await this.ds.query(
      `SELECT o.path FROM households h JOIN org_units o ON o.id = h.org_unit_id WHERE h.id = $1`,
      [id],
    )) as Array<{ path: string }>;
    if (!h || !isWithinScope(user.orgPath, h.path)) throw HouseholdExceptions.notFound(id);
  }

  async get(id: string, user: AuthUser): Promise<Record<string, unknown>> {
    await this.scope(id, user);
    const [h] = (await this.ds.query(
      `SELECT id, code, member_count AS "memberCount", locality_code AS "localityCode", address FROM households WHERE id = $1`,
      [id],
    )) as Array<Record<string, unknown>>;
    const incomes = await this.ds.query(
      `SELECT to_char(month, 'YYYY-MM') AS month, source, amount_fen::bigint::float8 AS "amountFen" FROM household_incomes WHERE household_id = $1 ORDER BY month, source`,
      [id],
    );
    const expenses = await this.ds.query(
      `SELECT year, kind, amount_fen::bigint::float8 AS "amountFen", note FROM household_expenses WHERE household_id = $1 ORDER BY year, kind`,
      [id],
    );
    const members = (await this.ds.query(
      `SELECT id, name, relation, birth_year AS "birthYear", national_id_enc, health_enc, work_status AS "workStatus", school_status AS "schoolStatus"
         FROM household_members WHERE household_id = $1 ORDER BY created_at`,
      [id],
    )) as Array<
      Record<string, unknown> & { national_id_enc: Buffer | null; health_enc: Buffer | null; name: string }
    >;
    const assets = await this.ds.query(
      `SELECT kind, description, value_fen::bigint::float8 AS "valueFen" FROM household_assets WHERE household_id = $1 ORDER BY created_at`,
      [id],
    );
    return {
      ...h,
      incomes,
      expenses,
      assets,
      // sensitive fields masked: ID numbers partly, health details only whether recorded
      members: members.map(({ national_id_enc, health_enc, ...m }) => ({
        ...m,
        nameMasked: maskName(m.name),
        nationalIdMasked: national_id_enc ? maskNationalId(this.pii.decrypt(national_id_enc)) : null,
        healthRecorded: health_enc !== null,
      })),
    };
  }

  async member(id: string, dto: MemberDto, user: AuthUser): Promise<{ id: string }> {
    await this.scope(id, user);
    let enc: Buffer | null = null;
    let hash: string | null = null;
    if (dto.nationalId) {
      const v = validateNationalId(dto.nationalId);
      if (!v.ok) throw HouseholdExceptions.invalidNationalId(v.rule, v.message);
      hash = this.pii.hash('national_id', v.normalised);
      const [dup] = (await this.ds.query(
        `SELECT h.code FROM household_members m JOIN households h ON h.id = m.household_id WHERE m.national_id_hash = $1
         UNION ALL SELECT h.code FROM workers w JOIN households h ON h.id = w.household_id WHERE w.national_id_hash = $1 AND h.id <> $2`,
        [hash, id],
      )) as Array<{ code: string }>;
      if (dup) throw HouseholdExceptions.registeredElsewhere(dup.code);
      enc = this.pii.encrypt(v.normalised);
    }
    const [row] = (await this.ds.query(
      `INSERT INTO household_members (household_id, name, relation, birth_year, national_id_enc, national_id_hash, health_enc, work_status, school_status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        id,
        dto.name,
        dto.relation,
        dto.birthYear ?? null,
        enc,
        hash,
        dto.health ? this.pii.encrypt(dto.health) : null,
        dto.workStatus ?? '',
        dto.schoolStatus ?? '',
      ],
    )) as Array<{ id: string }>;
    await this.audit.append({
      actorId: user.userId,
      action: 'household.member',
      entityType: 'household',
      entityId: id,
      after: {
        memberId: row!.id,
        relation: dto.relation,
        nationalIdRecorded: !!enc,
        healthRecorded: !!dto.health,
      },
    });
    return { id: row!.id };
  }

  async reveal(
    id: string,
    memberId: string,
    user: AuthUser,
  ): Promise<{ memberId: string; nationalId: string | null; health: string | null }> {
    await this.scope(id, user);
    const [m] = (await this.ds.query(
      `SELECT national_id_enc, health_enc FROM household_members WHERE id = $1 AND household_id = $2`,
      [memberId, id],
    )) as Array<{ national_id_enc: Buffer | null; health_enc: Buffer | null }>;
    if (!m) throw HouseholdExceptions.memberNotFound(memberId);
    await this.audit.append({
      actorId: user.userId,
      actorName: user.displayName,
      action: 'pii.read',
      entityType: 'household_member',
      entityId: memberId,
      details: { fields: ['nationalId', 'health'], householdId: id },
    });
    return {
      memberId,
      nationalId: m.national_id_enc ? this.pii.decrypt(m.national_id_enc) : null,
      health: m.health_enc ? this.pii.decrypt(m.health_enc) : null,
    };
  }

  async asset(id: string, dto: AssetDto, user: AuthUser): Promise<{ ok: true }> {
    await this.scope(id, user);
    await this.ds.query(
      `INSERT INTO household_assets (household_id, kind, description, value_fen) VALUES ($1, $2, $3, $4)`,
      [id, dto.kind, dto.description ?? '', dto.valueFen],
    );
    await this.audit.append({
      actorId: user.userId,
      action: 'household.asset',
      entityType: 'household',
      entityId: id,
      after: dto,
    });
    return { ok: true };
  }

  async income(id: string, dto: IncomeDto, user: AuthUser): Promise<{ ok: true }> {
    await this.scope(id, user);
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(dto.month)) throw HouseholdExceptions.invalidMonth();
    if (dto.amountFen < 0) throw HouseholdExceptions.negativeAmount();
    await this.ds.transaction(async (em) => {
      await em.query(
        `INSERT INTO household_incomes (household_id, month, source, amount_fen, recorded_by) VALUES ($1, ($2 || '-01')::date, $3, $4, $5)
         ON CONFLICT (household_id, month, source) DO UPDATE SET amount_fen = $4, recorded_by = $5`,
        [id, dto.month, dto.source, dto.amountFen, user.userId],
      );
      await this.audit.append(
        {
          actorId: user.userId,
          action: 'household.income',
          entityType: 'household',
          entityId: id,
          after: dto,
        },
        em,
      );
    });
    return { ok: true };
  }

  async expense(id: string, dto: ExpenseDto, user: AuthUser): Promise<{ ok: true }> {
    await this.scope(id, user);
    if (dto.amountFen < 0) throw HouseholdExceptions.negativeAmount();
    await this.ds.transaction(async (em) => {
      await em.query(
        `INSERT INTO household_expenses (household_id, year, kind, amount_fen, note) VALUES ($1, $2, $3, $4, $5)`,
        [id, dto.year, dto.kind, dto.amountFen, dto.note ?? ''],
      );
      await this.audit.append(
        {
          actorId: user.userId,
          action: 'household.expense',
          entityType: 'household',
          entityId: id,
          after: dto,
        },
        em,
      );
    });
    return { ok: true };
  }
}
