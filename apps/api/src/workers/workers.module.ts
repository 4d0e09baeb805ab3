import { Module } from '@nestjs/common';
import { WorkersController } from './workers.controller';
import { WorkersService } from './workers.service';
import { AuditModule as AuditLibrary } from '../../../../libs/audit/audit.module';

@Module({
  imports: [AuditLibrary],
  controllers: [WorkersController],
  providers: [WorkersService],
})
export class WorkersModule {}
