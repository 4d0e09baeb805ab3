import { Module } from '@nestjs/common';
import { AuditQueryRepository } from './audit-query.repository';
import { AuditRepository } from './audit.repository';

/** The append-only audit log (and writeStatus, the one status write, in status.ts); its reads for auditors. */
@Module({
  providers: [AuditRepository, AuditQueryRepository],
  exports: [AuditRepository, AuditQueryRepository],
})
export class AuditModule {}
