import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { LedgerModule } from '../ledger/ledger.module';
import { PolicyModule } from '../policy/policy.module';
import { EarlyWarningsRepository } from './early-warnings.repository';
import { LifecycleWorkflowsRepository } from './lifecycle-workflows.repository';
import { RecertificationsRepository } from './recertifications.repository';
import { SubsidiesRepository } from './subsidies.repository';

/** Dynamic management of active files: quarterly subsidy, annual re-certification, early warnings. */
@Module({
  imports: [AuditModule, PolicyModule, LedgerModule],
  providers: [
    SubsidiesRepository,
    RecertificationsRepository,
    EarlyWarningsRepository,
    LifecycleWorkflowsRepository,
  ],
  exports: [
    SubsidiesRepository,
    RecertificationsRepository,
    EarlyWarningsRepository,
    LifecycleWorkflowsRepository,
  ],
})
export class LifecycleModule {}
