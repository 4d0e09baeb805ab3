import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { PolicyModule } from '../policy/policy.module';
import { HouseholdsModule } from '../households/households.module';
import { FilesRepository } from './files.repository';

/** Hardship files (困难职工档案). */
@Module({
  imports: [AuditModule, PolicyModule, HouseholdsModule],
  providers: [FilesRepository],
  exports: [FilesRepository],
})
export class FilesModule {}
