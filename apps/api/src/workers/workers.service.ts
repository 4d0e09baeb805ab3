import { Injectable } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../../../libs/config/config.module';
import type { AppConfig } from '../../../../libs/config/env';
import { isWithinScope } from '../../../../libs/domain/org-scope';
import { AuditRepository } from '../../../../libs/audit/audit.repository';
import { maskNationalId, PiiCipher } from '../../../../libs/security/pii';
import type { AuthUser } from '../auth/auth.decorators';
import { WorkerExceptions } from './workers.exceptions';
import { decodeCursor, ListQueryDto, Page, toPage } from '../common/pagination';
import type { WorkerViewDto } from './dto/worker.response';

/** Roles that may see a national ID number unmasked (each read is audited). */
export const PII_REVEAL_ROLES = ['union_chair', 'admin'] as const;

type Row = Omit<WorkerViewDto, 'nationalIdMasked'> & { national_id_enc: Buffer | null; path: string };

@Injectable()
export class WorkersService {
  private readonly pii: PiiCipher;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditRepository,
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
           f.id AS "fileId", f.status AS "fileStatus", f.category
      FROM workers w JOIN org_units o ON o.id = w.org_unit_id
      LEFT JOIN hardship_files f ON f.worker_id = w.id AND f.status NOT IN ('rejected','withdrawn','closed')`;

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

  private async load(id: string, user: AuthUser): Promise<Row> {
    const [row] = (await this.ds.query(`${this.select} WHERE w.id = $1`, [id])) as Row[];
    if (!row || !isWithinScope(user.orgPath, row.path)) throw WorkerExceptions.notFound(id);
    return row;
  }
}
