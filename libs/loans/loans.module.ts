import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PolicyModule } from '../policy/policy.module';
import { TasksModule } from '../tasks/tasks.module';
import { LoansRepository } from './loans.repository';
import { LoanScheduleRepository } from './schedule.repository';
import { LoanServicingRepository } from './servicing.repository';

/** Mutual-aid loans: application, schedule, repayments, servicing. */
@Module({
  imports: [AuditModule, PolicyModule, NotificationsModule, TasksModule],
  providers: [LoansRepository, LoanScheduleRepository, LoanServicingRepository],
  exports: [LoansRepository, LoanScheduleRepository, LoanServicingRepository],
})
export class LoansModule {}
