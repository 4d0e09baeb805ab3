import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'workers' })
export class Worker {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'employee_no', type: 'text', unique: true })
  employeeNo!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'org_unit_id', type: 'uuid' })
  orgUnitId!: string;

  @Column({ name: 'household_id', type: 'uuid', nullable: true })
  householdId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
