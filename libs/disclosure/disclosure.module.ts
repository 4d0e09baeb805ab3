import { Module } from '@nestjs/common';
import { DisclosureRepository } from './disclosure.repository';

/** Disclosure (公开): recipients and fund usage, read from the ledger. */
@Module({ providers: [DisclosureRepository], exports: [DisclosureRepository] })
export class DisclosureModule {}
