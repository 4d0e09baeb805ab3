import { Module } from '@nestjs/common';
import { AppConfigModule } from '../../../libs/config/config.module';
import { DatabaseModule } from '../../../libs/database/database.module';
import { FeaturesModule } from '../../../libs/features.module';
import { LoggingModule } from '../../../libs/logging/logging.module';
import { AttachmentsModule } from './attachments/attachments.module';
import { AuditApiModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CampaignsModule } from './campaigns/campaigns.module';
import { PairingModule } from './pairing/pairing.module';
import { TuitionModule } from './tuition/tuition.module';
import { DisclosureModule } from './disclosure/disclosure.module';
import { HelpPlansModule } from './help-plans/help-plans.module';
import { EvaluationModule } from './evaluation/evaluation.module';
import { CasesModule } from './cases/cases.module';
import { CodecModule } from './codec/codec.module';
import { FilesModule } from './files/files.module';
import { FinanceModule } from './finance/finance.module';
import { FundsModule } from './funds/funds.module';
import { HealthModule } from './health/health.module';
import { HouseholdsModule } from './households/households.module';
import { HrImportsModule } from './hr-imports/hr-imports.module';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { LoansModule } from './loans/loans.module';
import { MetricsModule } from './metrics/metrics.module';
import { OrgUnitsModule } from './org-units/org-units.module';
import { PolicyModule } from './policy/policy.module';
import { ProgramsModule } from './programs/programs.module';
import { ReassessmentsModule } from './reassessments/reassessments.module';
import { TasksModule } from './tasks/tasks.module';
import { TemporalClientModule } from './temporal/temporal-client.module';
import { UsersModule } from './users/users.module';
import { WorkersModule } from './workers/workers.module';

/** Infrastructure (config, logging, database, repositories, Temporal client, auth) and the feature modules. */
@Module({
  imports: [
    AppConfigModule,
    LoggingModule,
    DatabaseModule,
    FeaturesModule,
    TemporalClientModule,
    AuthModule,
    HealthModule,
    CodecModule,
    MetricsModule,
    WorkersModule,
    ProgramsModule,
    CasesModule,
    CampaignsModule,
    PairingModule,
    TuitionModule,
    DisclosureModule,
    HelpPlansModule,
    EvaluationModule,
    TasksModule,
    PolicyModule,
    FundsModule,
    FilesModule,
    HouseholdsModule,
    HrImportsModule,
    LoansModule,
    FinanceModule,
    LifecycleModule,
    ReassessmentsModule,
    AttachmentsModule,
    OrgUnitsModule,
    UsersModule,
    AuditApiModule,
  ],
})
export class AppModule {}
