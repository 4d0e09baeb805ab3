import { Module } from '@nestjs/common';
import { AuditModule as AuditLibrary } from '../../../../libs/audit/audit.module';
import { CodecController } from './codec.controller';
import { CodecService } from './codec.service';

@Module({
  imports: [AuditLibrary],
  controllers: [CodecController],
  providers: [CodecService],
})
export class CodecModule {}
