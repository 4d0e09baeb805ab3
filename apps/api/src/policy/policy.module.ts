import { Module } from '@nestjs/common';
import { ReassessmentsModule } from '../reassessments/reassessments.module';
import { PolicyController } from './policy.controller';
import { PolicyService } from './policy.service';

@Module({
  // publishing a policy starts the re-assessment of the localities whose 低保 changed
  imports: [ReassessmentsModule],
  controllers: [PolicyController],
  providers: [PolicyService],
})
export class PolicyModule {}
