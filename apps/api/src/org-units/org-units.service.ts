import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditRepository } from '../../../../libs/audit/audit.repository';
import { isWithinScope, orgPath } from '../../../../libs/domain/org-scope';
import { kindRefusal, moveRefusal, ORG_UNIT_KIND_LABELS } from '../../../../libs/domain/org-tree';
import { OrgRepository, OrgUnitRow } from '../../../../libs/org/org.repository';
import type { AuthUser } from '../auth/auth.decorators';
import { CreateOrgUnitDto, MoveOrgUnitDto, RenameOrgUnitDto } from './dto/org-units.dto';
import type { OrgUnitDeactivatedDto, OrgUnitMovedDto, OrgUnitViewDto } from './dto/org-unit.response';
import { OrgUnitExceptions } from './org-units.exceptions';

function view(r: OrgUnitRow, rootDepth = 0): OrgUnitViewDto {
  return {
    id: r.id,
    code: r.code,
    nameZh: r.nameZh,
    nameEn: r.nameEn,
    kind: r.kind,
    kindLabel: ORG_UNIT_KIND_LABELS[r.kind]?.zh ?? r.kind,
    parentId: r.parentId,
    depth: r.depth - rootDepth,
    active: r.active,
  };
}

/** Org tree administration (组织架构): create, rename, move (scope follows), deactivate. */
@Injectable()
export class OrgUnitsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly org: OrgRepository,
    private readonly audit: AuditRepository,
  ) {}

  async list(user: AuthUser): Promise<{ items: OrgUnitViewDto[] }> {
    const rows = await this.org.subtree(user.orgPath);
    const rootDepth = rows.length ? Math.min(...rows.map((r) => r.depth)) : 0;
    return { items: rows.map((r) => view(r, rootDepth)) };
  }

  private async visible(id: string, user: AuthUser, field = 'id'): Promise<OrgUnitRow> {
    const u = await this.org.find(id);
    if (!u || !isWithinScope(user.orgPath, u.path)) throw OrgUnitExceptions.notFound(id, field);
    return u;
  }

  async get(id: string, user: AuthUser): Promise<OrgUnitViewDto> {
    return view(await this.visible(id, user));
  }

  async create(dto: CreateOrgUnitDto, user: AuthUser): Promise<OrgUnitViewDto> {
    const parent = await this.visible(dto.parentId, user, 'parentId');
    if (!parent.active) throw OrgUnitExceptions.inactive('parentId');
    const refusal = kindRefusal(parent.kind, dto.kind);
    if (refusal) throw OrgUnitExceptions.refused(refusal);
    const id = await this.ds
      .transaction(async (em) => {
        if (await this.org.codeTaken(dto.code, em)) throw OrgUnitExceptions.codeTaken(dto.code);
        const newId = await this.org.insert(
          {
            code: dto.code,
            nameZh: dto.nameZh,
            nameEn: dto.nameEn ?? dto.nameZh,
            kind: dto.kind,
            parentId: parent.id,
            parentPath: parent.path,
          },
          em,
        );
        await this.audit.append(
          {
            actorId: user.userId,
            actorName: user.displayName,
            action: 'org_unit.create',
            entityType: 'org_unit',
            entityId: newId,
            after: { ...dto },
          },
          em,
        );
        return newId;
      })
      .catch((e: unknown) => {
        // lost a race for the code
        if ((e as { code?: string }).code === '23505') throw OrgUnitExceptions.codeTaken(dto.code);
        throw e;
      });
    return this.get(id, user);
  }

  async rename(id: string, dto: RenameOrgUnitDto, user: AuthUser): Promise<OrgUnitViewDto> {
    const before = await this.visible(id, user);
    await this.ds.transaction(async (em) => {
      await this.org.rename(id, dto, em);
      await this.audit.append(
        {
          actorId: user.userId,
          actorName: user.displayName,
          action: 'org_unit.rename',
          entityType: 'org_unit',
          entityId: id,
          before: { nameZh: before.nameZh, nameEn: before.nameEn },
          after: { ...dto },
        },
        em,
      );
    });
    return this.get(id, user);
  }

  /**
   * Moves a unit with its subtree under a new parent. Scope follows the path: everyone above the new
   * parent sees the unit's files, cases and tasks; nobody above the old parent (and not above the new
   * one) does any more. Both the unit and the new parent must be in the caller's subtree.
   */
  async move(id: string, dto: MoveOrgUnitDto, user: AuthUser): Promise<OrgUnitMovedDto> {
    await this.visible(id, user);
    await this.visible(dto.parentId, user, 'parentId');
    const unitsMoved = await this.ds.transaction(async (em) => {
      // lock both rows so two moves cannot build a cycle between them
      const unit = (await this.org.find(id, em, true))!;
      const parent = (await this.org.find(dto.parentId, em, true))!;
      const refusal = moveRefusal(unit, parent);
      if (refusal) throw OrgUnitExceptions.refused(refusal);
      if (unit.parentId === parent.id) return 0;
      const newPath = orgPath(parent.path, unit.id);
      const n = await this.org.moveSubtree({ id, newParentId: parent.id, oldPath: unit.path, newPath }, em);
      await this.audit.append(
        {
          actorId: user.userId,
          actorName: user.displayName,
          action: 'org_unit.move',
          entityType: 'org_unit',
          entityId: id,
          before: { parentId: unit.parentId, path: unit.path },
          after: { parentId: parent.id, path: newPath },
          details: { unitsMoved: n },
        },
        em,
      );
      return n;
    });
    return { ...(await this.get(id, user)), unitsMoved };
  }

  /** Deactivates a unit and its subtree; refused (422 with the count) while any open work remains there. */
  async deactivate(id: string, user: AuthUser): Promise<OrgUnitDeactivatedDto> {
    const u = await this.visible(id, user);
    if (u.parentId === null) {
      throw OrgUnitExceptions.refused({
        field: 'id',
        rule: 'root_fixed',
        message: 'the county federation cannot be deactivated',
      });
    }
    const unitsDeactivated = await this.ds.transaction(async (em) => {
      await this.org.find(id, em, true);
      const work = await this.org.openWork(u.path, em);
      if (work.total > 0) throw OrgUnitExceptions.openWork(work);
      const n = await this.org.deactivateSubtree(u.path, em);
      await this.audit.append(
        {
          actorId: user.userId,
          actorName: user.displayName,
          action: 'org_unit.deactivate',
          entityType: 'org_unit',
          entityId: id,
          details: { unitsDeactivated: n },
        },
        em,
      );
      return n;
    });
    return { ...(await this.get(id, user)), unitsDeactivated };
  }

  /** Reactivates one unit (its parent must be active). */
  async reactivate(id: string, user: AuthUser): Promise<OrgUnitViewDto> {
    const u = await this.visible(id, user);
    if (u.parentId) {
      const parent = await this.org.find(u.parentId);
      if (!parent?.active) throw OrgUnitExceptions.inactive('parentId');
    }
    await this.ds.transaction(async (em) => {
      await this.org.reactivate(id, em);
      await this.audit.append(
        {
          actorId: user.userId,
          actorName: user.displayName,
          action: 'org_unit.reactivate',
          entityType: 'org_unit',
          entityId: id,
        },
        em,
      );
    });
    return this.get(id, user);
  }
}
