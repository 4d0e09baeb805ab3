import { Module } from '@nestjs/common';
import { AuditRepository } from './audit.repository';

/** The append-only audit log (and writeStatus, the one status write, in status.ts). */
@Module({
  providers: [AuditRepository],
  exports: [AuditRepository],
})
export class AuditModule {}
