import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PolicyModule } from '../policy/policy.module';
import { TasksModule } from '../tasks/tasks.module';
import { LoansRepository } from './loans.repository';

/** Mutual-aid loans: application, schedule, repayments, servicing. */
@Module({
  imports: [AuditModule, PolicyModule, NotificationsModule, TasksModule],
  providers: [LoansRepository],
  exports: [LoansRepository],
})
export class LoansModule {}
