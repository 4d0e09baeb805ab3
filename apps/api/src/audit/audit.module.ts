import { Module } from '@nestjs/common';
import { AuditModule as AuditLibrary } from '../../../../libs/audit/audit.module';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/** The auditor's views of the audit log and the login log (read-only). */
@Module({
  imports: [AuditLibrary],
  controllers: [AuditController],
  providers: [AuditService],
})
export class AuditApiModule {}
