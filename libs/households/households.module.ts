import { Module } from '@nestjs/common';
import { HouseholdsRepository } from './households.repository';

/** Households (家庭): derived size, figures over the income window. */
@Module({
  providers: [HouseholdsRepository],
  exports: [HouseholdsRepository],
})
export class HouseholdsModule {}
