import { Module } from '@nestjs/common';
import { WorkersController } from './workers.controller';
import { WorkersService } from './workers.service';
import { AuditModule as AuditLibrary } from '../../../../libs/audit/audit.module';
import { HouseholdsModule as HouseholdsLibrary } from '../../../../libs/households/households.module';

@Module({
  imports: [AuditLibrary, HouseholdsLibrary],
  controllers: [WorkersController],
  providers: [WorkersService],
})
export class WorkersModule {}
