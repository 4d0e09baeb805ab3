import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { toExceptionMap, type ExceptionMap } from '../domain/calendar';
import { noticePeriod, type NoticePeriod } from '../domain/notice';
import { DEFAULT_POLICY } from '../domain/policy/defaults';
import type { PolicyData, PolicyVersion } from '../domain/policy-types';

/** Reads the policy in force and the working-day calendar (both editable by admin). */
@Injectable()
export class PolicyRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** `em`: inside a transaction, read on its connection (a second pool connection can deadlock the pool). */
  async current(at: Date = new Date(), em: EntityManager = this.ds.manager): Promise<PolicyVersion> {
    const [row] = (await em.query(
      `SELECT version, effective_from, data FROM policy_versions WHERE effective_from <= $1 ORDER BY version DESC LIMIT 1`,
      [at],
    )) as Array<{ version: number; effective_from: Date; data: PolicyData }>;
    if (!row) throw new Error('no policy is in force: run the migrations (they publish version 1)');
    return { version: row.version, effectiveFrom: row.effective_from.toISOString(), data: row.data };
  }

  async byVersion(version: number, em: EntityManager = this.ds.manager): Promise<PolicyVersion | null> {
    const [row] = (await em.query(
      `SELECT version, effective_from, data FROM policy_versions WHERE version = $1`,
      [version],
    )) as Array<{ version: number; effective_from: Date; data: PolicyData }>;
    return row
      ? { version: row.version, effectiveFrom: row.effective_from.toISOString(), data: row.data }
      : null;
  }

  async calendar(): Promise<ExceptionMap> {
    const rows = (await this.ds.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS date, is_workday FROM calendar_days`,
    )) as Array<{
      date: string;
      is_workday: boolean;
    }>;
    return toExceptionMap(rows.map((r) => ({ date: r.date, isWorkday: r.is_workday })));
  }

  /** A public notice posted now: its end by the policy in force and the working-day calendar. */
  async noticePeriod(postedAt: Date): Promise<NoticePeriod & { policyVersion: number }> {
    const [{ data, version }, cal] = await Promise.all([this.current(postedAt), this.calendar()]);
    return { ...noticePeriod(data, postedAt, cal), policyVersion: version };
  }
}

export { DEFAULT_POLICY };
