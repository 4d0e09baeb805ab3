import { Injectable } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../../../libs/config/config.module';
import type { AppConfig } from '../../../../libs/config/env';
import { isWithinScope } from '../../../../libs/domain/org-scope';
import { AuditRepository } from '../../../../libs/audit/audit.repository';
import { maskNationalId, PiiCipher } from '../../../../libs/security/pii';
import { validateNationalId } from '../../../../libs/domain/national-id';
import { HouseholdsRepository } from '../../../../libs/households/households.repository';
import { refuseDuplicate } from './duplicates';
import type {
  RegisterWorkerDto,
  TransferWorkerDto,
  UpdateWorkerDto,
  WorkerStatusDto,
} from './dto/workers.dto';
import type { AuthUser } from '../auth/auth.decorators';
import { WorkerExceptions } from './workers.exceptions';
import { decodeCursor, ListQueryDto, Page, toPage } from '../common/pagination';
import type { DuplicateAttemptDto, WorkerViewDto } from './dto/worker.response';
import { fileIsOpenSql } from '../../../../libs/domain/file-status';

/** Roles that may see a national ID number unmasked (each read is audited). */
export const PII_REVEAL_ROLES = ['union_chair', 'admin'] as const;

type Row = Omit<WorkerViewDto, 'nationalIdMasked'> & { national_id_enc: Buffer | null; path: string };

