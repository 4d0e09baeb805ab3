import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PolicyModule } from '../policy/policy.module';
import { TasksModule } from '../tasks/tasks.module';
import { PairingRepository } from './pairing.repository';

/** Pairings (结对帮扶): assignments, visit logs, reminders, escalation, coverage. */
@Module({
  imports: [AuditModule, PolicyModule, NotificationsModule, TasksModule],
  providers: [PairingRepository],
  exports: [PairingRepository],
})
export class PairingModule {}
