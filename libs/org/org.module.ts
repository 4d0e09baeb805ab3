import { Module } from '@nestjs/common';
import { OrgRepository } from './org.repository';

/** The org tree (组织架构). */
@Module({
  providers: [OrgRepository],
  exports: [OrgRepository],
})
export class OrgModule {}
