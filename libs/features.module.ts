import { Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { PolicyModule } from './policy/policy.module';
import { LedgerModule } from './ledger/ledger.module';
import { NotificationsModule } from './notifications/notifications.module';
import { TasksModule } from './tasks/tasks.module';
import { FilesModule } from './files/files.module';
import { CasesModule } from './cases/cases.module';
import { LoansModule } from './loans/loans.module';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { ReassessmentModule } from './reassessment/reassessment.module';
import { OrgModule } from './org/org.module';
import { HouseholdsModule } from './households/households.module';
import { CampaignsModule } from './campaigns/campaigns.module';
import { TuitionModule } from './tuition/tuition.module';
import { DisclosureModule } from './disclosure/disclosure.module';
import { HrImportsModule } from './hr-imports/hr-imports.module';
import { HelpPlansModule } from './help-plans/help-plans.module';
import { EvaluationModule } from './evaluation/evaluation.module';
import { PairingModule } from './pairing/pairing.module';

const FEATURES = [
  AuditModule,
  PolicyModule,
  LedgerModule,
  NotificationsModule,
  TasksModule,
  FilesModule,
  CasesModule,
  LoansModule,
  LifecycleModule,
  ReassessmentModule,
  OrgModule,
  HouseholdsModule,
  CampaignsModule,
  TuitionModule,
  DisclosureModule,
  HrImportsModule,
  HelpPlansModule,
  EvaluationModule,
  PairingModule,
];

/**
 * All feature libraries, for the API and the worker to import in one line. Each feature declares
 * its providers in its own module (libs/<feature>/<feature>.module.ts); this one only re-exports
 * them. Not global: a module that injects a repository imports its feature module (or this one).
 */
@Module({ imports: FEATURES, exports: FEATURES })
export class FeaturesModule {}
