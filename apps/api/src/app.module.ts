import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { AppConfigModule } from '../../../libs/config/config.module';
import { DatabaseModule } from '../../../libs/database/database.module';
import { LoggingModule } from '../../../libs/logging/logging.module';
import { AuthModule } from './auth/auth.module';
import { CasesController } from './cases/cases.controller';
import { CasesService } from './cases/cases.service';
import { HealthController } from './health/health.controller';
import { HttpMetricsMiddleware, MetricsController } from './metrics/metrics';
import { ProgramsController } from './programs/programs.controller';
import { TasksController } from './tasks/tasks.controller';
import { TasksService } from './tasks/tasks.service';
import { TemporalClientModule } from './temporal/temporal-client.module';
import { FeaturesModule } from '../../../libs/features.module';
import { WorkersController } from './workers/workers.controller';
import { PolicyController } from './policy/policy.controller';
import { FundsController } from './funds/funds.controller';
import { FilesController } from './files/files.controller';
import { FilesService } from './files/files.service';
import { HouseholdsController } from './households/households.controller';
import { LoansController } from './loans/loans.controller';
import { LoansService } from './loans/loans.service';
import { RepaymentImportsService } from './loans/repayment-imports.service';
import { FinanceController } from './finance/finance.controller';
import { FinanceService } from './finance/finance.service';
import { EarlyWarningsController } from './lifecycle/early-warnings.controller';
import { EarlyWarningsService } from './lifecycle/early-warnings.service';
import { SubsidiesController } from './lifecycle/subsidies.controller';
import { FileLifecycleController, ReassessmentsController } from './reassessments/reassessments.controller';
import { ReassessmentsService } from './reassessments/reassessments.service';
import { AttachmentsController } from './attachments/attachments.controller';
import { AttachmentsService } from './attachments/attachments.service';

@Module({
  imports: [AppConfigModule, LoggingModule, DatabaseModule, FeaturesModule, TemporalClientModule, AuthModule],
  controllers: [
    HealthController,
    MetricsController,
    WorkersController,
    ProgramsController,
    CasesController,
    TasksController,
    PolicyController,
    FundsController,
    FilesController,
    HouseholdsController,
    LoansController,
    FinanceController,
    EarlyWarningsController,
    SubsidiesController,
    ReassessmentsController,
    FileLifecycleController,
    AttachmentsController,
  ],
  providers: [
    CasesService,
    TasksService,
    FilesService,
    LoansService,
    RepaymentImportsService,
    FinanceService,
    EarlyWarningsService,
    ReassessmentsService,
    AttachmentsService,
  ],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}
