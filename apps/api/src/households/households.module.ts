import { Module } from '@nestjs/common';
import { HouseholdsController } from './households.controller';
import { HouseholdsService } from './households.service';
import { AuditModule as AuditLibrary } from '../../../../libs/audit/audit.module';

@Module({
  imports: [AuditLibrary],
  controllers: [HouseholdsController],
  providers: [HouseholdsService],
})
export class HouseholdsModule {}
