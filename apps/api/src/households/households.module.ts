import { Module } from '@nestjs/common';
import { HouseholdsController } from './households.controller';
import { HouseholdsService } from './households.service';
import { AuditModule as AuditLibrary } from '../../../../libs/audit/audit.module';
import { HouseholdsModule as HouseholdsLibrary } from '../../../../libs/households/households.module';
import { PolicyModule as PolicyLibrary } from '../../../../libs/policy/policy.module';

@Module({
  imports: [AuditLibrary, HouseholdsLibrary, PolicyLibrary],
  controllers: [HouseholdsController],
  providers: [HouseholdsService],
})
export class HouseholdsModule {}
