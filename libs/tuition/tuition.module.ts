import { Module } from '@nestjs/common';
import { TuitionRepository } from './tuition.repository';

/** 金秋助学: claims per child and school year, the drive report. */
@Module({ providers: [TuitionRepository], exports: [TuitionRepository] })
export class TuitionModule {}
