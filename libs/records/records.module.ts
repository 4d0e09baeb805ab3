import { Module } from '@nestjs/common';
import { CaseRecordsService } from './case-records.service';

/** Services that write the read model; used by activities (worker) only. */
@Module({ providers: [CaseRecordsService], exports: [CaseRecordsService] })
export class RecordsModule {}
