import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service';
import { CaseRecordsService } from './case-records.service';
import { FileRecordsService } from './file-records.service';
import { LedgerService } from './ledger.service';
import { PolicyService } from './policy.service';
import { TaskRecordsService } from './task-records.service';
import { LoanRecordsService } from './loan-records.service';
import { NotificationsService } from './notifications.service';
import { SubsidyRecordsService } from './subsidy-records.service';
import { RecertificationRecordsService } from './recertification-records.service';
import { EarlyWarningRecordsService } from './early-warning-records.service';
import { LifecycleStarterService } from './lifecycle-starter.service';
import { ReassessmentRecordsService } from './reassessment-records.service';

const SERVICES = [
  AuditService,
  PolicyService,
  CaseRecordsService,
  FileRecordsService,
  TaskRecordsService,
  LedgerService,
  NotificationsService,
  LoanRecordsService,
  SubsidyRecordsService,
  RecertificationRecordsService,
  EarlyWarningRecordsService,
  LifecycleStarterService,
  ReassessmentRecordsService,
];

/** Services over the records (used by activities in the worker and by the API's read side). */
@Global()
@Module({ providers: SERVICES, exports: SERVICES })
export class RecordsModule {}
