import { Module } from '@nestjs/common';
import { DisclosureModule as DisclosureLibrary } from '../../../../libs/disclosure/disclosure.module';
import { PolicyModule as PolicyLibrary } from '../../../../libs/policy/policy.module';
import { DisclosureController } from './disclosure.controller';
import { DisclosureService } from './disclosure.service';

/** Disclosure (公开). */
@Module({
  imports: [DisclosureLibrary, PolicyLibrary],
  controllers: [DisclosureController],
  providers: [DisclosureService],
})
export class DisclosureModule {}
