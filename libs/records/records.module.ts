import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service';
import { CaseRecordsService } from './case-records.service';
import { FileRecordsService } from './file-records.service';
import { LedgerService } from './ledger.service';
import { PolicyService } from './policy.service';
import { TaskRecordsService } from './task-records.service';
import { ReassessmentRecordsService } from './reassessment-records.service';

const SERVICES = [
  AuditService,
  PolicyService,
  CaseRecordsService,
  FileRecordsService,
  TaskRecordsService,
  LedgerService,
  ReassessmentRecordsService,
];

/** Services over the records (used by activities in the worker and by the API's read side). */
@Global()
@Module({ providers: SERVICES, exports: SERVICES })
export class RecordsModule {}
