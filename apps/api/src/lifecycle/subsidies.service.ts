import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { ListRecertificationsQueryDto, ListSubsidiesQueryDto } from './dto/lifecycle.dto';

export interface SubsidyView {
  fileId: string;
  fileNo: string;
  workerName: string;
  orgUnitName: string;
  quarter: string;
  amountFen: number;
  status: 'paid' | 'suspended' | 'skipped';
  statusLabel: { zh: string; en: string };
  /** Why suspended or skipped: recheck_overdue, budget_insufficient, category_not_eligible, file_not_active. */
  reason: string | null;
  reasonLabel: { zh: string; en: string } | null;
  category: string | null;
  policyVersion: number | null;
  programCode: string;
  fundSource: string | null;
  paidAt: string | null;
  suspendedAt: string | null;
}

const STATUS_LABELS = {
  paid: { zh: '已发放', en: 'Paid' },
  suspended: { zh: '暂停发放', en: 'Suspended' },
  skipped: { zh: '不发放', en: 'Not paid' },
};
const REASON_LABELS: Record<string, { zh: string; en: string }> = {
  recheck_overdue: { zh: '季度复核逾期', en: 'Quarterly re-check overdue' },
  budget_insufficient: { zh: '预算不足', en: 'Budget insufficient' },
  category_not_eligible: { zh: '困难类别不享受定期补助', en: 'Category receives no regular subsidy' },
  file_not_active: { zh: '档案已不在册', en: 'File no longer active' },
};
const RECERT_LABELS: Record<string, { zh: string; en: string }> = {
  open: { zh: '待复核', en: 'Open' },
  recertified: { zh: '复核续认', en: 'Recertified' },
  not_recertified: { zh: '复核不予续认', en: 'Not recertified' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

const iso = (d: Date | null) => d?.toISOString() ?? null;

@Injectable()
export class SubsidiesService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async list(q: ListSubsidiesQueryDto, user: AuthUser): Promise<Page<SubsidyView>> {
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, 2);
    const rows = (await this.ds.query(
      `SELECT s.file_id AS "fileId", f.file_no AS "fileNo", w.name AS "workerName", o.name_zh AS "orgUnitName",
              s.quarter, s.amount_fen::bigint AS "amountFen", s.status, s.reason, s.category, s.policy_version AS "policyVersion",
              s.program_code AS "programCode", s.fund_source AS "fundSource", s.paid_at AS "paidAt", s.suspended_at AS "suspendedAt",
              s.id
         FROM subsidy_payments s
         JOIN hardship_files f ON f.id = s.file_id
         JOIN workers w ON w.id = f.worker_id
         JOIN org_units o ON o.id = f.org_unit_id
        WHERE (o.path = $1 OR o.path LIKE $1 || '.%')
          AND ($2::uuid IS NULL OR s.file_id = $2) AND ($3::text IS NULL OR s.quarter = $3) AND ($4::text IS NULL OR s.status = $4)
          AND ($5::text IS NULL OR (s.quarter, s.id) < ($5::text, $6::uuid))
        ORDER BY s.quarter DESC, s.id DESC LIMIT $7`,
      [
        user.orgPath,
        q.fileId ?? null,
        q.quarter ?? null,
        q.status ?? null,
        after?.[0] ?? null,
        after?.[1] ?? null,
        limit + 1,
      ],
    )) as Array<
      Omit<SubsidyView, 'amountFen' | 'paidAt' | 'suspendedAt' | 'statusLabel' | 'reasonLabel'> & {
        id: string;
        amountFen: string;
        paidAt: Date | null;
        suspendedAt: Date | null;
      }
    >;
    const page = toPage(rows, limit, (r) => [r.quarter, r.id]);
    return {
      nextCursor: page.nextCursor,
      items: page.items.map(({ id: _id, ...r }) => ({
        ...r,
        amountFen: Number(r.amountFen),
        statusLabel: STATUS_LABELS[r.status],
        reasonLabel: r.reason ? (REASON_LABELS[r.reason] ?? null) : null,
        paidAt: iso(r.paidAt),
        suspendedAt: iso(r.suspendedAt),
      })),
    };
  }

  async recertifications(q: ListRecertificationsQueryDto, user: AuthUser) {
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, 2);
    const rows = (await this.ds.query(
      `SELECT r.id, r.file_id AS "fileId", f.file_no AS "fileNo", w.name AS "workerName", to_char(r.due_on, 'YYYY-MM-DD') AS "dueOn",
              r.status, r.mode, r.policy_version AS "policyVersion", r.task_id AS "taskId", r.decided_by AS "decidedBy",
              r.comment, r.created_at AS "createdAt", r.completed_at AS "completedAt"
         FROM recertifications r
         JOIN hardship_files f ON f.id = r.file_id
         JOIN workers w ON w.id = f.worker_id
         JOIN org_units o ON o.id = f.org_unit_id
        WHERE (o.path = $1 OR o.path LIKE $1 || '.%')
          AND ($2::uuid IS NULL OR r.file_id = $2) AND ($3::text IS NULL OR r.status = $3)
          AND ($4::text IS NULL OR (to_char(r.due_on, 'YYYY-MM-DD'), r.id) < ($4::text, $5::uuid))
        ORDER BY r.due_on DESC, r.id DESC LIMIT $6`,
      [user.orgPath, q.fileId ?? null, q.status ?? null, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    )) as Array<{ id: string; dueOn: string; status: string; createdAt: Date; completedAt: Date | null }>;
    const page = toPage(rows, limit, (r) => [r.dueOn, r.id]);
    return {
      nextCursor: page.nextCursor,
      items: page.items.map((r) => ({
        ...r,
        statusLabel: RECERT_LABELS[r.status] ?? { zh: r.status, en: r.status },
        createdAt: r.createdAt.toISOString(),
        completedAt: iso(r.completedAt),
      })),
    };
  }
}
