import { Module } from '@nestjs/common';
import { AuditModule as AuditLibrary } from '../../../../libs/audit/audit.module';
import { OrgModule } from '../../../../libs/org/org.module';
import { OrgUnitsController } from './org-units.controller';
import { OrgUnitsService } from './org-units.service';

@Module({
  imports: [AuditLibrary, OrgModule],
  controllers: [OrgUnitsController],
  providers: [OrgUnitsService],
})
export class OrgUnitsModule {}
