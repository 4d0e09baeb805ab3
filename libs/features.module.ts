import { Global, Module } from '@nestjs/common';
import { AuditRepository } from './audit/audit.repository';
import { CasesRepository } from './cases/cases.repository';
import { FilesRepository } from './files/files.repository';
import { LedgerRepository } from './ledger/ledger.repository';
import { PolicyRepository } from './policy/policy.repository';
import { TasksRepository } from './tasks/tasks.repository';
import { LoansRepository } from './loans/loans.repository';
import { NotificationDelivery } from './notifications/delivery';
import { OutboxRepository } from './notifications/outbox.repository';
import { SubsidiesRepository } from './lifecycle/subsidies.repository';
import { RecertificationsRepository } from './lifecycle/recertifications.repository';
import { EarlyWarningsRepository } from './lifecycle/early-warnings.repository';
import { LifecycleStarterService } from './lifecycle/lifecycle-starter.service';
import { ReassessmentRepository } from './reassessment/reassessment.repository';

const SERVICES = [
  AuditRepository,
  PolicyRepository,
  CasesRepository,
  FilesRepository,
  TasksRepository,
  LedgerRepository,
  OutboxRepository,
  NotificationDelivery,
  LoansRepository,
  SubsidiesRepository,
  RecertificationsRepository,
  EarlyWarningsRepository,
  LifecycleStarterService,
  ReassessmentRepository,
];

/** Services over the records (used by activities in the worker and by the API's read side). */
@Global()
@Module({ providers: SERVICES, exports: SERVICES })
export class FeaturesModule {}
