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

  @Column({ name: 'file_id', type: 'uuid', nullable: true })
  fileId!: string | null;

  @Column({ name: 'applicant_kind', type: 'text', default: 'worker' })
  applicantKind!: 'worker' | 'relative';

  @Column({ name: 'applicant_name', type: 'text', nullable: true })
  applicantName!: string | null;

  /** The policy version the case was decided under. */
  @Column({ name: 'policy_version', type: 'int', nullable: true })
  policyVersion!: number | null;

  /** The stages routed for it (code, names, candidate role). */
  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  stages!: unknown[];

  /** The figures the eligibility check used. */
  @Column({ type: 'jsonb', nullable: true })
  eligibility!: Record<string, unknown> | null;

  @Column({ name: 'fund_source', type: 'text', nullable: true })
  fundSource!: string | null;

  @Column({ name: 'paid_at', type: 'timestamptz', nullable: true })
  paidAt!: Date | null;

  @Column({ name: 'payment_reference', type: 'text', nullable: true })
  paymentReference!: string | null;

  @Column({ name: 'follow_up', type: 'jsonb', nullable: true })
  followUp!: Record<string, unknown> | null;
}
