import { Module } from '@nestjs/common';
import { ReassessmentsModule } from '../reassessments/reassessments.module';
import { PolicyController } from './policy.controller';
import { PolicyService } from './policy.service';
import { AuditModule as AuditLibrary } from '../../../../libs/audit/audit.module';
import { PolicyModule as PolicyLibrary } from '../../../../libs/policy/policy.module';

@Module({
  // publishing a policy starts the re-assessment of the localities whose 低保 changed
  imports: [AuditLibrary, PolicyLibrary, ReassessmentsModule],
  controllers: [PolicyController],
  providers: [PolicyService],
})
export class PolicyModule {}