@Injectable()
export class WorkersService {
  private readonly pii: PiiCipher;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditRepository,
    private readonly households: HouseholdsRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.pii = PiiCipher.fromBase64(config.PII_ENCRYPTION_KEY, config.PII_HASH_KEY);
  }

  private view(r: Row): WorkerViewDto {
    const { national_id_enc, path: _path, ...rest } = r;
    return {
      ...rest,
      nationalIdMasked: national_id_enc ? maskNationalId(this.pii.decrypt(national_id_enc)) : null,
    };
  }

  private readonly select = `
    SELECT w.id, w.employee_no AS "employeeNo", w.name, w.org_unit_id AS "orgUnitId", o.name_zh AS "orgUnitName",
           w.household_id AS "householdId", w.national_id_enc, o.path,
           f.id AS "fileId", f.status AS "fileStatus", f.category,
           w.employment_status AS "employmentStatus", w.gender
      FROM workers w JOIN org_units o ON o.id = w.org_unit_id
      LEFT JOIN hardship_files f ON f.worker_id = w.id AND ${fileIsOpenSql('f.status')}`;

  async list(q: ListQueryDto, user: AuthUser): Promise<Page<WorkerViewDto>> {
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, 1);
    const rows = (await this.ds.query(
      `${this.select}
        WHERE (o.path = $1 OR o.path LIKE $1 || '.%') AND ($2::text IS NULL OR w.employee_no > $2)
        ORDER BY w.employee_no LIMIT $3`,
      [user.orgPath, after?.[0] ?? null, limit + 1],
    )) as Row[];
    return toPage(
      rows.map((r) => this.view(r)),
      limit,
      (r) => [r.employeeNo],
    );
  }

  async get(id: string, user: AuthUser): Promise<WorkerViewDto> {
    return this.view(await this.load(id, user));
  }

  async reveal(id: string, user: AuthUser): Promise<{ workerId: string; nationalId: string | null }> {
    const row = await this.load(id, user);
    const nationalId = row.national_id_enc ? this.pii.decrypt(row.national_id_enc) : null;
    await this.audit.append({
      actorId: user.userId,
      actorName: user.displayName,
      action: 'pii.read',
      entityType: 'worker',
      entityId: id,
      details: { field: 'nationalId', roles: user.roles },
    });
    return { workerId: id, nationalId };
  }

  /**
   * Registers a member (职工): the ID number is validated (GB 11643), encrypted, and unique across the
   * federation by its keyed hash — a duplicate in a unit the caller cannot see is refused without
   * saying where (duplicates.ts).
   */
  async register(dto: RegisterWorkerDto, user: AuthUser): Promise<WorkerViewDto> {
    const unit = await this.unitInScope(dto.orgUnitId, user);
    const v = validateNationalId(dto.nationalId);
    if (!v.ok) throw WorkerExceptions.invalidNationalId(v.rule, v.message);
    const hash = this.pii.hash('national_id', v.normalised);
    const duplicate = async (): Promise<never | undefined> => {
      const [existing] = (await this.households.peopleByNationalIdHash(hash)).filter(
        (p) => p.kind === 'worker',
      );
      if (existing)
        await refuseDuplicate(this.audit, user, existing, {
          as: 'worker',
          orgUnitId: unit.id,
          field: 'nationalId',
        });
      return undefined;
    };
    await duplicate();
    let id: string;
    try {
      id = await this.ds.transaction(async (em) => {
        const [row] = (await em.query(
          `INSERT INTO workers (employee_no, name, org_unit_id, gender, national_id_enc, national_id_hash, caseworker_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [
            dto.employeeNo,
            dto.name,
            unit.id,
            dto.gender ?? null,
            this.pii.encrypt(v.normalised),
            hash,
            user.roles.includes('caseworker') ? user.userId : null,
          ],
        )) as Array<{ id: string }>;
        await this.audit.append(
          {
            actorId: user.userId,
            actorName: user.displayName,
            action: 'worker.register',
            entityType: 'worker',
            entityId: row!.id,
            after: {
              employeeNo: dto.employeeNo,
              orgUnitId: unit.id,
              gender: dto.gender ?? null,
              nationalIdRecorded: true,
            },
          },
          em,
        );
        return row!.id;
      });
    } catch (e) {
      const constraint =
        (e as { code?: string; constraint?: string }).code === '23505'
          ? (e as { constraint?: string }).constraint
          : undefined;
      // lost a race with another registration of the same person or number
      if (constraint === 'workers_national_id_hash') await duplicate();
      if (constraint === 'workers_employee_no_key') throw WorkerExceptions.employeeNoTaken(dto.employeeNo);
      throw e;
    }
    return this.get(id, user);
  }

  /** Edits name, employee number or gender (audited with before and after). */
  async update(id: string, dto: UpdateWorkerDto, user: AuthUser): Promise<WorkerViewDto> {
    const before = await this.load(id, user);
    // a corrected ID number: validated and de-duplicated like a registration (never logged in plaintext)
    let identity: { enc: Buffer; hash: string } | null = null;
    const duplicate = async (hash: string): Promise<void> => {
      const [existing] = (await this.households.peopleByNationalIdHash(hash)).filter(
        (p) => p.kind === 'worker' && p.workerId !== id,
      );
      if (existing)
        await refuseDuplicate(this.audit, user, existing, {
          as: 'worker',
          orgUnitId: before.orgUnitId,
          field: 'nationalId',
        });
    };
    if (dto.nationalId !== undefined) {
      const v = validateNationalId(dto.nationalId);
      if (!v.ok) throw WorkerExceptions.invalidNationalId(v.rule, v.message);
      identity = { enc: this.pii.encrypt(v.normalised), hash: this.pii.hash('national_id', v.normalised) };
      await duplicate(identity.hash);
    }
    try {
      await this.ds.transaction(async (em) => {
        await em.query(
          `UPDATE workers SET name = COALESCE($2, name), employee_no = COALESCE($3, employee_no), gender = COALESCE($4, gender),
                  national_id_enc = COALESCE($5, national_id_enc), national_id_hash = COALESCE($6, national_id_hash),
                  updated_at = now() WHERE id = $1`,
          [
            id,
            dto.name ?? null,
            dto.employeeNo ?? null,
            dto.gender ?? null,
            identity?.enc ?? null,
            identity?.hash ?? null,
          ],
        );
        const { nationalId: _id, ...plain } = dto;
        await this.audit.append(
          {
            actorId: user.userId,
            actorName: user.displayName,
            action: 'worker.update',
            entityType: 'worker',
            entityId: id,
            before: { name: before.name, employeeNo: before.employeeNo, gender: before.gender },
            after: { ...plain, ...(identity ? { nationalIdChanged: true } : {}) },
          },
          em,
        );
      });
    } catch (e) {
      const constraint = (e as { constraint?: string }).constraint;
      if (constraint === 'workers_employee_no_key') throw WorkerExceptions.employeeNoTaken(dto.employeeNo!);
      if (constraint === 'workers_national_id_hash' && identity) await duplicate(identity.hash);
      throw e;
    }
    return this.get(id, user);
  }

  /**
   * Transfers a member to another unit (both in the caller's subtree). The household follows when no
   * other worker belongs to it; open files, cases and loans stay with the unit that opened them.
   */
  async transfer(id: string, dto: TransferWorkerDto, user: AuthUser): Promise<WorkerViewDto> {
    const w = await this.load(id, user);
    const unit = await this.unitInScope(dto.orgUnitId, user);
    if (unit.id === w.orgUnitId) return this.view(w);
    await this.ds.transaction(async (em) => {
      await em.query(`UPDATE workers SET org_unit_id = $2, updated_at = now() WHERE id = $1`, [id, unit.id]);
      if (w.householdId) {
        await em.query(
          `UPDATE households SET org_unit_id = $2 WHERE id = $1
              AND NOT EXISTS (SELECT 1 FROM workers o WHERE o.household_id = $1 AND o.id <> $3)`,
          [w.householdId, unit.id, id],
        );
      }
      await this.audit.append(
        {
          actorId: user.userId,
          actorName: user.displayName,
          action: 'worker.transfer',
          entityType: 'worker',
          entityId: id,
          before: { orgUnitId: w.orgUnitId },
          after: { orgUnitId: unit.id },
          details: { reason: dto.reason },
        },
        em,
      );
    });
    return this.get(id, user);
  }

  /** Marks a member left or retired (or active again); open work stays, new applications are refused. */
  async setStatus(id: string, dto: WorkerStatusDto, user: AuthUser): Promise<WorkerViewDto> {
    const w = await this.load(id, user);
    await this.ds.transaction(async (em) => {
      await em.query(
        `UPDATE workers SET employment_status = $2, status_reason = $3, status_changed_at = now(), updated_at = now() WHERE id = $1`,
        [id, dto.status, dto.reason],
      );
      await this.audit.append(
        {
          actorId: user.userId,
          actorName: user.displayName,
          action: 'worker.status',
          entityType: 'worker',
          entityId: id,
          before: { status: w.employmentStatus },
          after: { status: dto.status },
          details: { reason: dto.reason },
        },
        em,
      );
    });
    return this.get(id, user);
  }

  /** Refused duplicate registrations with the place (the federation follows them up). */
  async duplicateAttempts(user: AuthUser): Promise<{ items: DuplicateAttemptDto[] }> {
    const rows = (await this.ds.query(
      `SELECT a.at, a.actor_name AS "actorName", COALESCE(w.id, m.worker_id, m.id) AS "workerId",
              COALESCE(w.employee_no, h.code, '') AS "registeredEmployeeNo",
              COALESCE(eo.name_zh, '') AS "registeredOrgUnitName", COALESCE(ao.name_zh, '') AS "attemptedOrgUnitName",
              a.details ->> 'attemptedAs' AS "attemptedAs", eo.path
         FROM audit_log a
         LEFT JOIN workers w ON a.entity_type = 'worker' AND w.id::text = a.entity_id::text
         LEFT JOIN household_members m ON a.entity_type = 'household_member' AND m.id::text = a.entity_id::text
         LEFT JOIN households h ON h.id = m.household_id
         LEFT JOIN org_units eo ON eo.id::text = a.details ->> 'existingOrgUnitId'
         LEFT JOIN org_units ao ON ao.id::text = a.details ->> 'attemptedOrgUnitId'
        WHERE a.action = 'person.duplicate_refused'
        ORDER BY a.id DESC LIMIT 200`,
    )) as Array<DuplicateAttemptDto & { at: Date; path: string | null }>;
    return {
      items: rows
        .filter((r) => r.path !== null && isWithinScope(user.orgPath, r.path))
        .map(({ path: _p, at, ...r }) => ({ ...r, at: at.toISOString() })),
    };
  }

  private async unitInScope(orgUnitId: string, user: AuthUser): Promise<{ id: string; path: string }> {
    const [unit] = (await this.ds.query(`SELECT id, path, active FROM org_units WHERE id = $1`, [
      orgUnitId,
    ])) as Array<{
      id: string;
      path: string;
      active: boolean;
    }>;
    if (!unit || !isWithinScope(user.orgPath, unit.path)) throw WorkerExceptions.unitNotFound(orgUnitId);
    if (!unit.active) throw WorkerExceptions.unitInactive();
    return unit;
  }

  private async load(id: string, user: AuthUser): Promise<Row> {
    const [row] = (await this.ds.query(`${this.select} WHERE w.id = $1`, [id])) as Row[];
    if (!row || !isWithinScope(user.orgPath, row.path)) throw WorkerExceptions.notFound(id);
    return row;
  }
}
