import { Module } from '@nestjs/common';
import { PolicyRepository } from './policy.repository';

/** The policy in force and the working-day calendar. */
@Module({
  providers: [PolicyRepository],
  exports: [PolicyRepository],
})
export class PolicyModule {}
