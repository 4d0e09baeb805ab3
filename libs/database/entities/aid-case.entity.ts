import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { CaseStatus } from '../../domain/aid-case';
import { fenTransformer } from '../transformers';

/** Read model of an aid case. Written only by activities of the aid-case workflow. */
@Entity({ name: 'aid_cases' })
export class AidCase {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** Human-friendly number shown to union offices, e.g. AC-2026-000012. */
  @Column({ name: 'case_no', type: 'text', unique: true })
  caseNo!: string;

  @Column({ name: 'workflow_id', type: 'text', unique: true })
  workflowId!: string;

  @Column({ name: 'worker_id', type: 'uuid' })
  workerId!: string;

  @Column({ name: 'household_id', type: 'uuid', nullable: true })
  householdId!: string | null;

  @Column({ name: 'org_unit_id', type: 'uuid' })
  orgUnitId!: string;

  @Column({ name: 'program_code', type: 'text' })
  programCode!: string;

  @Column({ name: 'amount_fen', type: 'bigint', transformer: fenTransformer })
  amountFen!: number;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'text' })
  status!: CaseStatus;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;
}
