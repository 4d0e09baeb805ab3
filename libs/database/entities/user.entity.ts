import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../../domain/roles';

@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
  username!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  /** Roles granted at org_unit_id or above (kept in step with user_grants; see libs/domain/grants.ts). */
  @Column({ type: 'text', array: true })
  roles!: Role[];

  @Column({ name: 'org_unit_id', type: 'uuid' })
  orgUnitId!: string;

  /** Demo accounts (dev-only password) are refused when NODE_ENV is production. */
  @Column({ name: 'is_demo', type: 'boolean', default: false })
  isDemo!: boolean;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** A new or reset account must set its own password before anything else. */
  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword!: boolean;

  /** Bumped on every change of the account (roles, unit, password, status). */
  @Column({ name: 'auth_version', type: 'int', default: 1 })
  authVersion!: number;

  @Column({ name: 'password_changed_at', type: 'timestamptz', nullable: true })
  passwordChangedAt!: Date | null;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  @Column({ name: 'disabled_reason', type: 'text', nullable: true })
  disabledReason!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
